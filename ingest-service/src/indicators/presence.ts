import type { PresenceEvent, PresenceEventKind } from "./inputs.js";
import { type Interval, totalLength } from "./intervals.js";
import { compareText } from "./ordering.js";
import type { PresenceParams } from "./params.js";

/** INDICATORS §3 device presence states. */
export type PresenceStatus = "online" | "stale" | "offline" | "never";

/** Why a device is in its state; stable codes for the dashboard. */
export type PresenceCause =
  | "FRAMES_ARRIVING"
  | "FRAMES_LATE"
  | "FRAMES_STOPPED"
  | "DEVICE_DISCONNECTED"
  | "GATEWAY_DEATH"
  | "NO_VALID_FRAME";

export interface PresenceInterval extends Interval {
  readonly status: PresenceStatus;
  readonly cause: PresenceCause;
  /** The agent's error code behind a disconnect or late frames, or the gateway that died. */
  readonly detail: string | null;
}

/**
 * Order of events at the same instant: a frame first, so a death or disconnect stamped with the
 * same millisecond (the last will follows the last data) wins.
 */
const KIND_RANK: Record<PresenceEventKind, number> = {
  frame: 0,
  "status-connected": 1,
  "status-error": 2,
  "status-disconnected": 3,
  "gateway-online": 4,
  "gateway-offline": 5,
  death: 6,
};

export function sortPresenceEvents(events: readonly PresenceEvent[]): PresenceEvent[] {
  return [...events].sort(
    (a, b) =>
      a.at - b.at ||
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      compareText(a.cause?.code ?? "", b.cause?.code ?? "") ||
      compareText(a.gateway ?? "", b.gateway ?? ""),
  );
}

interface DeviceState {
  lastFrame: number | null;
  /** Inside a run of frames (a `frame` event with `until`): online until its last frame. */
  runUntil: number | null;
  /** Set by a death or disconnect after the last frame; only a new frame clears it. */
  offline: { cause: "DEVICE_DISCONNECTED" | "GATEWAY_DEATH"; detail: string | null } | null;
  lastError: string | null;
}

function applyEvent(state: DeviceState, event: PresenceEvent): void {
  switch (event.kind) {
    case "frame":
      state.lastFrame = event.at;
      state.offline = null;
      if (event.until !== undefined) state.runUntil = Math.max(state.runUntil ?? event.until, event.until);
      return;
    case "status-disconnected":
      if (state.lastFrame !== null)
        state.offline = { cause: "DEVICE_DISCONNECTED", detail: event.cause?.code ?? null };
      return;
    case "death":
      if (state.lastFrame !== null) state.offline = { cause: "GATEWAY_DEATH", detail: event.gateway ?? null };
      return;
    case "status-error":
      state.lastError = event.cause?.code ?? null;
      return;
    case "status-connected":
      state.lastError = null;
      return;
    // A live gateway says nothing about the machine behind it: only a frame makes it online.
    case "gateway-online":
    case "gateway-offline":
      return;
  }
}

interface Thresholds {
  staleAfterMs: number;
  offlineAfterMs: number;
}

function thresholdsOf(heartbeatMs: number, params: PresenceParams): Thresholds {
  return {
    staleAfterMs: params.staleAfterHeartbeats * heartbeatMs,
    offlineAfterMs: params.offlineAfterHeartbeats * heartbeatMs,
  };
}

/**
 * A run of frames (`until`) as two events: its first frame, which opens the run, and its last,
 * from which the stale and offline thresholds count.
 */
function expandRuns(events: readonly PresenceEvent[]): PresenceEvent[] {
  if (!events.some((e) => e.until !== undefined)) return [...events];
  return events.flatMap((e) => {
    if (e.until === undefined) return [e];
    const { until, frames: _frames, ...last } = e;
    return [e, { ...last, at: until }];
  });
}

/** How many frames a `frame` event stands for: one, or the frames of its run. */
export function framesOf(event: PresenceEvent): number {
  return event.kind === "frame" ? (event.frames ?? 1) : 0;
}

/** INDICATORS §3: the state at instant t given everything that happened at or before t. */
function statusOf(
  state: DeviceState,
  t: number,
  thresholds: Thresholds,
): Omit<PresenceInterval, "from" | "to"> {
  if (state.lastFrame === null) return { status: "never", cause: "NO_VALID_FRAME", detail: null };
  if (state.offline !== null) return { status: "offline", ...state.offline };
  // Inside a run every moment is within the stale threshold of one of its frames.
  if (state.runUntil !== null && t < state.runUntil)
    return { status: "online", cause: "FRAMES_ARRIVING", detail: null };
  const age = t - state.lastFrame;
  if (age < thresholds.staleAfterMs) return { status: "online", cause: "FRAMES_ARRIVING", detail: null };
  if (age < thresholds.offlineAfterMs)
    return { status: "stale", cause: "FRAMES_LATE", detail: state.lastError };
  return { status: "offline", cause: "FRAMES_STOPPED", detail: state.lastError };
}

