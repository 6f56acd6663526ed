import type { CheckName, Flag, FlagCode } from "./flags.js";
/** INDICATORS §4, lowest to highest. */
export declare const EVIDENCE_LEVELS: readonly ["declared", "connected", "consistent", "live-verified"];
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];
export type RequirementCode = "REGISTERED" | "VALID_SIGNED_FRAMES" | "FINGERPRINT_READ" | "NO_FAILED_CHECK" | "NO_FAILED_CHALLENGE" | "LAST_CHALLENGE_PASSED";
/** One condition of one level, met or not, with what decided it. */
export interface LevelRequirement {
    readonly level: EvidenceLevel;
    readonly requirement: RequirementCode;
    readonly met: boolean;
    readonly detail: string;
}
export interface DeviceEvidence {
    readonly device: string;
    /** The highest level whose requirements, and those of every level below, are all met. */
    readonly level: EvidenceLevel;
    readonly requirements: readonly LevelRequirement[];
    /**
     * The failed checks that kept the device from "consistent" (empty when none did): the failures
     * of the blocking checks and of the last challenge.
     */
    readonly blockingFlags: readonly FlagCode[];
}
export interface EvidenceFacts {
    readonly device: string;
    /** At least one valid signed frame from an enrolled gateway carried its samples in the period. */
    readonly sentValidTelemetry: boolean;
    /** The identity fingerprint was read from the device itself. */
    readonly fingerprintRead: boolean;
    /**
     * Where the fingerprint came from (the birth's identity source). `nameplate`: typed in by the
     * integrator and confirmed at enrollment — an unconfirmed one fails the identity check instead.
     */
    readonly identitySource?: string;
    /** All flags of the device in the period. */
    readonly flags: readonly Flag[];
    /** The last challenge of the period passed (INDICATORS §5 liveness). */
    readonly challengePassed: boolean;
    /** The device was challenged at all in the period. */
    readonly challenged: boolean;
}
/**
 * INDICATORS §4: the highest level a device earned in the period, with every requirement behind
 * it. Levels are cumulative: a passed challenge does not make a device that fails a plausibility
 * check live-verified. Only `failure` flags of the `blockingChecks` count against "consistent";
 * warnings and info flags are shown, never counted.
 */
export declare function evidenceLevel(facts: EvidenceFacts, blockingChecks: readonly CheckName[]): DeviceEvidence;
