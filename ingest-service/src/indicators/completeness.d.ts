import type { DeviceRecord, HourlyLedgerRow } from "./inputs.js";
import { type Interval } from "./intervals.js";
import { type NotComputable } from "./not-computable.js";
export interface Completeness {
    /** Received ÷ expected in [0, 1], or null with a reason. */
    readonly value: number | null;
    readonly reason: NotComputable | null;
    /** Samples counted towards the ratio (each hour's and signal's count capped at its expectation). */
    readonly received: number;
    /** Samples the heartbeats call for over the online time. */
    readonly expected: number;
    /** Raw ledger totals over the hours that overlap the window, for the audit trail. */
    readonly ledger: {
        readonly samples: number;
        readonly gaps: number;
        readonly duplicates: number;
        readonly rejections: number;
    };
}
/**
 * INDICATORS §2.5: samples received ÷ samples expected, where each signal is expected once per
 * heartbeat over the time the device was online, hour by hour from the ledger.
 *
 * Each hour's received count is capped at that hour's expectation (per signal when the ledger
 * keeps per-signal counts), because a report-by-exception signal that changes often sends far
 * more than one sample per heartbeat: uncapped, one busy hour or one chattering signal would
 * hide hours or signals that sent nothing.
 */
export declare function dataCompleteness(device: Pick<DeviceRecord, "id" | "signals">, online: readonly Interval[], ledger: readonly HourlyLedgerRow[], window: Interval): Completeness;
