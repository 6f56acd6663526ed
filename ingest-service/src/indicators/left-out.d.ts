import type { JsonValue } from "./canonical-json.js";
import { type EvidenceLevel, type RequirementCode } from "./evidence-level.js";
import type { FlagCode } from "./flags.js";
import type { Rate } from "./rate.js";
/**
 * Why a device in a verified rate's denominator is not in its numerator (INDICATORS §4: "beside
 * every verified rate stand the devices left out and why — nothing is dropped silently"). Codes
 * are stable: the dashboard translates them with their `data`; `detail` is the English text.
 */
export declare const LEFT_OUT_CODES: {
    readonly NEVER_SENT_DATA: "No valid signed frame carried the device's samples in the period";
    readonly NO_WORKING_TIME: "The device's registered time held none of the declared working hours";
    readonly NOT_ON_CLOUD: "Online too little of the working time, or its data too incomplete (INDICATORS §3)";
    readonly BELOW_CONSISTENT: "Evidence level below consistent: a check or the last challenge failed, or no identity";
    readonly NOT_CONTROLLER_SOURCE: "The device class is not a CNC/PLC source for this industry kind";
    readonly NO_CONTROLLER_STATE: "The telemetry carried no controller state (execution or controller mode)";
    readonly NEVER_ACTIVE: "The machine was never seen running (execution=ACTIVE) in the period";
};
export type LeftOutCode = keyof typeof LEFT_OUT_CODES;
export interface LeftOutReason {
    readonly code: LeftOutCode;
    /** English, with the particulars ("only connected: PLAUSIBILITY_COUNTER_DECREASED"). */
    readonly detail: string;
    readonly data: {
        readonly [key: string]: JsonValue;
    };
}
export interface LeftOutDevice {
    readonly device: string;
    /** The device's evidence level for the period. */
    readonly level: EvidenceLevel;
    /** At least one reason, in a stable order. */
    readonly reasons: readonly LeftOutReason[];
}
/** A verified rate with every device of its denominator that it did not count, and why. */
export interface VerifiedRate extends Rate {
    readonly leftOut: readonly LeftOutDevice[];
}
/** What a verified rate needs to know of a device's evidence (INDICATORS §4). */
export interface EvidenceStanding {
    readonly level: EvidenceLevel;
    /** Flags that kept the device from "consistent". */
    readonly blockingFlags: readonly FlagCode[];
    readonly requirements: readonly {
        readonly level: EvidenceLevel;
        readonly requirement: RequirementCode;
        readonly met: boolean;
        readonly detail: string;
    }[];
}
/** INDICATORS §4: a verified rate counts only devices at `consistent` or above. */
export declare function isEvidenced(level: EvidenceLevel): boolean;
/** The reason a device's evidence keeps it out of verified rates, or null at `consistent` or above. */
export declare function evidenceShortfall(evidence: EvidenceStanding): LeftOutReason | null;
/**
 * The verified rate with its left-out list: every denominator device not in the numerator, with
 * the reasons `reasonsOf` gives. A device left out with no reason is a bug in the caller (a
 * number without its explanation), so it throws.
 */
export declare function withLeftOut(rate: Rate, levelOf: (device: string) => EvidenceLevel, reasonsOf: (device: string) => readonly LeftOutReason[]): VerifiedRate;
/** Percent text for details: 0.2345 → "23 %". */
export declare function percentText(share: number): string;
