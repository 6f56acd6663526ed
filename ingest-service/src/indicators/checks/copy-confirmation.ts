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
  /**
   * Time of the other stream = stretch × time of this one + …: set by the stretch-tolerant pass
   * (stretch-signature.ts) for a copy replayed slower or faster; absent for a plain shift (1).
   */
  readonly stretch?: number;
}

export interface CopyConfirmationParams {
  /** Two changes correspond when their times differ by at most this after the shift. */
  readonly alignToleranceMs: number;
  readonly minMatchedChanges: number;
  readonly minCoverage: number;
  readonly maxRelativeResidual: number;
}

/** Index of the first change at or after t (binary search). */
function lowerBound(changes: readonly NumericPoint[], t: number): number {
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((changes[mid] as NumericPoint).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function nearest(changes: readonly NumericPoint[], t: number): NumericPoint | undefined {
  const i = lowerBound(changes, t);
  const after = changes[i];
  const before = changes[i - 1];
  if (after === undefined) return before;
  if (before === undefined) return after;
  return t - before.t <= after.t - t ? before : after;
}

/**
 * The shift that best aligns the two change sequences near `approxShiftMs`: the median offset of
 * each change of `a` to the nearest change of `b` (a copy shifted exactly gives one value; a
 * re-timed copy gives a tight cluster whose median is robust to the unmatched changes).
 */
function refineShift(
  a: readonly NumericPoint[],
  b: readonly NumericPoint[],
  approxShiftMs: number,
  window: number,
): number {
  const offsets: number[] = [];
  for (const p of a) {
    const q = nearest(b, p.t + approxShiftMs);
    if (q !== undefined && Math.abs(q.t - p.t - approxShiftMs) <= window) offsets.push(q.t - p.t);
  }
  if (offsets.length === 0) return approxShiftMs;
  offsets.sort((x, y) => x - y);
  return offsets[Math.floor(offsets.length / 2)] as number;
}

/**
 * Confirms (or not) that `b` is `a` shifted by about `approxShiftMs`, with a constant offset and a
 * scale: changes paired one to one within the alignment tolerance, a least-squares affine fit of
 * b's values on a's, and the fit's residual. Returns null when too few changes pair up or the
 * values do not follow each other; the caller judges the other thresholds.
 */
export function confirmCopy(
  a: readonly NumericPoint[],
  b: readonly NumericPoint[],
  approxShiftMs: number,
  searchWindowMs: number,
  params: CopyConfirmationParams,
): CopyFit | null {
  const first = a[0];
  const last = a[a.length - 1];
  const bFirst = b[0];
  const bLast = b[b.length - 1];
  if (first === undefined || last === undefined || bFirst === undefined || bLast === undefined) return null;
  const shiftMs = refineShift(a, b, approxShiftMs, searchWindowMs);
  const from = Math.max(first.t, bFirst.t - shiftMs);
  const to = Math.min(last.t, bLast.t - shiftMs);
  if (to <= from) return null;
  const xs: number[] = [];
  const ys: number[] = [];
  let inOverlap = 0;
  let j = 0;
  for (const p of a) {
    if (p.t < from || p.t > to) continue;
    inOverlap++;
    const target = p.t + shiftMs;
    j = Math.max(j, lowerBound(b, target - params.alignToleranceMs));
    const q = b[j];
    if (q !== undefined && Math.abs(q.t - target) <= params.alignToleranceMs) {
      xs.push(p.v);
      ys.push(q.v);
      j++;
    }
  }
  const n = xs.length;
  if (n < params.minMatchedChanges) return null;
  const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  const scale = sxy / sxx;
  const offset = my - scale * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += ((ys[i] as number) - (scale * (xs[i] as number) + offset)) ** 2;
  return {
    shiftMs,
    scale,
    offset,
    matchedChanges: n,
    coverage: n / inOverlap,
    relativeResidual: Math.sqrt(sse / n) / Math.sqrt(syy / n),
    overlapMs: to - from,
  };
}

/** True when the fit says `b` is a copy of `a`. */
export function isCopy(fit: CopyFit | null, params: CopyConfirmationParams): fit is CopyFit {
  return (
    fit !== null &&
    fit.matchedChanges >= params.minMatchedChanges &&
    fit.coverage >= params.minCoverage &&
    fit.relativeResidual <= params.maxRelativeResidual &&
    fit.scale !== 0
  );
}
