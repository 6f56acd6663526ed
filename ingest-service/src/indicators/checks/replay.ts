import type { Flag } from "../flags.js";
import type { ReceivedFrame } from "../inputs.js";
import { compareText } from "../ordering.js";
import type { ReplayParams } from "../params.js";
import { type Example, Findings, timeText } from "./findings.js";

type ReplayCode =
  | "REPLAY_SEQ_CONFLICT"
  | "REPLAY_SEQ_REPEATED"
  | "REPLAY_SESSION_REAPPEARED"
  | "REPLAY_SAMPLE_TIME_BACKWARDS"
  | "REPLAY_SAMPLE_TIME_FUTURE";

const frameKey = (f: ReceivedFrame) => `${f.gw}\u0000${f.sess}\u0000${f.seq}`;

function byReceipt(a: ReceivedFrame, b: ReceivedFrame): number {
  return (
    a.receivedAt - b.receivedAt ||
    compareText(a.gw, b.gw) ||
    compareText(a.sess, b.sess) ||
    a.seq - b.seq ||
    compareText(a.digest, b.digest)
  );
}

/**
 * Sessions of one gateway in the order the agent ran them: by the signing time of their first
 * frame (`ts`), then first receipt. The agent's spool is FIFO, so an honest gateway's frames
 * arrive session after session.
 */
function sessionOrder(sorted: readonly ReceivedFrame[]): Map<string, number> {
  const sessions = new Map<string, { sess: string; firstTs: number; firstReceivedAt: number }>();
  for (const f of sorted) {
    const key = `${f.gw}\u0000${f.sess}`;
    const seen = sessions.get(key);
    if (seen === undefined) sessions.set(key, { sess: f.sess, firstTs: f.ts, firstReceivedAt: f.receivedAt });
    else seen.firstTs = Math.min(seen.firstTs, f.ts);
  }
  const ordered = [...sessions.entries()].sort(
    ([, a], [, b]) =>
      a.firstTs - b.firstTs || a.firstReceivedAt - b.firstReceivedAt || compareText(a.sess, b.sess),
  );
  return new Map(ordered.map(([key], index) => [key, index]));
}

/**
 * INDICATORS §5 replay / duplication, over the verified data frames of the period in receipt
 * order:
 * - a repeated (session, seq): with other signed bytes (`REPLAY_SEQ_CONFLICT`), or the same bytes
 *   received again after `redeliveryWindowMs` (`REPLAY_SEQ_REPEATED`); a copy inside the window
 *   is an at-least-once redelivery and is ignored altogether;
 * - a session that reappears after a later one of the same gateway (`REPLAY_SESSION_REAPPEARED`);
 * - sample timestamps going backwards within a series, by more than `backwardsToleranceMs`
 *   (`REPLAY_SAMPLE_TIME_BACKWARDS`), or beyond `maxClockSkewMs` after receipt
 *   (`REPLAY_SAMPLE_TIME_FUTURE`).
 * Samples are read as the frame log keeps them: per device, per signal, times in sample order.
 * One flag per device and code, with the count and the first examples.
 */
export function checkReplay(
  frames: readonly ReceivedFrame[],
  params: ReplayParams,
  maxExamples: number,
): Flag[] {
  const sorted = [...frames].sort(byReceipt);
  const order = sessionOrder(sorted);
  const firstCopy = new Map<string, ReceivedFrame>();
  const latestSession = new Map<string, { sess: string; rank: number }>();
  const seriesMax = new Map<string, number>();
  const findings = new Findings<ReplayCode>(maxExamples);
  for (const frame of sorted) {
    const key = frameKey(frame);
    const original = firstCopy.get(key);
    const where = { gw: frame.gw, sess: frame.sess, seq: frame.seq, receivedAt: frame.receivedAt };
    const devices = frame.devices.map((d) => d.dev);
    if (original === undefined) {
      firstCopy.set(key, frame);
    } else if (original.digest !== frame.digest) {
      for (const d of devices)
        findings.add(d, "REPLAY_SEQ_CONFLICT", { ...where, firstReceivedAt: original.receivedAt });
    } else if (frame.receivedAt - original.receivedAt > params.redeliveryWindowMs) {
      for (const d of devices)
        findings.add(d, "REPLAY_SEQ_REPEATED", { ...where, firstReceivedAt: original.receivedAt });
    } else {
      continue;
    }
    const rank = order.get(`${frame.gw}\u0000${frame.sess}`) ?? 0;
    const latest = latestSession.get(frame.gw);
    if (latest !== undefined && latest.rank > rank) {
      for (const d of devices)
        findings.add(d, "REPLAY_SESSION_REAPPEARED", { ...where, laterSession: latest.sess });
    } else {
      latestSession.set(frame.gw, { sess: frame.sess, rank });
    }
    for (const { dev, times } of frame.devices) {
      const occurrences: { code: ReplayCode; t: number; example: Example }[] = [];
      for (const [signal, signalTimes] of Object.entries(times)) {
        const seriesKey = `${dev}\u0000${signal}`;
        let max = seriesMax.get(seriesKey);
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
        if (max !== undefined) seriesMax.set(seriesKey, max);
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
  return findings.toFlags((code, device, count, first) => describe(code, device, count, first, params));
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
