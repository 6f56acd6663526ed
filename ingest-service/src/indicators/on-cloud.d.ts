import type { Completeness } from "./completeness.js";
import { type Interval } from "./intervals.js";
import { type NotComputable } from "./not-computable.js";
import type { OnCloudParams } from "./params.js";
/** Which part of the INDICATORS §3 period rule a device missed. */
export type OnCloudShortfall = "ONLINE_SHARE_BELOW_MINIMUM" | "COMPLETENESS_BELOW_MINIMUM" | "COMPLETENESS_NOT_COMPUTABLE";
export interface OnCloudForPeriod {
    /** null only when the device's registered window holds no declared working time. */
    readonly onCloud: boolean | null;
    readonly reason: NotComputable | null;
    /** Declared working time inside the device's registration window. */
    readonly workingMs: number;
    readonly onlineWorkingMs: number;
    readonly onlineShare: number | null;
    readonly completeness: number | null;
    readonly shortfalls: readonly OnCloudShortfall[];
}
/**
 * INDICATORS §3: on cloud for a period = online for at least `minOnlineShare` of the declared
 * working hours, with data completeness of at least `minCompleteness` while online. `working`
 * must already be limited to the device's registration window (a device added mid-period is
 * judged on the working hours since it was added).
 */
export declare function onCloudForPeriod(working: readonly Interval[], online: readonly Interval[], completeness: Completeness, params: OnCloudParams): OnCloudForPeriod;
