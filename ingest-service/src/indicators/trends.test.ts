import { describe, expect, it } from "vitest";
import {
  cncDevice,
  DAY,
  emptyInput,
  frameEvents,
  HOUR,
  local,
  MINUTE,
  MONDAY,
  SECOND,
} from "../../test/indicator-scenarios/fixtures.js";
import { computeEnterpriseReport } from "./enterprise-report.js";
import type { EnterpriseInput, HourlyLedgerRow, SeriesPoint } from "./inputs.js";
import { DEFAULT_PARAMS } from "./params.js";
import { bucketFor, trendBuckets } from "./trend-buckets.js";
import { bureauTrend, enterpriseTrend } from "./trends.js";

/** Ledger rows meeting every heartbeat of the five 60 s CNC signals in each hour of [from, to). */
function ledger(device: string, from: number, to: number): HourlyLedgerRow[] {
  const rows: HourlyLedgerRow[] = [];
  for (let h = from; h < to; h += HOUR)
    rows.push({ device, hourStart: h, frames: 120, samples: 300, gaps: 0, duplicates: 0, rejections: 0 });
  return rows;
}

/** An execution state at a few irregular instants (too few for the spacing check to judge). */
const execution = (device: string, states: [number, string][]) => ({
  device,
  signal: "execution",
  role: "execution" as const,
  points: states.map(([t, v]): SeriesPoint => ({ t, v, q: "good" })),
});

/**
 * Monday to Wednesday, day shift 08:00–18:00 (Beijing time). lathe-1 works Monday and Tuesday and
 * is silent on Wednesday; lathe-2 is registered on Tuesday at 13:00, online from then on, and is
 * never seen running.
 */
function threeDays(): EnterpriseInput {
  const lathe2From = local(1, "13:00");
  return emptyInput({
    period: { from: MONDAY, to: MONDAY + 3 * DAY },
    devices: [cncDevice("lathe-1"), cncDevice("lathe-2", { registeredAt: lathe2From })],
    presence: [
      ...frameEvents("lathe-1", local(0, "08:00"), local(0, "18:00"), 30 * SECOND),
      ...frameEvents("lathe-1", local(1, "08:00"), local(1, "18:00"), 30 * SECOND),
      ...frameEvents("lathe-2", lathe2From, local(2, "18:00"), 30 * SECOND),
    ],
    ledger: [
      ...ledger("lathe-1", local(0, "08:00"), local(0, "18:00")),
      ...ledger("lathe-1", local(1, "08:00"), local(1, "18:00")),
      ...ledger("lathe-2", lathe2From, local(2, "18:00")),
    ],
    series: [
      execution("lathe-1", [
        [local(0, "08:01") + 137, "READY"],
        [local(0, "09:13") + 411, "ACTIVE"],
        [local(1, "08:02") + 53, "READY"],
        [local(1, "10:47") + 919, "ACTIVE"],
      ]),
      execution("lathe-2", [
        [local(1, "13:04") + 77, "READY"],
        [local(2, "09:31") + 5, "READY"],
      ]),
    ],
  });
}

describe("trendBuckets", () => {
  it("cuts at Beijing-time midnights, the last bucket clipped to the period", () => {
    const buckets = trendBuckets({ from: MONDAY + 6 * HOUR, to: MONDAY + 2 * DAY + HOUR }, "day");
    expect(buckets).toEqual([
      { from: MONDAY + 6 * HOUR, to: MONDAY + DAY },
      { from: MONDAY + DAY, to: MONDAY + 2 * DAY },
      { from: MONDAY + 2 * DAY, to: MONDAY + 2 * DAY + HOUR },
    ]);
  });

  it("starts weeks on Monday 00:00 Beijing time", () => {
    const buckets = trendBuckets({ from: MONDAY + 3 * DAY, to: MONDAY + 15 * DAY }, "week") ?? [];
    expect(buckets.map((b) => (b.from - MONDAY) / DAY)).toEqual([3, 7, 14]);
  });

  it("picks hours for a day, days up to two weeks, weeks beyond, and refuses too many buckets", () => {
    expect(bucketFor({ from: 0, to: DAY + 1 })).toBe("hour");
    expect(bucketFor({ from: 0, to: 7 * DAY + 1 })).toBe("day");
    expect(bucketFor({ from: 0, to: 30 * DAY + 1 })).toBe("week");
    expect(trendBuckets({ from: 0, to: 40 * DAY }, "hour")).toBeNull();
  });
});

