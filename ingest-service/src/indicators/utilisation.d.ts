import type { SignalSeries } from "./inputs.js";
import { type Interval } from "./intervals.js";
import { type NotComputable } from "./not-computable.js";
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
export declare function deviceUtilisation(device: string, executionSeries: readonly SignalSeries[], online: readonly Interval[], window: Interval, maxHoldMs: number): DeviceUtilisation;
export interface MeanUtilisation {
    readonly value: number | null;
    readonly reason: NotComputable | null;
    /** The devices the mean is taken over (each weighs the same). */
    readonly devices: readonly string[];
}
/** INDICATORS §2.4: the device-weighted mean per enterprise, over devices that have a value. */
export declare function meanUtilisation(perDevice: readonly DeviceUtilisation[]): MeanUtilisation;
