/**
 * Half-open time intervals [from, to) in epoch ms. Every duration in the indicators is the length
 * of a union or intersection of these, so sums never count an instant twice.
 */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

/** Sorted, non-empty, non-overlapping and non-adjacent: the canonical form of a union. */
export function normaliseIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && interval.from <= last.to) {
      merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, interval.to) };
    } else {
      merged.push({ from: interval.from, to: interval.to });
    }
  }
  return merged;
}

/** Intersection of two unions. */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const left = normaliseIntervals(a);
  const right = normaliseIntervals(b);
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const x = left[i] as Interval;
    const y = right[j] as Interval;
    const from = Math.max(x.from, y.from);
    const to = Math.min(x.to, y.to);
    if (to > from) result.push({ from, to });
    if (x.to < y.to) i++;
    else j++;
  }
  return result;
}

/** The parts of a union that fall inside one window. */
export function clipIntervals(intervals: readonly Interval[], window: Interval): Interval[] {
  return intersectIntervals(intervals, [window]);
}

/** Total length of a union, in ms. */
export function totalLength(intervals: readonly Interval[]): number {
  let total = 0;
  for (const interval of normaliseIntervals(intervals)) total += interval.to - interval.from;
  return total;
}

/** Length of the overlap of a union with one window. */
export function overlapLength(intervals: readonly Interval[], window: Interval): number {
  return totalLength(clipIntervals(intervals, window));
}
