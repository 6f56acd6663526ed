import type { Interval } from "./intervals.js";
import type { MemberTrendFigure, MemberTrendPoint, TrendFigure, TrendPoint } from "./trends.js";

/**
 * Issue 15 §5, long trends: weeks and months aggregated from closed local days, each day's figures
 * computed by a report of that day alone (`enterpriseTrendMembers` over one bucket) and kept with
 * the devices behind them. The rule, per figure and bucket of days (INDICATORS §2.1, §2.3, §3 on
 * the bureau's side):
 *
 * - the days that count are the bucket's judged days (observed working time at least
 *   `judgement.minObservedWorkingMs`); a bucket with no judged day uses all its days and is not
 *   judged itself;
 * - the denominator is every device in the denominator of one of those days (a device registered
 *   mid-week counts from its first day; one retired mid-week still counts for the week);
 * - the numerator is every such device counted on **every** one of those days on which it was in
 *   the denominator: a machine off cloud, or below `consistent`, on one working day of the week is
 *   not networked that week. A week is as good as its worst working day, never an average that a
 *   few good days could lift — which errs on the side of the bureau, as a whole-week report does
 *   for a device's evidence level.
 */
export const TREND_FIGURES = ["networking", "cnc", "onCloud"] as const;
type FigureName = (typeof TREND_FIGURES)[number];

/** One bucket's figure from its days' figures (the rule above). */
export function aggregateDayFigures(days: readonly MemberTrendFigure[]): TrendFigure {
  const judgedDays = days.filter((d) => d.judged && d.denominator > 0);
  const counting = judgedDays.length > 0 ? judgedDays : days;
  const of = new Set(counting.flatMap((d) => d.of));
  const counted = [...of].filter((device) =>
    counting.every((d) => !d.of.includes(device) || d.counted.includes(device)),
  );
  return {
    value: of.size === 0 ? null : counted.length / of.size,
    numerator: counted.length,
    denominator: of.size,
    // Nothing to count is judged (no value), unless it is for want of figures (days not judged).
    judged: judgedDays.length > 0 || (of.size === 0 && counting.every((d) => d.judged)),
  };
}

/**
 * Per bucket, the aggregate of the days that overlap it (days are whole local days; bucket
 * boundaries are local midnights, the first and last clipped to the period, so each day falls in
 * exactly one bucket).
 */
export function aggregateDays(days: readonly MemberTrendPoint[], buckets: readonly Interval[]): TrendPoint[] {
  return buckets.map((bucket) => {
    const inside = days.filter((d) => d.from < bucket.to && d.to > bucket.from);
    const figure = (name: FigureName) => aggregateDayFigures(inside.map((d) => d[name]));
    return {
      from: bucket.from,
      to: bucket.to,
      networking: figure("networking"),
      cnc: figure("cnc"),
      onCloud: figure("onCloud"),
    };
  });
}

const DAY_MS = 86_400_000;

/** The local days (midnight to midnight at `offsetMs`) that overlap [from, to), whole. */
export function localDays(period: Interval, offsetMs: number): Interval[] {
  const days: Interval[] = [];
  const first = Math.floor((period.from + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
  for (let from = first; from < period.to; from += DAY_MS) days.push({ from, to: from + DAY_MS });
  return days;
}
