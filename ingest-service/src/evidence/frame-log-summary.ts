import type { StatusEvent } from "@onramp/contract";
import { IngestError } from "../errors.js";
import {
  byReceipt,
  type DeviceRecord,
  deviceHeartbeatMs,
  type IndicatorParams,
  type Period,
  type PresenceEvent,
  ReplayFold,
  type ReplaySummary,
  registrationWindow,
  replayFrameKey,
  sessionRanks,
} from "../indicators/index.js";
import { compareText } from "../indicators/ordering.js";
import { decodeSampleTimes, devicesAliveIn } from "../state/frame-log.js";
import type { Device } from "../state/registry.js";
import type { SqlExecutor } from "../state/sql-client.js";

/**
 * Bounds of a summarised frame log: what the summary holds in memory grows with these, not with
 * the frames. A period past them is refused with `ONRAMP_PERIOD_TOO_LONG`.
 */
export const SUMMARY_LIMITS = {
  /** Frames other than data (births, deaths, status): each is a presence event of the report. */
  maxOtherFrames: 250_000,
  /** Frames received more than once: the first copy of each is kept to judge the others. */
  maxRepeatedFrames: 250_000,
  maxSessions: 100_000,
  /** Data frames read per query. */
  pageSize: 10_000,
} as const;

const STATUS_KIND = {
  connected: "status-connected",
  disconnected: "status-disconnected",
  error: "status-error",
} as const;

/** A frame-log row as the report reads it. */
export interface LogRow {
  gw: string;
  kind: string;
  sess: string;
  seq: number;
  ts: number;
  receivedAt: number;
  digest: string;
  /** Data frames: their sample times as `encodeSampleTimes` stored them; status frames: their events. */
  devices: unknown;
}

export interface FrameLogRange {
  ent: string;
  /** The history's start: the frame log is read from here to `period.to`. */
  since: number;
  period: Period;
}

/**
 * The frame log of a range as the report needs it, without holding its frames: presence with
 * each device's frames folded into runs, and the replay check's findings, streamed page by page.
 *
 * The result is the report's, exactly: a run of frames reads in presence as its frames would
 * (`PresenceEvent.until`), because a run never has two consecutive frames further apart than the
 * device's stale threshold, never has another event of the device between two of its frames, and
 * never crosses an edge of the period or of the device's registration window (so frames counted
 * in a window stay exact); the replay check is the same fold over the same frames in the same
 * order (`ReplayFold`), with the session ranks and the frames received twice found in SQL first.
 */
export async function summariseFrameLog(
  sql: SqlExecutor,
  range: FrameLogRange,
  registry: readonly Device[],
  devices: readonly DeviceRecord[],
  params: IndicatorParams,
): Promise<{ presence: PresenceEvent[]; replay: ReplaySummary }> {
  const repeated = await repeatedFrames(sql, range);
  const repeatedKeys = new Set(repeated.map((r) => replayFrameKey(r)));
  const firstCopies = new FirstCopies(repeatedKeys);
  const known = new Set(registry.map((d) => d.id));
  const others = await otherEvents(sql, range, registry, known, firstCopies);
  const runs = new FrameRuns(devices, others, range.period, params);
  const fold = new ReplayFold(
    sessionRanks(await sessionStarts(sql, range)),
    params.replay,
    params.evidence.maxExamples,
    repeatedKeys,
  );
  let frames = 0;
  for await (const rows of dataFramesByReceipt(sql, range)) {
    for (const row of rows) {
      frames++;
      fold.add({
        receivedAt: row.receivedAt,
        digest: row.digest,
        gw: row.gw,
        sess: row.sess,
        seq: row.seq,
        ts: row.ts,
        devices: decodeSampleTimes(row.devices),
      });
      // Only the first copy of a frame is a sign of life: a replayed copy must not keep a device
      // online. And only for the devices with a good sample with a value in it (INDICATORS §4).
      if (!firstCopies.isFirst(row)) continue;
      for (const dev of devicesAliveIn(row.devices))
        if (known.has(dev)) runs.add(dev, row.gw, row.receivedAt);
    }
  }
  return {
    presence: [...others, ...runs.events()].sort(
      (a, b) =>
        a.at - b.at ||
        compareText(a.device, b.device) ||
        compareText(a.kind, b.kind) ||
        compareText(a.gateway ?? "", b.gateway ?? ""),
    ),
    replay: { frames, findings: fold.findings(), repeated },
  };
}

