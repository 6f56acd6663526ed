/**
 * Half-open time intervals [from, to) in epoch ms. Every duration in the indicators is the length
 * of a union or intersection of these, so sums never count an instant twice.
 */
export interface Interval {
    readonly from: number;
    readonly to: number;
}
/** Sorted, non-empty, non-overlapping and non-adjacent: the canonical form of a union. */
export declare function normaliseIntervals(intervals: readonly Interval[]): Interval[];
/** Intersection of two unions. */
export declare function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[];
/** The parts of a union that fall inside one window. */
export declare function clipIntervals(intervals: readonly Interval[], window: Interval): Interval[];
/** Total length of a union, in ms. */
export declare function totalLength(intervals: readonly Interval[]): number;
/** Length of the overlap of a union with one window. */
export declare function overlapLength(intervals: readonly Interval[], window: Interval): number;
