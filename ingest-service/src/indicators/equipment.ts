import { PRODUCTION_CLASSES } from "@onramp/profiles";
import type { DeviceRecord, Period } from "./inputs.js";
import type { Interval } from "./intervals.js";
import type { PresenceParams } from "./params.js";

const PRODUCTION_CLASS_SET: ReadonlySet<string> = new Set(PRODUCTION_CLASSES);

/**
 * INDICATORS §1: production equipment is every registered device with a production class;
 * meters, sensors and gateways are registered but do not count.
 */
export function isProductionEquipment(device: Pick<DeviceRecord, "class">): boolean {
  return PRODUCTION_CLASS_SET.has(device.class);
}

/** INDICATORS §1: key-process equipment is production equipment marked as serving a key process. */
export function isKeyProcessEquipment(device: Pick<DeviceRecord, "class" | "keyProcess">): boolean {
  return device.keyProcess && isProductionEquipment(device);
}

/**
 * The part of the period in which the device was registered, or null if none. A device added or
 * retired mid-period is judged on this window only, so it is neither credited nor blamed for
 * time it did not exist.
 */
export function registrationWindow(
  device: Pick<DeviceRecord, "registeredAt" | "retiredAt">,
  period: Period,
): Interval | null {
  const from = Math.max(period.from, device.registeredAt);
  const to = Math.min(period.to, device.retiredAt ?? period.to);
  return to > from ? { from, to } : null;
}

/**
 * The device's heartbeat for presence (INDICATORS §3): the shortest of its signals' heartbeats,
 * because that signal must report at least that often whatever else changes.
 */
export function deviceHeartbeatMs(device: Pick<DeviceRecord, "signals">, params: PresenceParams): number {
  if (device.signals.length === 0) return params.defaultHeartbeatMs;
  return device.signals.reduce((shortest, signal) => Math.min(shortest, signal.heartbeatMs), Infinity);
}
