import type { PresenceEvent } from "./inputs.js";
import { type Interval } from "./intervals.js";
import type { PresenceParams } from "./params.js";
/** INDICATORS §3 device presence states. */
export type PresenceStatus = "online" | "stale" | "offline" | "never";
/** Why a device is in its state; stable codes for the dashboard. */
export type PresenceCause = "FRAMES_ARRIVING" | "FRAMES_LATE" | "FRAMES_STOPPED" | "DEVICE_DISCONNECTED" | "GATEWAY_DEATH" | "NO_VALID_FRAME";
export interface PresenceInterval extends Interval {
    readonly status: PresenceStatus;
    readonly cause: PresenceCause;
    /** The agent's error code behind a disconnect or late frames, or the gateway that died. */
    readonly detail: string | null;
}
export declare function sortPresenceEvents(events: readonly PresenceEvent[]): PresenceEvent[];
/**
 * INDICATORS §3: the presence of one device as intervals that partition `window` exactly, from
 * that device's events (which may start before the window: the state at `window.from` depends on
 * the last frame before it). Online on [f, f + k·hb), stale on [f + k·hb, f + 10·hb), offline
 * after, or from a death or disconnect until the next frame; never before the first frame.
 */
export declare function presenceIntervals(events: readonly PresenceEvent[], heartbeatMs: number, params: PresenceParams, window: Interval): PresenceInterval[];
/** The online parts of a presence partition. */
export declare function onlineIntervals(intervals: readonly PresenceInterval[]): Interval[];
/** Milliseconds spent in each state, from a partition. */
export declare function timeByStatus(intervals: readonly PresenceInterval[]): Record<PresenceStatus, number>;
export interface DeviceStatusAt {
    readonly status: PresenceStatus;
    readonly cause: PresenceCause;
    readonly detail: string | null;
    /** Start of the current state; null when the device has never sent a frame. */
    readonly since: number | null;
    readonly lastFrameAt: number | null;
}
/** INDICATORS §3: a device's presence at one instant, with its cause and since when. */
export declare function deviceStatusAt(events: readonly PresenceEvent[], heartbeatMs: number, params: PresenceParams, at: number): DeviceStatusAt;
