import { type EvidenceStanding } from "./left-out.js";
import { type DeclaredAndVerified, type ScoredVerifiedRate } from "./networking-rate.js";
import { type ScoredRate } from "./rate.js";
export interface DigitalisationFacts {
    readonly device: string;
    readonly isProduction: boolean;
    readonly declaredDigital: boolean;
    /** At least one valid signed frame carrying its samples arrived in the period. */
    readonly sentValidTelemetry: boolean;
    /** INDICATORS §4 evidence for the period. */
    readonly evidence: EvidenceStanding;
}
/**
 * INDICATORS §2.2 equipment digitalisation rate (official, MIIT 2024): digital production
 * equipment ÷ all production equipment. Declared from the registry; verified per §1 (the device
 * sent valid telemetry in the period) at evidence level `consistent` or above (§4), with every
 * production device not counted listed with its reasons.
 */
export declare function digitalisationRates(facts: readonly DigitalisationFacts[]): DeclaredAndVerified<ScoredRate, ScoredVerifiedRate>;
