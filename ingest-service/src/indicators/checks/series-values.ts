import { pointValue, sortedPoints } from "../execution.js";
import type { SeriesPoint } from "../inputs.js";

/** A point with a usable numeric value. */
export interface NumericPoint {
  readonly t: number;
  readonly v: number;
}

/** The points of a series that state a number, in time order (bad quality and non-numbers dropped). */
export function numericPoints(points: readonly SeriesPoint[]): NumericPoint[] {
  const result: NumericPoint[] = [];
  for (const point of sortedPoints(points)) {
    const value = pointValue(point);
    if (typeof value === "number") result.push({ t: point.t, v: value });
  }
  return result;
}
