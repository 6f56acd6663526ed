import { type EvidenceStanding, type LeftOutReason, type VerifiedRate } from "./left-out.js";
import type { OnCloudShortfall } from "./on-cloud.js";
import { type Rate, type ScoredRate } from "./rate.js";
export interface NetworkingFacts {
    readonly device: string;
    readonly isProduction: boolean;
    readonly declaredNetworked: boolean;
    /** At least one valid signed frame carried its samples in the period. */
    readonly sentValidTelemetry: boolean;
    /** INDICATORS §3 on cloud for the period; null when its window held no working time. */
    readonly onCloud: boolean | null;
    readonly onlineShare: number | null;
    readonly completeness: number | null;
    readonly shortfalls: readonly OnCloudShortfall[];
    /** INDICATORS §4 evidence for the period. */
    readonly evidence: EvidenceStanding;
}
export interface DeclaredAndVerified<R extends Rate = Rate, V extends Rate = R> {
    readonly declared: R;
    readonly verified: V;
}
export type ScoredVerifiedRate = ScoredRate & VerifiedRate;
/** Why a device sent nothing, or, when it did, nothing that counts: shared by the verified rates. */
export declare function telemetryShortfall(sentValidTelemetry: boolean): LeftOutReason | null;
/**
 * INDICATORS §2.1 equipment networking rate (official, MIIT 2024): networked production
 * equipment ÷ all production equipment, the denominator being all production equipment, digital
 * or not. Declared from the registry; verified counts a device as networked when it was on cloud
 * (§3) for the period at evidence level `consistent` or above (§4). A device registered only
 * outside working hours is not networked; an enterprise whose period has no working hours at all
 * has no verified rate. Every production device not counted is listed with its reasons.
 */
export declare function networkingRates(facts: readonly NetworkingFacts[], enterpriseHasWorkingTime: boolean): DeclaredAndVerified<ScoredRate, ScoredVerifiedRate>;
