/**
 * Presence transitions (INDICATORS §3), as a pure function over the current rows of the devices a
 * batch touches. A device is online while valid frames carrying its samples arrive; offline after
 * its gateway's death, a `disconnected` status, or 10 × heartbeat of silence. Silence is detected
 * when the device is next heard from (or read), so no sweeper has to run on one chosen instance.
 */
export interface PresenceRow {
  ent: string;
  gw: string;
  dev: string;
  state: "online" | "offline";
  stateSince: number;
  cause: string;
  firstSeen: number;
  lastSeen: number;
}

export interface Transition {
  ent: string;
  gw: string;
  dev: string;
  at: number;
  from: "never" | "online" | "offline";
  to: "online" | "offline";
  cause: string;
}

export type PresenceEvent =
  | { kind: "seen"; ent: string; gw: string; dev: string; at: number }
  | { kind: "device-offline"; ent: string; gw: string; dev: string; at: number; cause: string }
  | { kind: "gateway-offline"; ent: string; gw: string; at: number; cause: string };

/** INDICATORS §3: offline after 10 × heartbeat without a valid frame. */
export const OFFLINE_AFTER_HEARTBEATS = 10;
/** INDICATORS §3: stale after k × heartbeat, k = 3 by default. */
export const STALE_AFTER_HEARTBEATS = 3;
export const DEFAULT_HEARTBEAT_MS = 60_000;

export const presenceKey = (ent: string, gw: string, dev: string) => `${ent}\u0000${gw}\u0000${dev}`;

/** Applies events in order to `rows` (mutated); returns the keys changed and the transitions made. */
export function applyPresence(
  rows: Map<string, PresenceRow>,
  events: readonly PresenceEvent[],
  heartbeatMs: (ent: string, gw: string, dev: string) => number,
): { changed: Set<string>; transitions: Transition[] } {
  const changed = new Set<string>();
  const transitions: Transition[] = [];
  const move = (row: PresenceRow, to: PresenceRow["state"], at: number, cause: string) => {
    transitions.push({ ent: row.ent, gw: row.gw, dev: row.dev, at, from: row.state, to, cause });
    row.state = to;
    row.stateSince = at;
    row.cause = cause;
  };
  for (const event of events) {
    if (event.kind === "gateway-offline") {
      for (const [key, row] of rows) {
        if (row.ent !== event.ent || row.gw !== event.gw || row.state !== "online") continue;
        if (event.at < row.stateSince) continue;
        move(row, "offline", event.at, event.cause);
        changed.add(key);
      }
      continue;
    }
    const key = presenceKey(event.ent, event.gw, event.dev);
    const row = rows.get(key);
    if (event.kind === "device-offline") {
      if (row === undefined || row.state !== "online" || event.at < row.stateSince) continue;
      move(row, "offline", event.at, event.cause);
      changed.add(key);
      continue;
    }
    changed.add(key);
    if (row === undefined) {
      const fresh: PresenceRow = {
        ent: event.ent,
        gw: event.gw,
        dev: event.dev,
        state: "online",
        stateSince: event.at,
        cause: "data",
        firstSeen: event.at,
        lastSeen: event.at,
      };
      rows.set(key, fresh);
      transitions.push({
        ent: event.ent,
        gw: event.gw,
        dev: event.dev,
        at: event.at,
        from: "never",
        to: "online",
        cause: "data",
      });
      continue;
    }
    const silentUntil = row.lastSeen + OFFLINE_AFTER_HEARTBEATS * heartbeatMs(row.ent, row.gw, row.dev);
    if (row.state === "online" && event.at > silentUntil) move(row, "offline", silentUntil, "silence");
    if (row.state === "offline" && event.at >= row.stateSince) move(row, "online", event.at, "data");
    row.lastSeen = Math.max(row.lastSeen, event.at);
  }
  return { changed, transitions };
}

/** The state shown to readers, which adds `stale` and silence-offline to the stored state. */
export function observedState(
  row: PresenceRow | undefined,
  heartbeatMs: number,
  now: number,
): "never" | "online" | "stale" | "offline" {
  if (row === undefined) return "never";
  if (row.state === "offline") return "offline";
  const silence = now - row.lastSeen;
  if (silence > OFFLINE_AFTER_HEARTBEATS * heartbeatMs) return "offline";
  if (silence > STALE_AFTER_HEARTBEATS * heartbeatMs) return "stale";
  return "online";
}
