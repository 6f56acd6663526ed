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
export function changeEvents(points: readonly NumericPoint[]): NumericPoint[] {
  const changes: NumericPoint[] = [];
  let last: number | undefined;
  for (const p of points) {
    if (p.v === last) continue;
    changes.push(p);
    last = p.v;
  }
  return changes;
}

/** Half-octave bins: robust to a copier's ms rounding, still ~40 bins between 1 ms and a day. */
const BINS_PER_OCTAVE = 2;
const RATIO_CLIP = 16;
/**
 * Quantised values make exact bin edges common (steps of 0.06 and 0.03 are a ratio of exactly 2);
 * after a copier's scaling the same ratio is 1.9999999999999998. Nudging by far more than rounding
 * error and far less than a bin keeps both in one bin.
 */
const EDGE_NUDGE = 1e-9;

function intervalBin(dtMs: number): number {
  return Math.floor(BINS_PER_OCTAVE * Math.log2(Math.max(1, dtMs)));
}

/** Sign and half-octave magnitude of d_i / d_{i−1}, clipped to ±2⁸: 66 values. */
export function ratioBin(ratio: number): number {
  const magnitude = Math.max(
    -RATIO_CLIP,
    Math.min(RATIO_CLIP, Math.floor(BINS_PER_OCTAVE * Math.log2(Math.abs(ratio)) + EDGE_NUDGE)),
  );
  return (ratio < 0 ? 1 : 0) * (2 * RATIO_CLIP + 1) + magnitude + RATIO_CLIP;
}

/**
 * One token per change from the third on (a ratio needs two steps): the interval since the change
 * before and the ratio of this step to the one before. `tokens[i]` describes `changes[i + 2]`.
 */
export function changeTokens(changes: readonly NumericPoint[]): Int32Array {
  const count = Math.max(0, changes.length - 2);
  const tokens = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const a = changes[i] as NumericPoint;
    const b = changes[i + 1] as NumericPoint;
    const c = changes[i + 2] as NumericPoint;
    tokens[i] = intervalBin(c.t - b.t) * 1_000 + ratioBin((c.v - b.v) / (b.v - a.v));
  }
  return tokens;
}

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

/** FNV-1a over the k tokens of a window (32 bits is plenty: candidates are confirmed exactly). */
function windowHash(tokens: Int32Array, from: number, k: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < from + k; i++) {
    let x = tokens[i] as number;
    for (let byte = 0; byte < 4; byte++) {
      h ^= x & 0xff;
      h = Math.imul(h, 0x01000193);
      x >>>= 8;
    }
  }
  return h >>> 0;
}

/**
 * The signature of a series' changes with windows of `k` tokens, winnowed over `w` windows;
 * `tokensOf` chooses what a change is reduced to (`changeTokens`; `stretchTokens` for the
 * stretch-tolerant pass, stretch-signature.ts).
 */
export function changeSignature(
  changes: readonly NumericPoint[],
  k: number,
  w: number,
  tokensOf: (changes: readonly NumericPoint[]) => Int32Array = changeTokens,
): ChangeSignature {
  const tokens = tokensOf(changes);
  const windows = tokens.length - k + 1;
  if (windows <= 0) return { changes: changes.length, distinctWindowShare: 0, fingerprints: [] };
  const hashes = new Uint32Array(windows);
  for (let i = 0; i < windows; i++) hashes[i] = windowHash(tokens, i, k);
  const distinct = new Set(hashes).size;
  const fingerprints: Fingerprint[] = [];
  let lastKept = -1;
  for (let start = 0; start + w <= windows || (start === 0 && windows < w); start++) {
    const end = Math.min(windows, start + w);
    // Rightmost minimum, as the paper's robust winnowing: ties keep the window already chosen.
    let min = start;
    for (let i = start; i < end; i++) if ((hashes[i] as number) <= (hashes[min] as number)) min = i;
    if (min !== lastKept) {
      fingerprints.push({ hash: hashes[min] as number, t: (changes[min] as NumericPoint).t });
      lastKept = min;
    }
    if (end === windows) break;
  }
  return { changes: changes.length, distinctWindowShare: distinct / windows, fingerprints };
}
