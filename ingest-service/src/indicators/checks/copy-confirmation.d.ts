import type { NumericPoint } from "./series-values.js";
/** What an exact comparison of two change sequences found. */
export interface CopyFit {
    /** Time of the other stream minus time of this one. */
    readonly shiftMs: number;
    /** other = scale × this + offset, least squares over the matched changes. */
    readonly scale: number;
    readonly offset: number;
    readonly matchedChanges: number;
    /** Matched changes ÷ changes of this stream inside the overlap. */
    readonly coverage: number;
    /** RMS of the fit's residuals ÷ standard deviation of the other stream's matched values. */
    readonly relativeResidual: number;
    /** Overlap of the two streams after the shift, ms. */
    readonly overlapMs: number;
}
export interface CopyConfirmationParams {
    /** Two changes correspond when their times differ by at most this after the shift. */
    readonly alignToleranceMs: number;
    readonly minMatchedChanges: number;
    readonly minCoverage: number;
    readonly maxRelativeResidual: number;
}
/**
 * Confirms (or not) that `b` is `a` shifted by about `approxShiftMs`, with a constant offset and a
 * scale: changes paired one to one within the alignment tolerance, a least-squares affine fit of
 * b's values on a's, and the fit's residual. Returns null when too few changes pair up or the
 * values do not follow each other; the caller judges the other thresholds.
 */
export declare function confirmCopy(a: readonly NumericPoint[], b: readonly NumericPoint[], approxShiftMs: number, searchWindowMs: number, params: CopyConfirmationParams): CopyFit | null;
/** True when the fit says `b` is a copy of `a`. */
export declare function isCopy(fit: CopyFit | null, params: CopyConfirmationParams): fit is CopyFit;
