import type { Ed25519PublicJwk } from "@onramp/contract";
import type { ConcurrencyGate } from "../limits/concurrency-gate.js";
import { type SqlClient } from "./sql-client.js";
export interface EnrollmentTokenInfo {
    ent: string;
    gatewayId: string;
    createdAt: number;
    expiresAt: number;
    usedAt: number | null;
    createdBy: string;
}
export interface EnrollResult {
    ent: string;
    gatewayId: string;
    kid: string;
    mqtt: {
        username: string;
        password: string;
        clientId: string;
    };
    /** How many nameplate serials this enrollment confirmed (they replace the gateway's earlier ones). */
    nameplatesConfirmed: number;
}
/** A device's rating-plate serial sent with the enrollment, and the fingerprint derived from it. */
export interface NameplateClaim {
    device: string;
    serial: string;
    fingerprint: string;
}
/** Single-use, expiring enrollment tokens, and the enrollment that consumes them. */
export declare class Enrollment {
    private readonly sql;
    private readonly passwordChecks?;
    /** `passwordChecks` bounds concurrent scrypt work (limits/concurrency-gate.ts). */
    constructor(sql: SqlClient, passwordChecks?: ConcurrencyGate | undefined);
    createToken(input: {
        ent: string;
        gatewayId: string;
        ttlMs: number;
        createdBy: string;
    }, now?: number): Promise<{
        token: string;
        ent: string;
        gatewayId: string;
        expiresAt: number;
    }>;
    /** The nameplate serials the enrollments of an enterprise's gateways confirmed. */
    listNameplates(ent: string): Promise<(NameplateClaim & {
        gateway: string;
        confirmedAt: number;
    })[]>;
    listTokens(ent: string): Promise<EnrollmentTokenInfo[]>;
    /**
     * Consumes the token and enrolls the key in one transaction. The token is looked up first (one
     * SHA-256 and an indexed SELECT), and only a live token pays for hashing the new MQTT password
     * (scrypt, ≈ 60 ms of a pool thread): invented tokens cost the service next to nothing (issue
     * 17). The conditional UPDATE is still what makes a token single-use under concurrency: two
     * requests racing with one token cannot both match `used_at IS NULL`. Enrolling an existing,
     * unrevoked gateway rotates its key and password.
     */
    enroll(token: string, jwk: Ed25519PublicJwk, nameplates?: readonly NameplateClaim[], now?: number): Promise<EnrollResult>;
    /** Throws the reason a token cannot be used now: unknown, used or expired. */
    private checkToken;
}
