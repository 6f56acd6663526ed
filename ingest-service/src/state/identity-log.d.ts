import type { BirthBody } from "@onramp/contract";
import { type SqlExecutor } from "./sql-client.js";
/**
 * Records every change of a device's identity fingerprint announced by a birth (issue 14,
 * "identity changes audited like mapping changes"), before the registry row is overwritten. The
 * previous fingerprint is the device id's latest in the enterprise, whichever gateway announced
 * it: a machine swapped under one id behind another gateway is still a swap. A birth that has not
 * read the identity yet (`identity: null`) changes nothing.
 */
export declare function logIdentityChanges(tx: SqlExecutor, body: BirthBody, at: number): Promise<void>;
/** A device id of an enterprise with the fingerprint of its latest birth. */
export interface CurrentFingerprint {
    device: string;
    enterprise: string;
    fingerprint: string;
}
/**
 * The registrations (any enterprise) whose *current* fingerprint — the one their latest birth
 * announced, whichever gateway that was — is one of `fingerprints` (INDICATORS §5 uniqueness,
 * issue 14). A device whose machine was replaced, or an old row of a device that moved to another
 * gateway, no longer claims the fingerprint it once had.
 */
export declare function currentFingerprintClaims(sql: SqlExecutor, fingerprints: readonly string[], limit?: number): Promise<CurrentFingerprint[]>;
