import { type Flag } from "../flags.js";
import type { ChallengeResult, DeviceRecord, IdentityChange, NameplateConfirmation, Period } from "../inputs.js";
import type { IdentityParams } from "../params.js";
/** The agent's reply code when a challenge's fresh identity read differs from the announced one. */
export declare const CHALLENGE_IDENTITY_CHANGED = "ONRAMP_CHALLENGE_IDENTITY_CHANGED";
export interface IdentityAudit {
    /** Every change of the device's fingerprint in the period, oldest first (first fingerprints excluded). */
    readonly changes: readonly IdentityChange[];
    /** Challenges whose reply said the device's identity changed and that no birth in the period explains. */
    readonly unexplainedChallengeReports: readonly {
        readonly id: string;
        readonly at: number;
    }[];
    readonly flags: readonly Flag[];
}
/**
 * Identity changes audited like mapping changes (issue 14). Each fingerprint change a birth
 * announced in the period is a `warning` with old and new fingerprints: a machine may be
 * replaced. More than `maxChanges` changes in one period (default 1: the second fails) is the
 * pattern of machines swapped in and out under one device id, a `failure` that keeps the device
 * from "consistent". A challenge reply reporting a changed identity counts as a change too when no
 * birth at or after it in the period records one (the agent re-announces after such a reply, so a
 * report without a birth means the change was never announced).
 */
export declare function auditIdentityChanges(device: string, changes: readonly IdentityChange[], challenges: readonly ChallengeResult[], period: Period, params: IdentityParams): IdentityAudit;
/**
 * A nameplate identity is only an integrator's word, so the cloud holds it to the word given at
 * enrollment: the device's current fingerprint, when it is nameplate-sourced, must be the one
 * confirmed for this device id by the enrollment of one of the enterprise's gateways. A serial
 * that was never confirmed, or that changed since, is a `failure`.
 */
export declare function checkNameplateConfirmed(device: Pick<DeviceRecord, "id" | "fingerprint" | "identitySource">, confirmations: readonly NameplateConfirmation[]): Flag[];
