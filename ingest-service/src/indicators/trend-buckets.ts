import type { Period } from "./inputs.js";
import type { Interval } from "./intervals.js";
import { PILOT_UTC_OFFSET_MINUTES } from "./period.js";

/** Issue 15 §5: trends per week (per month for long periods), or per day (per hour) for short ones. */
export const TREND_BUCKETS = ["hour", "day", "week", "month"] as const;
export type TrendBucket = (typeof TREND_BUCKETS)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** At most this many buckets in one trend: a month of hours. */
export const MAX_TREND_BUCKETS = 31 * 24;
/** A trend covers at most three years (issue 15 §5: progress toward 2027), cut from stored days. */
export const MAX_TREND_PERIOD_MS = 3 * 366 * DAY_MS;

/**
 * Hours up to a day, days up to two weeks, weeks up to a year, months beyond: 7 to 52 points on a
 * chart, mostly; a bureau following the pilot toward 2027 sees its weekly progress over a year.
 */
export function bucketFor(period: Period): TrendBucket {
  const length = period.to - period.from;
  if (length <= DAY_MS + 1) return "hour";
  if (length <= 14 * DAY_MS + 1) return "day";
  if (length <= 366 * DAY_MS + 1) return "week";
  return "month";
}

/**
 * The period cut at local hour, midnight, Monday-midnight or first-of-the-month boundaries
 * (Asia/Shanghai by default, ISO weeks start on Monday), the first and last buckets clipped to the
 * period. null when there would be more than `MAX_TREND_BUCKETS`.
 */
export function trendBuckets(
  period: Period,
  bucket: TrendBucket,
  utcOffsetMinutes = PILOT_UTC_OFFSET_MINUTES,
): Interval[] | null {
  const offset = utcOffsetMinutes * 60_000;
  if (bucket === "month") return monthBuckets(period, offset);
  const size = bucket === "hour" ? HOUR_MS : bucket === "day" ? DAY_MS : 7 * DAY_MS;
  // 1970-01-01 was a Thursday: local Monday midnights are 4 days (+ k weeks) after the epoch.
  const origin = (bucket === "week" ? 4 * DAY_MS : 0) - offset;
  let start = origin + Math.floor((period.from - origin) / size) * size;
  if ((period.to - start) / size > MAX_TREND_BUCKETS) return null;
  const buckets: Interval[] = [];
  for (; start < period.to; start += size)
    buckets.push({ from: Math.max(start, period.from), to: Math.min(start + size, period.to) });
  return buckets;
}

/** Calendar months in local time (months differ in length: no fixed size). */
function monthBuckets(period: Period, offset: number): Interval[] | null {
  const local = new Date(period.from + offset);
  let year = local.getUTCFullYear();
  let month = local.getUTCMonth();
  const buckets: Interval[] = [];
  for (let start = Date.UTC(year, month, 1) - offset; start < period.to; ) {
    month += 1;
    if (month === 12) [year, month] = [year + 1, 0];
    const next = Date.UTC(year, month, 1) - offset;
    buckets.push({ from: Math.max(start, period.from), to: Math.min(next, period.to) });
    if (buckets.length > MAX_TREND_BUCKETS) return null;
    start = next;
  }
  return buckets;
}
