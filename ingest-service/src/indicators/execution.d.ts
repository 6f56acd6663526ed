import type { SampleValue } from "@onramp/contract";
import type { SeriesPoint, SignalSeries } from "./inputs.js";
import { type Interval } from "./intervals.js";
/** MTConnect Execution ACTIVE: the controller is executing a program (INDICATORS §2.3, §2.4). */
export declare const EXECUTION_ACTIVE = "ACTIVE";
/** Points in time order; the sort is stable so equal timestamps keep the store's order. */
export declare function sortedPoints(points: readonly SeriesPoint[]): SeriesPoint[];
/** A point states a value only when its quality is not bad and the value is present. */
export declare function pointValue(point: SeriesPoint): SampleValue;
/**
 * The value a series holds at instant t: the last point at or before t, held for at most
 * `maxHoldMs` (a report-by-exception stream repeats an unchanged value every heartbeat, so an
 * older value is no longer known). `null` when unknown.
 */
export declare function heldValueAt(sorted: readonly SeriesPoint[], t: number, maxHoldMs: number): SampleValue;
/** Index of the last point at or before t in time-ordered points, or -1 (binary search). */
export declare function lastIndexAtOrBefore(sorted: readonly {
    readonly t: number;
}[], t: number): number;
/**
 * Where a series holds a given value, as intervals inside `window`: each point's value holds
 * until the next point or for `maxHoldMs`, whichever comes first.
 */
export declare function intervalsWithValue(series: SignalSeries, value: SampleValue, window: Interval, maxHoldMs: number): Interval[];
/**
 * Time in which the device says it is running: any of its execution series (a multi-channel
 * controller has one per channel) holds ACTIVE.
 */
export declare function activeIntervals(executionSeries: readonly SignalSeries[], window: Interval, maxHoldMs: number): Interval[];
