import type { BirthBody, DataBody, DeathBody, ReplyBody, StatusBody } from "@onramp/contract";
import { type SqlClient } from "./sql-client.js";
/** Every gateway→cloud body (cmd goes the other way and is never ingested). */
export type GatewayBody = BirthBody | DeathBody | DataBody | StatusBody | ReplyBody;
export interface AccountedFrame {
    body: GatewayBody;
    receivedAt: number;
    isSkewed: boolean;
    /** The exact bytes received, for the frame log (evidence bundles). */
    raw?: Uint8Array | undefined;
}
/** What a device profile promises: a report per signal at least every heartbeat. */
export interface ProfileExpectation {
    heartbeatMs: number;
    expectedSamplesPerHour: number;
}
export type ProfileCatalog = (profileRef: string) => ProfileExpectation | undefined;
export interface RejectionTally {
    ent: string;
    gw: string;
    hour: number;
    count: number;
}
/**
 * Records a batch of verified frames in one transaction: dedupe, registry updates from births
 * and deaths, presence, and the hourly ledger. Returns the keys (`frameKey`) of the frames that
 * were new; the others were duplicates and changed nothing but the duplicate counters.
 */
export declare function commitFrames(sql: SqlClient, frames: readonly AccountedFrame[], rejections: readonly RejectionTally[], catalog: ProfileCatalog): Promise<Set<string>>;
/**
 * Counts a device's samples of one frame for the ledger, by hour, and returns how many counted.
 * Only good-quality samples with a value count (INDICATORS §4, last sentence): a device sending
 * only `bad` samples with `v: null` is not answering, and must be neither online nor complete.
 * `uncertain` does not count either: OPC UA's Uncertain_LastUsableValue and
 * Uncertain_SubstituteValue (OPC 10000-8 §6.3.2) are a server's held or substituted value while
 * the device itself is unreachable — not evidence that the device answered. The samples are still
 * stored and the frame still counted. A device's samples in a frame nearly always share an hour:
 * counted per run of one hour and added once (an add per sample was 2 % of the ingest's CPU at
 * full load); the quality test rides in the same loop, no second pass.
 */
export declare function countSamples(samples: readonly {
    readonly t: number;
    readonly q: string;
    readonly v: unknown;
}[], add: (hour: number, count: number) => void): number;
