import { type CncRates } from "./cnc-rate.js";
import { type DevicePeriodReport } from "./device-report.js";
import { type DeviceEvidence, type EvidenceLevel } from "./evidence-level.js";
import { type Flag } from "./flags.js";
import type { EnterpriseInput, IndustryKind, Period } from "./inputs.js";
import { type DeclaredAndVerified, type ScoredVerifiedRate } from "./networking-rate.js";
import { type NotComputable } from "./not-computable.js";
import { type IndicatorParams } from "./params.js";
import type { ScoredRate } from "./rate.js";
import { type MeanUtilisation } from "./utilisation.js";
/** Bumped whenever the report's shape or any computation changes, so a verifier knows what it diffs. */
export declare const REPORT_FORMAT = "onramp.indicators.enterprise-report/2";
export interface EnterpriseReport {
    readonly format: typeof REPORT_FORMAT;
    readonly enterprise: string;
    readonly industryKind: IndustryKind;
    readonly period: Period;
    readonly params: IndicatorParams;
    /** Declared working time in the period. */
    readonly workingMs: number;
    /** Verified rates count only devices at `consistent` or above and list the others (§4). */
    readonly rates: {
        /** INDICATORS §2.1, official. */
        readonly networking: DeclaredAndVerified<ScoredRate, ScoredVerifiedRate>;
        /** INDICATORS §2.2, official. */
        readonly digitalisation: DeclaredAndVerified<ScoredRate, ScoredVerifiedRate>;
        /** INDICATORS §2.3, practice. */
        readonly cnc: CncRates;
    };
    /** INDICATORS §2.4, device-weighted mean over production equipment. */
    readonly utilisation: MeanUtilisation;
    /** INDICATORS §2.5 pooled over the enterprise's devices: Σ received ÷ Σ expected. */
    readonly completeness: {
        readonly value: number | null;
        readonly reason: NotComputable | null;
    };
    /** INDICATORS §4: how many devices reached each level. */
    readonly evidenceLevels: Readonly<Record<EvidenceLevel, number>>;
    readonly devices: readonly (DevicePeriodReport & {
        readonly evidence: DeviceEvidence;
    })[];
    /** Registry entries of the enterprise not registered at any time in the period. */
    readonly notInPeriod: readonly string[];
    /** Every flag, beside the numbers: none of them changes a number above. */
    readonly flags: readonly Flag[];
}
/**
 * Every indicator of one enterprise for one period (INDICATORS §2–§5), as a pure function of its
 * input and params: no clock, no I/O, deterministic order throughout, JSON-serialisable. The
 * evidence bundle embeds input, params and report; a verifier recomputes and compares
 * `canonicalReportJson` texts.
 */
export declare function computeEnterpriseReport(input: EnterpriseInput, params?: IndicatorParams): EnterpriseReport;
/** The report as canonical JSON (sorted keys, no whitespace): the text a verifier diffs. */
export declare function canonicalReportJson(report: EnterpriseReport): string;
