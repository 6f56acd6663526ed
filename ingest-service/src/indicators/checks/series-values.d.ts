import type { SeriesPoint } from "../inputs.js";
/** A point with a usable numeric value. */
export interface NumericPoint {
    readonly t: number;
    readonly v: number;
}
/** The points of a series that state a number, in time order (bad quality and non-numbers dropped). */
export declare function numericPoints(points: readonly SeriesPoint[]): NumericPoint[];
