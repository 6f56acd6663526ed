import { type Flag, makeFlag } from "../flags.js";
import type { ReceivedFrame } from "../inputs.js";
import { compareText } from "../ordering.js";
import type { ReplayParams } from "../params.js";
import { type Example, Findings, timeText } from "./findings.js";

export type ReplayCode =
  | "REPLAY_SEQ_CONFLICT"
  | "REPLAY_SEQ_REPEATED"
  | "REPLAY_SESSION_REAPPEARED"
  | "REPLAY_SAMPLE_TIME_BACKWARDS"
  | "REPLAY_SAMPLE_TIME_FUTURE";

const frameKey = (f: Pick<ReceivedFrame, "gw" | "sess" | "seq">) => `${f.gw}\u0000${f.sess}\u0000${f.seq}`;

/** The key under which the replay check knows a frame: gateway, session and seq. */
export const replayFrameKey = frameKey;

/** The order frames are checked in: receipt, then gateway, session, seq and digest. */
export function byReceipt(a: ReceivedFrame, b: ReceivedFrame): number {
  return (
    a.receivedAt - b.receivedAt ||
    compareText(a.gw, b.gw) ||
    compareText(a.sess, b.sess) ||
    a.seq - b.seq ||
    compareText(a.digest, b.digest)
  );
}

/** A gateway session as the replay check ranks it: its earliest signing time and first receipt. */
export interface SessionStart {
  readonly gw: string;
  readonly sess: string;
  readonly firstTs: number;
  readonly firstReceivedAt: number;
}

/** Each session's start over the frames given (any order). */
export function sessionStarts(frames: readonly ReceivedFrame[]): SessionStart[] {
  const sessions = new Map<string, { gw: string; sess: string; firstTs: number; firstReceivedAt: number }>();
  for (const f of frames) {
    const key = `${f.gw}\u0000${f.sess}`;
    const seen = sessions.get(key);
    if (seen === undefined)
      sessions.set(key, { gw: f.gw, sess: f.sess, firstTs: f.ts, firstReceivedAt: f.receivedAt });
    else {
      seen.firstTs = Math.min(seen.firstTs, f.ts);
      seen.firstReceivedAt = Math.min(seen.firstReceivedAt, f.receivedAt);
    }
  }
  return [...sessions.values()];
}

/**
 * Sessions of one gateway in the order the agent ran them: by the signing time of their first
 * frame (`ts`), then first receipt. The agent's spool is FIFO, so an honest gateway's frames
 * arrive session after session.
 */
export function sessionRanks(sessions: readonly SessionStart[]): Map<string, number> {
  const ordered = [...sessions].sort(
    (a, b) => a.firstTs - b.firstTs || a.firstReceivedAt - b.firstReceivedAt || compareText(a.sess, b.sess),
  );
  return new Map(ordered.map((s, index) => [`${s.gw}\u0000${s.sess}`, index]));
}

/** One device's occurrences of one replay code: the count and the first examples. */
export interface ReplayFinding {
  device: string;
  code: ReplayCode;
  count: number;
  /** Where each occurrence was: frame, signal and times (text and numbers only). */
  examples: Record<string, string | number>[];
}

/**
 * INDICATORS §5 replay / duplication, over the verified data frames of the period in receipt
 * order (`byReceipt`), one frame at a time:
 * - a repeated (session, seq): with other signed bytes (`REPLAY_SEQ_CONFLICT`), or the same bytes
 *   received again after `redeliveryWindowMs` (`REPLAY_SEQ_REPEATED`); a copy inside the window
 *   is an at-least-once redelivery and is ignored altogether;
 * - a session that reappears after a later one of the same gateway (`REPLAY_SESSION_REAPPEARED`);
 * - sample timestamps going backwards within a series, by more than `backwardsToleranceMs`
 *   (`REPLAY_SAMPLE_TIME_BACKWARDS`), or beyond `maxClockSkewMs` after receipt
 *   (`REPLAY_SAMPLE_TIME_FUTURE`).
 * Samples are read as the frame log keeps them: per device, per signal, times in sample order.
 * One finding per device and code, with the count and the first examples.
 *
 * The fold holds what later frames are judged against — the series' latest times, each gateway's
 * latest session, the first copy of a frame — not the frames: a frame log too long to hold is
 * streamed through it. `repeatedKeys`, when given, names the only (gateway, session, seq) keys
 * received more than once; the first copy of any other frame need not be kept.
 */
export class ReplayFold {
  readonly #ranks: ReadonlyMap<string, number>;
  readonly #params: ReplayParams;
  readonly #repeatedKeys: ReadonlySet<string> | undefined;
  readonly #firstCopy = new Map<string, { digest: string; receivedAt: number }>();
  readonly #latestSession = new Map<string, { sess: string; rank: number }>();
  readonly #seriesMax = new Map<string, number>();
  readonly #findings: Findings<ReplayCode>;

  constructor(
    ranks: ReadonlyMap<string, number>,
    params: ReplayParams,
    maxExamples: number,
    repeatedKeys?: ReadonlySet<string>,
  ) {
    this.#ranks = ranks;
    this.#params = params;
    this.#repeatedKeys = repeatedKeys;
    this.#findings = new Findings<ReplayCode>(maxExamples);
  }