describe("enterpriseTrend (issue 15 §5)", () => {
  const input = threeDays();
  const buckets = trendBuckets(input.period, "day") ?? [];
  const report = computeEnterpriseReport(input, DEFAULT_PARAMS);
  const trend = enterpriseTrend(input, report, buckets, DEFAULT_PARAMS);
  const figures = (key: "networking" | "cnc" | "onCloud") =>
    trend.map((p) => [p[key].numerator, p[key].denominator]);

  it("follows the machines day by day: a device registered mid-period counts from its registration", () => {
    expect(figures("networking")).toEqual([
      [1, 1],
      [2, 2],
      [1, 2],
    ]);
    expect(figures("onCloud")).toEqual(figures("networking"));
    expect(figures("cnc")).toEqual([
      [1, 1],
      [1, 2],
      [0, 2],
    ]);
    expect(trend.every((p) => p.cnc.judged && p.networking.judged)).toBe(true);
  });

  it("gives, bucket by bucket, the verified rates a report of that bucket gives, in one pass", () => {
    const started = performance.now();
    const whole = computeEnterpriseReport(input, DEFAULT_PARAMS);
    const reportMs = performance.now() - started;
    const again = enterpriseTrend(input, whole, buckets, DEFAULT_PARAMS);
    const onePass = performance.now() - started;
    const startedN = performance.now();
    const perBucket = buckets.map((bucket) =>
      computeEnterpriseReport({ ...input, period: bucket }, DEFAULT_PARAMS),
    );
    const nReports = performance.now() - startedN;
    for (const [i, r] of perBucket.entries()) {
      expect(again[i]?.networking.value).toBe(r.rates.networking.verified.value);
      expect(again[i]?.cnc.value).toBe(r.rates.cnc.verified.value);
    }
    console.log(
      `trend of ${buckets.length} days: whole-period report ${reportMs.toFixed(1)} ms + buckets ${(onePass - reportMs).toFixed(1)} ms; ` +
        `${buckets.length} per-bucket reports ${nReports.toFixed(1)} ms`,
    );
  });

  it("keeps evidence over the whole period: a device below consistent counts on cloud but not networked", () => {
    const cloned = {
      ...input,
      fingerprintPeers: [{ device: "lathe-1", enterprise: "other-co", fingerprint: "sha256:lathe-1" }],
    };
    const t = enterpriseTrend(
      cloned,
      computeEnterpriseReport(cloned, DEFAULT_PARAMS),
      buckets,
      DEFAULT_PARAMS,
    );
    expect(t.map((p) => p.networking.numerator)).toEqual([0, 1, 1]);
    expect(t.map((p) => p.onCloud.numerator)).toEqual([1, 2, 1]);
  });

  it("marks a bucket with less observed working time than required as not judged", () => {
    const short = { ...input, period: { from: MONDAY, to: local(0, "08:02") } };
    const [only] = enterpriseTrend(
      short,
      computeEnterpriseReport(short, DEFAULT_PARAMS),
      trendBuckets(short.period, "day") ?? [],
      DEFAULT_PARAMS,
    );
    expect(only?.networking).toMatchObject({ judged: false, denominator: 1 });
    expect(only?.cnc.judged).toBe(false);
  });
});

describe("bureauTrend", () => {
  it("averages the judged enterprise values of each bucket, leaving unjudged ones out", () => {
    const bucket = { from: 0, to: MINUTE };
    const fig = (value: number | null, judged: boolean) => ({ value, numerator: 0, denominator: 1, judged });
    const point = (v: number | null, judged = true) => ({
      ...bucket,
      networking: fig(v, judged),
      cnc: fig(v, judged),
      onCloud: fig(v, judged),
    });
    const [p] = bureauTrend([bucket], [[point(1)], [point(0.5)], [point(0, false)], [point(null)]]);
    expect(p?.networking).toEqual({ value: 0.75, enterprises: 2 });
  });
});