/**
 * INDICATORS §3: the presence of one device as intervals that partition `window` exactly, from
 * that device's events (which may start before the window: the state at `window.from` depends on
 * the last frame before it). Online on [f, f + k·hb), stale on [f + k·hb, f + 10·hb), offline
 * after, or from a death or disconnect until the next frame; never before the first frame.
 */
export function presenceIntervals(
  events: readonly PresenceEvent[],
  heartbeatMs: number,
  params: PresenceParams,
  window: Interval,
): PresenceInterval[] {
  if (window.to <= window.from) return [];
  const thresholds = thresholdsOf(heartbeatMs, params);
  const sorted = sortPresenceEvents(expandRuns(events));
  const state: DeviceState = { lastFrame: null, runUntil: null, offline: null, lastError: null };
  let next = 0;
  while (next < sorted.length && (sorted[next] as PresenceEvent).at <= window.from) {
    applyEvent(state, sorted[next] as PresenceEvent);
    next++;
  }
  const intervals: PresenceInterval[] = [];
  let cursor = window.from;
  while (cursor < window.to) {
    const candidates = [window.to];
    if (next < sorted.length) candidates.push((sorted[next] as PresenceEvent).at);
    if (state.lastFrame !== null && state.offline === null) {
      for (const threshold of [thresholds.staleAfterMs, thresholds.offlineAfterMs]) {
        if (state.lastFrame + threshold > cursor) candidates.push(state.lastFrame + threshold);
      }
    }
    const end = Math.min(...candidates);
    appendMerged(intervals, { from: cursor, to: end, ...statusOf(state, cursor, thresholds) });
    while (next < sorted.length && (sorted[next] as PresenceEvent).at <= end) {
      applyEvent(state, sorted[next] as PresenceEvent);
      next++;
    }
    cursor = end;
  }
  return intervals;
}

function appendMerged(intervals: PresenceInterval[], interval: PresenceInterval): void {
  const last = intervals.at(-1);
  if (
    last !== undefined &&
    last.to === interval.from &&
    last.status === interval.status &&
    last.cause === interval.cause &&
    last.detail === interval.detail
  ) {
    intervals[intervals.length - 1] = { ...last, to: interval.to };
  } else {
    intervals.push(interval);
  }
}

/** The online parts of a presence partition. */
export function onlineIntervals(intervals: readonly PresenceInterval[]): Interval[] {
  return intervals.filter((i) => i.status === "online").map(({ from, to }) => ({ from, to }));
}

/** Milliseconds spent in each state, from a partition. */
export function timeByStatus(intervals: readonly PresenceInterval[]): Record<PresenceStatus, number> {
  const of = (status: PresenceStatus) => totalLength(intervals.filter((i) => i.status === status));
  return { online: of("online"), stale: of("stale"), offline: of("offline"), never: of("never") };
}

export interface DeviceStatusAt {
  readonly status: PresenceStatus;
  readonly cause: PresenceCause;
  readonly detail: string | null;
  /** Start of the current state; null when the device has never sent a frame. */
  readonly since: number | null;
  readonly lastFrameAt: number | null;
}

/** INDICATORS §3: a device's presence at one instant, with its cause and since when. */
export function deviceStatusAt(
  events: readonly PresenceEvent[],
  heartbeatMs: number,
  params: PresenceParams,
  at: number,
): DeviceStatusAt {
  // A run still going at `at` counts as a frame at `at`: one arrived within the stale threshold.
  const past = expandRuns(events).flatMap((event) =>
    event.at > at ? [] : event.until !== undefined && event.until > at ? [{ ...event, until: at }] : [event],
  );
  let lastFrameAt: number | null = null;
  for (const event of past) {
    const last = event.until ?? event.at;
    if (event.kind === "frame" && (lastFrameAt === null || last > lastFrameAt)) lastFrameAt = last;
  }
  if (lastFrameAt === null)
    return { status: "never", cause: "NO_VALID_FRAME", detail: null, since: null, lastFrameAt };
  const firstAt = past.reduce((first, event) => Math.min(first, event.at), at);
  const current = presenceIntervals(past, heartbeatMs, params, { from: firstAt, to: at + 1 }).at(-1);
  if (current === undefined) throw new Error("a non-empty window always has a presence interval");
  const { status, cause, detail, from } = current;
  return { status, cause, detail, since: from, lastFrameAt };
}
