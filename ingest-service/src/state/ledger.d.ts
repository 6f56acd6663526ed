import { type SqlExecutor } from "./sql-client.js";
export declare const HOUR_MS = 3600000;
export declare const hourOf: (t: number) => number;
/** Increments for one ledger row; `expectedSamples` is set when the row is created. */
export interface LedgerDelta {
    ent: string;
    gw: string;
    /** '' is the gateway's own row (frame gaps, rejections, duplicates, skew, spool losses). */
    dev: string;
    hour: number;
    frames: number;
    samples: number;
    expectedSamples: number | null;
    gaps: number;
    rejections: number;
    duplicates: number;
    skewedFrames: number;
    lostFrames: number;
    lostSamples: number;
}
export type LedgerCounts = Omit<LedgerDelta, "ent" | "gw" | "dev" | "hour" | "expectedSamples">;
/** Sums deltas per row in memory, so a batch costs one upsert per (device, hour). */
export declare class LedgerBatch {
    private readonly rows;
    add(ent: string, gw: string, dev: string, hour: number, counts: Partial<LedgerCounts>, expected?: number | null): void;
    get size(): number;
    save(tx: SqlExecutor): Promise<void>;
}
export declare function readLedger(sql: SqlExecutor, query: {
    ent: string;
    gw?: string | undefined;
    dev?: string | undefined;
    from: number;
    to: number;
}): Promise<LedgerDelta[]>;
