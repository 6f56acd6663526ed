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
export type PresenceEvent = {
    kind: "seen";
    ent: string;
    gw: string;
    dev: string;
    at: number;
} | {
    kind: "device-offline";
    ent: string;
    gw: string;
    dev: string;
    at: number;
    cause: string;
} | {
    kind: "gateway-offline";
    ent: string;
    gw: string;
    at: number;
    cause: string;
};
/** INDICATORS §3: offline after 10 × heartbeat without a valid frame. */
export declare const OFFLINE_AFTER_HEARTBEATS = 10;
/** INDICATORS §3: stale after k × heartbeat, k = 3 by default. */
export declare const STALE_AFTER_HEARTBEATS = 3;
export declare const DEFAULT_HEARTBEAT_MS = 60000;
export declare const presenceKey: (ent: string, gw: string, dev: string) => string;
/** Applies events in order to `rows` (mutated); returns the keys changed and the transitions made. */
export declare function applyPresence(rows: Map<string, PresenceRow>, events: readonly PresenceEvent[], heartbeatMs: (ent: string, gw: string, dev: string) => number): {
    changed: Set<string>;
    transitions: Transition[];
};
/** The state shown to readers, which adds `stale` and silence-offline to the stored state. */
export declare function observedState(row: PresenceRow | undefined, heartbeatMs: number, now: number): "never" | "online" | "stale" | "offline";
