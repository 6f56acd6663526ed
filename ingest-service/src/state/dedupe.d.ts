import { type SqlExecutor } from "./sql-client.js";
export interface FrameRef {
    ent: string;
    gw: string;
    sess: string;
    seq: number;
    receivedAt: number;
    /** A birth's `willSeq`: reserved so a will that never fires is not counted as a gap. */
    willSeq?: number | undefined;
}
export interface DedupeResult {
    /** Keys (`frameKey`) of the frames seen for the first time: the ones to account for. */
    fresh: Set<string>;
    /** Per gateway (`ent\0gw`): change in the number of seq holes, and duplicates dropped. */
    gapDelta: Map<string, number>;
    duplicates: Map<string, number>;
}
export declare const frameKey: (f: {
    ent: string;
    gw: string;
    sess: string;
    seq: number;
}) => string;
export declare const gatewayKey: (ent: string, gw: string) => string;
/**
 * Dedupe on (session, seq) in shared SQL state, so instances splitting one shared subscription
 * agree on what is a duplicate. Gaps per session are `max - min + 1 - distinct seqs`: exact
 * whatever the arrival order, so a late frame filling a hole lowers the count again.
 */
export declare function dedupeFrames(tx: SqlExecutor, frames: readonly FrameRef[]): Promise<DedupeResult>;
/**
 * Read-only pre-check: frames already recorded. Their points need not be written again (a replay
 * flood must not reach InfluxDB); the commit still decides atomically, this only saves work.
 */
export declare function findSeen(sql: SqlExecutor, frames: readonly {
    ent: string;
    gw: string;
    sess: string;
    seq: number;
}[]): Promise<Set<string>>;
