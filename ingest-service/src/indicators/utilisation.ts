import { activeIntervals } from "./execution.js";
import type { SignalSeries } from "./inputs.js";
import { type Interval, intersectIntervals, totalLength } from "./intervals.js";
import { type NotComputable, notComputable } from "./not-computable.js";
import { compareText } from "./ordering.js";

export interface DeviceUtilisation {
  readonly device: string;
  /** ACTIVE time ÷ online time in [0, 1], or null with a reason. */
  readonly value: number | null;
  readonly reason: NotComputable | null;
  readonly activeMs: number;
  readonly onlineMs: number;
}

/**
 * INDICATORS §2.4: time with execution=ACTIVE ÷ time on cloud, where "time on cloud" is the
 * device's online time in the window. ACTIVE counts only while online: an execution state that
 * is not being reported is not known. `maxHoldMs` bounds how long one execution sample holds.
 */
export function deviceUtilisation(
  device: string,
  executionSeries: readonly SignalSeries[],
  online: readonly Interval[],
  window: Interval,
  maxHoldMs: number,
): DeviceUtilisation {
  const onlineMs = totalLength(online);
  if (executionSeries.length === 0) {
    return { device, value: null, reason: notComputable("NO_EXECUTION_SIGNAL"), activeMs: 0, onlineMs };
  }
  const activeMs = totalLength(
    intersectIntervals(activeIntervals(executionSeries, window, maxHoldMs), online),
  );
  if (onlineMs === 0)
    return { device, value: null, reason: notComputable("NO_ONLINE_TIME"), activeMs, onlineMs };
  return { device, value: activeMs / onlineMs, reason: null, activeMs, onlineMs };
}

export interface MeanUtilisation {
  readonly value: number | null;
  readonly reason: NotComputable | null;
  /** The devices the mean is taken over (each weighs the same). */
  readonly devices: readonly string[];
}

/** INDICATORS §2.4: the device-weighted mean per enterprise, over devices that have a value. */
export function meanUtilisation(perDevice: readonly DeviceUtilisation[]): MeanUtilisation {
  const counted = perDevice
    .filter((u): u is DeviceUtilisation & { value: number } => u.value !== null)
    .sort((a, b) => compareText(a.device, b.device));
  if (counted.length === 0)
    return { value: null, reason: notComputable("NO_DEVICE_WITH_UTILISATION"), devices: [] };
  const sum = counted.reduce((total, u) => total + u.value, 0);
  return { value: sum / counted.length, reason: null, devices: counted.map((u) => u.device) };
}