/** Frames received more than once in the range, any kind: their key and first receipt. */
async function repeatedFrames(sql: SqlExecutor, range: FrameLogRange): Promise<ReplaySummary["repeated"]> {
  const rows = await sql.query<{ gw: string; sess: string; seq: number; firstReceivedAt: number }>(
    `SELECT gw, sess, seq, MIN(received_at) AS "firstReceivedAt" FROM frame_log
     WHERE ent = $1 AND received_at >= $2 AND received_at < $3
     GROUP BY gw, sess, seq HAVING COUNT(*) > 1 ORDER BY 4, 1, 2, 3 LIMIT $4`,
    [range.ent, range.since, range.period.to, SUMMARY_LIMITS.maxRepeatedFrames + 1],
  );
  refuseOver(rows.length, SUMMARY_LIMITS.maxRepeatedFrames, "frames received more than once");
  return rows.map((r) => ({
    gw: r.gw,
    sess: r.sess,
    seq: Number(r.seq),
    firstReceivedAt: Number(r.firstReceivedAt),
  }));
}

/** Which copy of a repeated frame is its first; a frame received once always is. */
class FirstCopies {
  readonly #repeated: ReadonlySet<string>;
  readonly #seen = new Set<string>();

  constructor(repeated: ReadonlySet<string>) {
    this.#repeated = repeated;
  }

  isFirst(row: Pick<LogRow, "gw" | "sess" | "seq">): boolean {
    const key = replayFrameKey(row);
    if (!this.#repeated.has(key)) return true;
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    return true;
  }
}

async function sessionStarts(sql: SqlExecutor, range: FrameLogRange) {
  const rows = await sql.query<{ gw: string; sess: string; firstTs: number; firstReceivedAt: number }>(
    `SELECT gw, sess, MIN(ts) AS "firstTs", MIN(received_at) AS "firstReceivedAt" FROM frame_log
     WHERE ent = $1 AND kind = 'data' AND received_at >= $2 AND received_at < $3 GROUP BY gw, sess LIMIT $4`,
    [range.ent, range.since, range.period.to, SUMMARY_LIMITS.maxSessions + 1],
  );
  refuseOver(rows.length, SUMMARY_LIMITS.maxSessions, "gateway sessions");
  return rows.map((r) => ({ ...r, firstTs: Number(r.firstTs), firstReceivedAt: Number(r.firstReceivedAt) }));
}

/** Presence events of births, deaths and status frames (first copies), as the full loader makes them. */
async function otherEvents(
  sql: SqlExecutor,
  range: FrameLogRange,
  registry: readonly Device[],
  known: ReadonlySet<string>,
  firstCopies: FirstCopies,
): Promise<PresenceEvent[]> {
  const rows = await sql.query<LogRow>(
    `SELECT gw, kind, sess, seq, ts, received_at AS "receivedAt", digest, devices FROM frame_log
     WHERE ent = $1 AND kind <> 'data' AND received_at >= $2 AND received_at < $3
     ORDER BY received_at, gw, sess, seq LIMIT $4`,
    [range.ent, range.since, range.period.to, SUMMARY_LIMITS.maxOtherFrames + 1],
  );
  refuseOver(rows.length, SUMMARY_LIMITS.maxOtherFrames, "births, deaths and status frames");
  return rows.filter((row) => firstCopies.isFirst(row)).flatMap((row) => eventsOfFrame(row, registry, known));
}

/** The presence events of one frame that is not data (the full loader's rule, shared with it). */
export function eventsOfFrame(
  row: Pick<LogRow, "gw" | "kind" | "receivedAt" | "devices">,
  registry: readonly Device[],
  known: ReadonlySet<string>,
): PresenceEvent[] {
  if (row.kind === "status") {
    return (row.devices as StatusEvent[])
      .filter((e) => known.has(e.dev))
      .map((e) => ({
        device: e.dev,
        at: Math.min(e.t, row.receivedAt),
        kind: STATUS_KIND[e.state],
        gateway: row.gw,
        ...(e.cause === undefined ? {} : { cause: e.cause }),
      }));
  }
  if (row.kind === "death" || row.kind === "birth") {
    return registry
      .filter((d) => d.gw === row.gw)
      .map((d) => ({
        device: d.id,
        at: row.receivedAt,
        kind: row.kind === "death" ? ("death" as const) : ("gateway-online" as const),
        gateway: row.gw,
      }));
  }
  return [];
}

/**
 * Data frames of the range in the replay check's order (`byReceipt`), a page at a time. Pages
 * end between two receipt instants, so frames received at one instant are ordered together.
 */
async function* dataFramesByReceipt(sql: SqlExecutor, range: FrameLogRange): AsyncGenerator<LogRow[]> {
  // The times as text, parsed here: PGlite hands a page over 2.5 times faster than as json.
  const select = `SELECT gw, kind, sess, seq, ts, received_at AS "receivedAt", digest, devices::text AS devices
     FROM frame_log WHERE ent = $1 AND kind = 'data'`;
  const ordered = (rows: LogRow[]) =>
    rows
      .map((r) => ({
        ...r,
        seq: Number(r.seq),
        ts: Number(r.ts),
        receivedAt: Number(r.receivedAt),
        devices: JSON.parse(r.devices as string) as unknown,
      }))
      .sort((a, b) => byReceipt({ ...a, devices: [] }, { ...b, devices: [] }));
  let cursor = range.since;
  while (cursor < range.period.to) {
    const page = await sql.query<LogRow>(
      `${select} AND received_at >= $2 AND received_at < $3 ORDER BY received_at LIMIT $4`,
      [range.ent, cursor, range.period.to, SUMMARY_LIMITS.pageSize],
    );
    if (page.length < SUMMARY_LIMITS.pageSize) {
      yield ordered(page);
      return;
    }
    const last = Number((page.at(-1) as LogRow).receivedAt);
    const before = page.filter((r) => Number(r.receivedAt) < last);
    if (before.length > 0) {
      yield ordered(before);
      cursor = last;
    } else {
      // A whole page received at one instant: that instant's frames, all of them, then on.
      yield ordered(await sql.query<LogRow>(`${select} AND received_at = $2`, [range.ent, last]));
      cursor = last + 1;
    }
  }
}

interface OpenRun {
  gateway: string;
  at: number;
  until: number;
  frames: number;
}

/**
 * Each device's frames, per gateway, folded into runs a frame at a time (frames come in receipt
 * order). A frame joins the open run of its device and gateway only if presence could not tell
 * the difference: it follows the run's last frame by less than the device's stale threshold, no
 * other event of the device lies between them, and no window edge does.
 */
class FrameRuns {
  readonly #staleAfterMs = new Map<string, number>();
  /** Per device, sorted: the times of its other events, and the edges of its window and the period. */
  readonly #events = new Map<string, number[]>();
  readonly #edges = new Map<string, number[]>();
  readonly #open = new Map<string, OpenRun>();
  readonly #closed: PresenceEvent[] = [];