  add(frame: ReceivedFrame): void {
    const params = this.#params;
    const findings = this.#findings;
    const key = frameKey(frame);
    const original = this.#firstCopy.get(key);
    const where = { gw: frame.gw, sess: frame.sess, seq: frame.seq, receivedAt: frame.receivedAt };
    const devices = frame.devices.map((d) => d.dev);
    if (original === undefined) {
      if (this.#repeatedKeys === undefined || this.#repeatedKeys.has(key))
        this.#firstCopy.set(key, { digest: frame.digest, receivedAt: frame.receivedAt });
    } else if (original.digest !== frame.digest) {
      for (const d of devices)
        findings.add(d, "REPLAY_SEQ_CONFLICT", { ...where, firstReceivedAt: original.receivedAt });
    } else if (frame.receivedAt - original.receivedAt > params.redeliveryWindowMs) {
      for (const d of devices)
        findings.add(d, "REPLAY_SEQ_REPEATED", { ...where, firstReceivedAt: original.receivedAt });
    } else {
      return;
    }
    const rank = this.#ranks.get(`${frame.gw}\u0000${frame.sess}`) ?? 0;
    const latest = this.#latestSession.get(frame.gw);
    if (latest !== undefined && latest.rank > rank) {
      for (const d of devices)
        findings.add(d, "REPLAY_SESSION_REAPPEARED", { ...where, laterSession: latest.sess });
    } else {
      this.#latestSession.set(frame.gw, { sess: frame.sess, rank });
    }
    for (const { dev, times } of frame.devices) {
      const occurrences: { code: ReplayCode; t: number; example: Example }[] = [];
      for (const [signal, signalTimes] of Object.entries(times)) {
        const seriesKey = `${dev}\u0000${signal}`;
        let max = this.#seriesMax.get(seriesKey);
        for (const t of signalTimes) {
          if (t > frame.receivedAt + params.maxClockSkewMs) {
            occurrences.push({ code: "REPLAY_SAMPLE_TIME_FUTURE", t, example: { ...where, signal, t } });
          }
          if (max !== undefined && t < max - params.backwardsToleranceMs) {
            occurrences.push({
              code: "REPLAY_SAMPLE_TIME_BACKWARDS",
              t,
              example: { ...where, signal, t, after: max },
            });
          }
          if (max === undefined || t > max) max = t;
        }
        if (max !== undefined) this.#seriesMax.set(seriesKey, max);
      }
      // The frame log keeps times grouped by signal; the agent sends a device's samples in poll
      // order. A stable sort by time restores that chronology, so the examples kept are the
      // frame's earliest occurrences, as when the check read whole samples. Only samples stamped
      // at one instant may be listed in another order (by their signal's first sample in the
      // frame): the grouping loses the order within a poll, which says nothing.
      occurrences.sort((a, b) => a.t - b.t);
      for (const { code, example } of occurrences) findings.add(dev, code, example);
    }
  }

  findings(): ReplayFinding[] {
    return this.#findings.entries().map((f) => ({
      ...f,
      examples: f.examples.map((e) =>
        Object.fromEntries(
          Object.entries(e).filter(
            (kv): kv is [string, string | number] => typeof kv[1] === "string" || typeof kv[1] === "number",
          ),
        ),
      ),
    }));
  }
}

/** The replay flags of the findings a `ReplayFold` made. */
export function replayFlags(findings: readonly ReplayFinding[], params: ReplayParams): Flag[] {
  return findings.map(({ device, code, count, examples }) =>
    makeFlag(code, device, describe(code, device, count, examples[0] ?? {}, params), {
      count,
      examples: [...examples],
    }),
  );
}

/** INDICATORS §5 replay / duplication over frames held in memory (any order); see `ReplayFold`. */
export function checkReplay(
  frames: readonly ReceivedFrame[],
  params: ReplayParams,
  maxExamples: number,
): Flag[] {
  const sorted = [...frames].sort(byReceipt);
  const fold = new ReplayFold(sessionRanks(sessionStarts(sorted)), params, maxExamples);
  for (const frame of sorted) fold.add(frame);
  return replayFlags(fold.findings(), params);
}

function describe(
  code: ReplayCode,
  device: string,
  count: number,
  first: Example,
  params: ReplayParams,
): string {
  const at = timeText;
  const frame = `session ${String(first.sess)} seq ${String(first.seq)} from gateway "${String(first.gw)}"`;
  switch (code) {
    case "REPLAY_SEQ_CONFLICT":
      return `${count} frame(s) carrying data of "${device}" reuse a session and sequence number with different content (first: ${frame}).`;
    case "REPLAY_SEQ_REPEATED":
      return `${count} frame(s) carrying data of "${device}" were received again more than ${params.redeliveryWindowMs / 60_000} min after their first copy (first: ${frame}, first received ${at(first.firstReceivedAt)}, again ${at(first.receivedAt)}).`;
    case "REPLAY_SESSION_REAPPEARED":
      return `${count} frame(s) carrying data of "${device}" came from an old gateway session after the newer session ${String(first.laterSession)} had started (first: ${frame}).`;
    case "REPLAY_SAMPLE_TIME_BACKWARDS":
      return `${count} sample(s) of "${device}" went back in time within their signal (first: ${String(first.signal)} at ${at(first.t)} after ${at(first.after)}).`;
    case "REPLAY_SAMPLE_TIME_FUTURE":
      return `${count} sample(s) of "${device}" are stamped more than ${params.maxClockSkewMs / 1000} s after they were received (first: ${String(first.signal)} at ${at(first.t)}, received ${at(first.receivedAt)}).`;
  }
}
