import type { DeviceRecord, HourlyLedgerRow } from "./inputs.js";
import { type Interval, overlapLength } from "./intervals.js";
import { type NotComputable, notComputable } from "./not-computable.js";

const HOUR_MS = 3_600_000;

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
export function dataCompleteness(
  device: Pick<DeviceRecord, "id" | "signals">,
  online: readonly Interval[],
  ledger: readonly HourlyLedgerRow[],
  window: Interval,
): Completeness {
  const rows = ledger.filter(
    (row) => row.device === device.id && row.hourStart < window.to && row.hourStart + HOUR_MS > window.from,
  );
  const totals = { samples: 0, gaps: 0, duplicates: 0, rejections: 0 };
  const byHour = new Map<number, HourlyLedgerRow[]>();
  for (const row of rows) {
    totals.samples += row.samples;
    totals.gaps += row.gaps;
    totals.duplicates += row.duplicates;
    totals.rejections += row.rejections;
    const hour = Math.floor(row.hourStart / HOUR_MS) * HOUR_MS;
    byHour.set(hour, [...(byHour.get(hour) ?? []), row]);
  }
  let expected = 0;
  let received = 0;
  const firstHour = Math.floor(window.from / HOUR_MS) * HOUR_MS;
  for (let hour = firstHour; hour < window.to; hour += HOUR_MS) {
    const onlineMs = overlapLength(online, {
      from: Math.max(hour, window.from),
      to: Math.min(hour + HOUR_MS, window.to),
    });
    if (onlineMs === 0) continue;
    const hourRows = byHour.get(hour) ?? [];
    const hourSamples = hourRows.reduce((sum, row) => sum + row.samples, 0);
    const perSignal = hourRows.length > 0 && hourRows.every((row) => row.samplesBySignal !== undefined);
    let hourExpected = 0;
    let hourCapped = 0;
    for (const signal of device.signals) {
      const signalExpected = onlineMs / signal.heartbeatMs;
      hourExpected += signalExpected;
      if (perSignal) {
        const count = hourRows.reduce((sum, row) => sum + (row.samplesBySignal?.[signal.id] ?? 0), 0);
        hourCapped += Math.min(count, signalExpected);
      }
    }
    expected += hourExpected;
    received += perSignal ? hourCapped : Math.min(hourSamples, hourExpected);
  }
  if (device.signals.length === 0) {
    return { value: null, reason: notComputable("NO_SIGNALS"), received, expected, ledger: totals };
  }
  if (expected === 0) {
    return { value: null, reason: notComputable("NO_ONLINE_TIME"), received, expected, ledger: totals };
  }
  return { value: received / expected, reason: null, received, expected, ledger: totals };
}
