import type { BirthDevice } from "@onramp/contract";
import type { SqlExecutor } from "../state/sql-client.js";
import type { GatewayKey } from "./verify-frame.js";
export interface GatewayEntry extends GatewayKey {
    ent: string;
    gw: string;
    /** Device id → profile ref, for the `profile` tag of the points. */
    profiles: Map<string, string>;
}
/**
 * Gateway keys and device profiles for the hot path, read from SQL and cached for `ttlMs`. The
 * TTL bounds how long another instance may accept frames of a gateway revoked elsewhere; this
 * instance invalidates at once. Unknown gateways are cached too, so a flood of frames on invented
 * topics costs one query per id per TTL, and the cache is bounded.
 */
export declare class GatewayDirectory {
    private readonly sql;
    private readonly ttlMs;
    private readonly maxEntries;
    private readonly cache;
    private readonly loading;
    constructor(sql: SqlExecutor, ttlMs?: number, maxEntries?: number);
    get(ent: string, gw: string, now?: number): Promise<GatewayEntry | undefined>;
    invalidate(ent: string, gw: string): void;
    /** Called when a birth is verified, before it is committed: its data frames may share the batch. */
    applyBirth(entry: GatewayEntry, devices: readonly BirthDevice[]): void;
    profileOf(entry: GatewayEntry, dev: string): string;
    private load;
}