  constructor(
    devices: readonly DeviceRecord[],
    others: readonly PresenceEvent[],
    period: Period,
    params: IndicatorParams,
  ) {
    for (const device of devices) {
      this.#staleAfterMs.set(
        device.id,
        params.presence.staleAfterHeartbeats * deviceHeartbeatMs(device, params.presence),
      );
      const window = registrationWindow(device, period);
      this.#edges.set(
        device.id,
        [period.from, period.to, ...(window === null ? [] : [window.from, window.to])].sort((a, b) => a - b),
      );
      this.#events.set(device.id, []);
    }
    for (const event of others) this.#events.get(event.device)?.push(event.at);
    for (const times of this.#events.values()) times.sort((a, b) => a - b);
  }

  add(device: string, gateway: string, at: number): void {
    const key = `${device}\u0000${gateway}`;
    const run = this.#open.get(key);
    if (run !== undefined && at >= run.until && this.#joins(device, run.until, at)) {
      run.until = at;
      run.frames++;
      return;
    }
    if (run !== undefined) this.#close(device, run);
    this.#open.set(key, { gateway, at, until: at, frames: 1 });
  }

  events(): PresenceEvent[] {
    for (const [key, run] of this.#open) this.#close(key.slice(0, key.indexOf("\u0000")), run);
    this.#open.clear();
    return this.#closed;
  }

  #joins(device: string, last: number, next: number): boolean {
    const staleAfterMs = this.#staleAfterMs.get(device);
    if (staleAfterMs === undefined || next - last >= staleAfterMs) return false;
    // Another event at the run's last instant sorts after that frame (frames first at one instant),
    // so it lies between the two frames; one at `next` sorts after the new frame and does not.
    const events = this.#events.get(device) ?? [];
    const event = events[firstAtOrAfter(events, last)];
    if (event !== undefined && event < next) return false;
    // A window counts the frames at or after its start: an edge at `next` puts the new frame
    // on the other side of it from the run, an edge at `last` does not.
    const edges = this.#edges.get(device) ?? [];
    const edge = edges[firstAtOrAfter(edges, last + 1)];
    return edge === undefined || edge > next;
  }

  #close(device: string, run: OpenRun): void {
    this.#closed.push(
      run.frames === 1
        ? { device, at: run.at, kind: "frame", gateway: run.gateway }
        : { device, at: run.at, kind: "frame", gateway: run.gateway, until: run.until, frames: run.frames },
    );
  }
}

/** The index of the first of the sorted `times` at or after `t` (its length if none is). */
function firstAtOrAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function refuseOver(count: number, limit: number, what: string): void {
  if (count > limit)
    throw new IngestError(
      "ONRAMP_PERIOD_TOO_LONG",
      `more than ${limit} ${what} in the period; ask for a shorter one`,
    );
}
