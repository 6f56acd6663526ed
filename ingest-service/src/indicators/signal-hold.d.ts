import type { DeviceRecord, SignalSeries } from "./inputs.js";
import type { PresenceParams } from "./params.js";
/**
 * How long a reported value stays known: k × the signal's heartbeat (INDICATORS §3's online
 * window, applied per signal). A report-by-exception stream repeats an unchanged value at least
 * every heartbeat, so a value older than that is no longer evidence of the current state.
 */
export declare function signalHoldMs(device: Pick<DeviceRecord, "signals">, signal: string, params: PresenceParams): number;
/** A signal's heartbeat from the device's profile, or the default for a signal it does not declare. */
export declare function signalHeartbeatMs(device: Pick<DeviceRecord, "signals">, signal: string, params: PresenceParams): number;
/** The longest hold among several series of one device (e.g. the channels of one controller). */
export declare function longestHoldMs(device: Pick<DeviceRecord, "signals">, series: readonly SignalSeries[], params: PresenceParams): number;
