import type { DeviceRecord, SignalSeries } from "./inputs.js";
import type { PresenceParams } from "./params.js";

/**
 * How long a reported value stays known: k × the signal's heartbeat (INDICATORS §3's online
 * window, applied per signal). A report-by-exception stream repeats an unchanged value at least
 * every heartbeat, so a value older than that is no longer evidence of the current state.
 */
export function signalHoldMs(
  device: Pick<DeviceRecord, "signals">,
  signal: string,
  params: PresenceParams,
): number {
  return params.staleAfterHeartbeats * signalHeartbeatMs(device, signal, params);
}

/** A signal's heartbeat from the device's profile, or the default for a signal it does not declare. */
export function signalHeartbeatMs(
  device: Pick<DeviceRecord, "signals">,
  signal: string,
  params: PresenceParams,
): number {
  return device.signals.find((s) => s.id === signal)?.heartbeatMs ?? params.defaultHeartbeatMs;
}

/** The longest hold among several series of one device (e.g. the channels of one controller). */
export function longestHoldMs(
  device: Pick<DeviceRecord, "signals">,
  series: readonly SignalSeries[],
  params: PresenceParams,
): number {
  return series.reduce((longest, s) => Math.max(longest, signalHoldMs(device, s.signal, params)), 0);
}
