import type { NumericPoint } from "./series-values.js";
/**
 * A compact, shift/offset/scale-invariant signature of a series' change sequence, the key of the
 * copied-stream index (INDICATORS §5 uniqueness, issue 14). A copier may shift a stream in time,
 * add a constant and multiply by a factor; what survives all three is the *timing* between value
 * changes and the *ratio* of consecutive value steps (d_i / d_{i−1}: the offset cancels in each
 * step, the scale in the ratio). Each change becomes one token; k consecutive tokens are hashed
 * (a rolling window) and winnowed (Schleimer, Wilkerson, Aiken, "Winnowing: local algorithms for
 * document fingerprinting", SIGMOD 2003) so that any run of ≥ k + w − 1 shared tokens shares at
 * least one fingerprint, while only ~2/(w+1) of the windows are kept.
 */
/** A value change: the first point, then every point whose value differs from the one before. */
export declare function changeEvents(points: readonly NumericPoint[]): NumericPoint[];
/**
 * One token per change from the third on (a ratio needs two steps): the interval since the change
 * before and the ratio of this step to the one before. `tokens[i]` describes `changes[i + 2]`.
 */
export declare function changeTokens(changes: readonly NumericPoint[]): Int32Array;
/** A kept window hash and the time of the change its window starts at (for the shift estimate). */
export interface Fingerprint {
    readonly hash: number;
    readonly t: number;
}
export interface ChangeSignature {
    readonly changes: number;
    /** Distinct k-token windows ÷ windows: low for a repetitive program, ~1 for a random process. */
    readonly distinctWindowShare: number;
    readonly fingerprints: readonly Fingerprint[];
}
/** The signature of a series' changes with windows of `k` tokens, winnowed over `w` windows. */
export declare function changeSignature(changes: readonly NumericPoint[], k: number, w: number): ChangeSignature;
