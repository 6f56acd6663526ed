import type { DeviceRecord, Period } from "./inputs.js";
import type { Interval } from "./intervals.js";
import type { PresenceParams } from "./params.js";
/**
 * INDICATORS §1: production equipment is every registered device with a production class;
 * meters, sensors and gateways are registered but do not count.
 */
export declare function isProductionEquipment(device: Pick<DeviceRecord, "class">): boolean;
/** INDICATORS §1: key-process equipment is production equipment marked as serving a key process. */
export declare function isKeyProcessEquipment(device: Pick<DeviceRecord, "class" | "keyProcess">): boolean;
/**
 * The part of the period in which the device was registered, or null if none. A device added or
 * retired mid-period is judged on this window only, so it is neither credited nor blamed for
 * time it did not exist.
 */
export declare function registrationWindow(device: Pick<DeviceRecord, "registeredAt" | "retiredAt">, period: Period): Interval | null;
/**
 * The device's heartbeat for presence (INDICATORS §3): the shortest of its signals' heartbeats,
 * because that signal must report at least that often whatever else changes.
 */
export declare function deviceHeartbeatMs(device: Pick<DeviceRecord, "signals">, params: PresenceParams): number;
