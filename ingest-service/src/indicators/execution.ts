import type { SampleValue } from "@onramp/contract";
import type { SeriesPoint, SignalSeries } from "./inputs.js";
import { clipIntervals, type Interval, normaliseIntervals } from "./intervals.js";

/** MTConnect Execution ACTIVE: the controller is executing a program (INDICATORS §2.3, §2.4). */
export const EXECUTION_ACTIVE = "ACTIVE";

/** Points in time order; the sort is stable so equal timestamps keep the store's order. */
export function sortedPoints(points: readonly SeriesPoint[]): SeriesPoint[] {
  return [...points].sort((a, b) => a.t - b.t);
}

/** A point states a value only when its quality is not bad and the value is present. */
export function pointValue(point: SeriesPoint): SampleValue {
  return point.q === "bad" ? null : point.v;
}

/**
 * The value a series holds at instant t: the last point at or before t, held for at most
 * `maxHoldMs` (a report-by-exception stream repeats an unchanged value every heartbeat, so an
 * older value is no longer known). `null` when unknown.
 */
export function heldValueAt(sorted: readonly SeriesPoint[], t: number, maxHoldMs: number): SampleValue {
  const found = lastIndexAtOrBefore(sorted, t);
  if (found < 0) return null;
  const point = sorted[found] as SeriesPoint;
  return t - point.t < maxHoldMs ? pointValue(point) : null;
}

/** Index of the last point at or before t in time-ordered points, or -1 (binary search). */
export function lastIndexAtOrBefore(sorted: readonly { readonly t: number }[], t: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as { readonly t: number }).t <= t) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * Where a series holds a given value, as intervals inside `window`: each point's value holds
 * until the next point or for `maxHoldMs`, whichever comes first.
 */
export function intervalsWithValue(
  series: SignalSeries,
  value: SampleValue,
  window: Interval,
  maxHoldMs: number,
): Interval[] {
  const points = sortedPoints(series.points);
  const intervals: Interval[] = [];
  for (const [index, point] of points.entries()) {
    if (pointValue(point) !== value) continue;
    const next = points[index + 1];
    const to = Math.min(point.t + maxHoldMs, next === undefined ? Number.POSITIVE_INFINITY : next.t);
    intervals.push({ from: point.t, to });
  }
  return clipIntervals(normaliseIntervals(intervals), window);
}

/**
 * Time in which the device says it is running: any of its execution series (a multi-channel
 * controller has one per channel) holds ACTIVE.
 */
export function activeIntervals(
  executionSeries: readonly SignalSeries[],
  window: Interval,
  maxHoldMs: number,
): Interval[] {
  return normaliseIntervals(
    executionSeries.flatMap((series) => intervalsWithValue(series, EXECUTION_ACTIVE, window, maxHoldMs)),
  );
}
