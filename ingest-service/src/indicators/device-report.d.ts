import { type LivenessResult } from "./checks/liveness.js";
import { type CncEvidence } from "./cnc-rate.js";
import { type Completeness } from "./completeness.js";
import type { Flag } from "./flags.js";
import type { ChallengeResult, CounterReset, DeviceRecord, Enterprise, HourlyLedgerRow, IdentityChange, MappingChange, NameplateConfirmation, Period, PresenceEvent, SignalSeries } from "./inputs.js";
import { type Interval } from "./intervals.js";
import { type OnCloudForPeriod } from "./on-cloud.js";
import type { IndicatorParams } from "./params.js";
import { type PresenceInterval, type PresenceStatus } from "./presence.js";
import { type DeviceUtilisation } from "./utilisation.js";
/** Everything computed for one device registered in the period, before the enterprise roll-up. */
export interface DevicePeriodReport {
    readonly device: string;
    readonly class: string;
    readonly isProduction: boolean;
    readonly isKeyProcess: boolean;
    readonly declared: {
        readonly networked: boolean;
        readonly digital: boolean;
        readonly cnc: boolean;
    };
    /** The part of the period the device was registered (INDICATORS §3 is judged on it). */
    readonly window: Interval;
    readonly heartbeatMs: number;
    readonly presence: {
        readonly intervals: readonly PresenceInterval[];
        readonly ms: Readonly<Record<PresenceStatus, number>>;
        readonly framesInWindow: number;
    };
    readonly completeness: Completeness;
    readonly onCloud: OnCloudForPeriod;
    readonly utilisation: DeviceUtilisation;
    readonly cnc: CncEvidence;
    readonly liveness: Omit<LivenessResult, "flags">;
    readonly mappingChanges: readonly MappingChange[];
    /** Fingerprint changes announced in the period (issue 14), oldest first. */
    readonly identityChanges: readonly IdentityChange[];
}
export interface DeviceComputation {
    readonly report: DevicePeriodReport;
    /** Plausibility, liveness and mapping flags of this device (uniqueness and replay span devices). */
    readonly flags: readonly Flag[];
}
/** The slices of an enterprise's input that concern one device. */
export interface DeviceInputs {
    readonly presence: readonly PresenceEvent[];
    readonly ledger: readonly HourlyLedgerRow[];
    readonly series: readonly SignalSeries[];
    readonly resets: readonly CounterReset[];
    readonly challenges: readonly ChallengeResult[];
    readonly mappingChanges: readonly MappingChange[];
    readonly identityChanges?: readonly IdentityChange[];
    readonly nameplates?: readonly NameplateConfirmation[];
}
/** INDICATORS §2–§5 for one device over its registration window inside the period. */
export declare function computeDevice(device: DeviceRecord, window: Interval, working: readonly Interval[], own: DeviceInputs, context: {
    readonly period: Period;
    readonly enterprise: Enterprise;
}, params: IndicatorParams): DeviceComputation;
