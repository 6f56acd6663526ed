import { ratioBin } from "./change-signature.js";
import { type CopyConfirmationParams, type CopyFit, confirmCopy } from "./copy-confirmation.js";
import type { NumericPoint } from "./series-values.js";

/**
 * The stretch-tolerant pass of the copied-stream check (issue 14): a copier who read the index's
 * tolerances replays a stream slower or faster, t' = a·t + b, so every interval between value
 * changes is multiplied by a and no single time shift gathers the shared fingerprints. What
 * survives a linear time map is the *ratio* of consecutive intervals (dt_i / dt_{i−1}: a cancels),
 * as the ratio of consecutive value steps survives an offset and a scale. Tokens of those two
 * ratios are indexed like the plain ones; a pair sharing fingerprints gets a time map fitted to
 * the shared fingerprints' times (Theil–Sen, robust to spurious matches), and is confirmed by the
 * exact comparison on the mapped changes.
 */

const BINS_PER_OCTAVE = 2;
const INTERVAL_RATIO_CLIP = 12;

/**
 * Half-octave bins of dt_i / dt_{i−1}, rounded rather than floored: polled data has equal
 * intervals (ratio 1, 2, ½) far more often than any other, and rounding puts those at bin centres
 * (edges at 2^±¼ ≈ 1.19), so a copier's millisecond rounding of stretched times cannot move them.
 */
function intervalRatioBin(before: number, after: number): number {
  const bin = Math.round(BINS_PER_OCTAVE * Math.log2(Math.max(1, after) / Math.max(1, before)));
  return Math.max(-INTERVAL_RATIO_CLIP, Math.min(INTERVAL_RATIO_CLIP, bin)) + INTERVAL_RATIO_CLIP;
}

/**
 * One token per change from the third on: the ratio of this interval to the one before, and the
 * ratio of this value step to the one before. `tokens[i]` describes `changes[i + 2]`, as
 * `changeTokens` does, so the same winnowing applies.
 */
export function stretchTokens(changes: readonly NumericPoint[]): Int32Array {
  const count = Math.max(0, changes.length - 2);
  const tokens = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const a = changes[i] as NumericPoint;
    const b = changes[i + 1] as NumericPoint;
    const c = changes[i + 2] as NumericPoint;
    tokens[i] = intervalRatioBin(b.t - a.t, c.t - b.t) * 1_000 + ratioBin((c.v - b.v) / (b.v - a.v));
  }
  return tokens;
}

/** other time = stretch × this time + offsetMs. */
export interface TimeMap {
  readonly stretch: number;
  readonly offsetMs: number;
  /** Shared fingerprints within `toleranceMs` of the map. */
  readonly inliers: number;
}

/** At most this many shared fingerprints enter the slope median: ≤ 2,016 slopes per pair. */
const MAX_FIT_POINTS = 64;
/** Two fingerprints closer in time than this give a slope of mostly timing noise. */
const MIN_SLOPE_BASE_MS = 1_000;

const median = (values: number[]): number => {
  values.sort((x, y) => x - y);
  return values[Math.floor(values.length / 2)] as number;
};

/**
 * The linear time map the shared fingerprints agree on: the Theil–Sen slope (median of pairwise
 * slopes; up to ~29 % of spurious pairs cannot move it), the median intercept, then a least-squares
 * refit on the pairs within `toleranceMs`. Null when fewer than two pairs or no slope.
 */
export function fitTimeMap(
  self: readonly number[],
  other: readonly number[],
  toleranceMs: number,
): TimeMap | null {
  const n = self.length;
  if (n < 2) return null;
  const step = Math.max(1, n / MAX_FIT_POINTS);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i += step) {
    xs.push(self[Math.floor(i)] as number);
    ys.push(other[Math.floor(i)] as number);
  }
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++) {
      const dx = (xs[j] as number) - (xs[i] as number);
      if (Math.abs(dx) >= MIN_SLOPE_BASE_MS) slopes.push(((ys[j] as number) - (ys[i] as number)) / dx);
    }
  if (slopes.length === 0) return null;
  const roughStretch = median(slopes);
  const roughOffset = median(xs.map((x, i) => (ys[i] as number) - roughStretch * x));
  // Refit on every inlier (not only the sampled ones): the map must hold to a few ms over hours.
  let sx = 0;
  let sy = 0;
  let count = 0;
  const inX: number[] = [];
  const inY: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = self[i] as number;
    const y = other[i] as number;
    if (Math.abs(y - (roughStretch * x + roughOffset)) > toleranceMs) continue;
    inX.push(x);
    inY.push(y);
    sx += x;
    sy += y;
    count++;
  }
  if (count < 2) return { stretch: roughStretch, offsetMs: roughOffset, inliers: count };
  const mx = sx / count;
  const my = sy / count;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < count; i++) {
    const dx = (inX[i] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((inY[i] as number) - my);
  }
  const stretch = sxx > 0 ? sxy / sxx : roughStretch;
  return { stretch, offsetMs: my - stretch * mx, inliers: count };
}

/**
 * Confirms that `b` is `a` replayed through `map` (with an offset and a scale of the values):
 * `a`'s changes are moved to b's clock and compared exactly (`confirmCopy`, which also refines a
 * residual shift within `searchWindowMs`). The fit's `shiftMs` is then the mean time of b minus
 * time of a over a's changes inside b's span — positive when b plays later, as for a plain copy.
 */
export function confirmStretchedCopy(
  a: readonly NumericPoint[],
  b: readonly NumericPoint[],
  map: TimeMap,
  searchWindowMs: number,
  params: CopyConfirmationParams,
): CopyFit | null {
  const moved = a.map((p) => ({ t: map.stretch * p.t + map.offsetMs, v: p.v }));
  const fit = confirmCopy(moved, b, 0, searchWindowMs, params);
  const bFirst = b[0];
  const bLast = b[b.length - 1];
  if (fit === null || bFirst === undefined || bLast === undefined) return null;
  let sum = 0;
  let count = 0;
  for (const [i, p] of moved.entries()) {
    const t = p.t + fit.shiftMs;
    if (t < bFirst.t || t > bLast.t) continue;
    sum += t - (a[i] as NumericPoint).t;
    count++;
  }
  return {
    ...fit,
    stretch: map.stretch,
    shiftMs: count === 0 ? fit.shiftMs : Math.round(sum / count),
  };
}
