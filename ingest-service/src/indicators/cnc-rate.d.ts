import type { DeviceRecord, IndustryKind, Period, SignalSeries } from "./inputs.js";
import { type EvidenceStanding, type VerifiedRate } from "./left-out.js";
import { type DeclaredAndVerified } from "./networking-rate.js";
import type { IndicatorParams } from "./params.js";
import { type Rate } from "./rate.js";
/** What the telemetry of one device shows about numerical (or PLC/DCS) control in the period. */
export interface CncEvidence {
    readonly device: string;
    /** The device's class is a CNC/PLC source for this industry kind. */
    readonly isControllerSource: boolean;
    /** Signals with a controller-state role that reported a value in the period. */
    readonly controllerStateSignals: readonly string[];
    /** First execution=ACTIVE sample in the period, or null. */
    readonly firstActiveAt: number | null;
    readonly verified: boolean;
}
export declare function controllerClassesFor(industryKind: IndustryKind, params: IndicatorParams["cnc"]): readonly string[];
/**
 * INDICATORS §2.3 verified: a device counts as numerically controlled only if, in the period, its
 * telemetry carries a controller state (`execution` or `controller_mode` role) from a CNC/PLC
 * source and it was observed running (`execution=ACTIVE`) at least once.
 */
export declare function cncEvidence(device: Pick<DeviceRecord, "id" | "class">, series: readonly SignalSeries[], period: Period, industryKind: IndustryKind, params: IndicatorParams["cnc"]): CncEvidence;
export interface CncFacts {
    readonly device: string;
    readonly isKeyProcess: boolean;
    readonly declaredCnc: boolean;
    /** What the telemetry showed of control (`cncEvidence`). */
    readonly control: Pick<CncEvidence, "isControllerSource" | "controllerStateSignals" | "firstActiveAt" | "verified">;
    readonly sentValidTelemetry: boolean;
    /** INDICATORS §4 evidence for the period. */
    readonly evidence: EvidenceStanding;
}
export interface CncRates extends DeclaredAndVerified<Rate, VerifiedRate> {
    /** Discrete: numerically controlled; process: under PLC/DCS control (INDICATORS §2.3). */
    readonly variant: "numerically-controlled" | "plc-dcs-controlled";
}
/**
 * INDICATORS §2.3 key-process CNC-ization rate (practice, 两化融合 assessment under GB/T 23020):
 * key-process equipment that is numerically controlled (process industries: under PLC/DCS
 * control) ÷ all key-process equipment. Declared from the registry flag, verified from
 * `cncEvidence` at evidence level `consistent` or above (INDICATORS §4). The verified numerator
 * does not require the declaration: telemetry that proves control proves it whatever the registry
 * says. Every key-process device not counted is listed with its reasons.
 */
export declare function cncRates(facts: readonly CncFacts[], industryKind: IndustryKind): CncRates;
