import { type Flag, makeFlag } from "../flags.js";
import type { SignalSeries } from "../inputs.js";
import type { PlausibilityParams } from "../params.js";
import { numericPoints } from "./series-values.js";

/** Coefficient of variation (σ / μ) of the spacing between distinct sample times; null if too few. */
export function spacingCv(times: readonly number[], minIntervals: number): number | null {
  const distinct = [...new Set(times)].sort((a, b) => a - b);
  const intervals: number[] = [];
  for (let i = 1; i < distinct.length; i++)
    intervals.push((distinct[i] as number) - (distinct[i - 1] as number));
  if (intervals.length < minIntervals) return null;
  const mean = intervals.reduce((sum, x) => sum + x, 0) / intervals.length;
  const variance = intervals.reduce((sum, x) => sum + (x - mean) ** 2, 0) / intervals.length;
  return Math.sqrt(variance) / mean;
}

/**
 * INDICATORS §5 plausibility, "near-zero jitter of sample spacing": a series whose sample times
 * are spaced with a coefficient of variation below `spacingMinCv`. Real reads pass through a bus,
 * a controller and an OS scheduler; a script adding a fixed period to a counter does not.
 */
export function checkSpacingRegularity(
  device: string,
  series: readonly SignalSeries[],
  params: PlausibilityParams,
): Flag[] {
  const flags: Flag[] = [];
  for (const s of series) {
    if (s.device !== device) continue;
    const cv = spacingCv(
      s.points.map((p) => p.t),
      params.spacingMinIntervals,
    );
    if (cv === null || cv >= params.spacingMinCv) continue;
    flags.push(
      makeFlag(
        "PLAUSIBILITY_SPACING_TOO_REGULAR",
        device,
        `Samples of "${s.signal}" from "${device}" are spaced with a variation of ${cv.toPrecision(2)} (below ${params.spacingMinCv}): too regular for reads from a real device.`,
        { signal: s.signal, spacingCv: cv, samples: s.points.length },
      ),
    );
  }
  return flags;
}

export interface Repetition {
  /** The period, in samples. */
  readonly lag: number;
  /** RMS difference between the series and itself shifted by `lag`, as a share of its σ. */
  readonly relativeError: number;
}

/**
 * The shortest lag (≥ 2 samples, at least `periodicMinCycles` repetitions) at which a series
 * repeats itself within `periodicTolerance` of its standard deviation, while consecutive samples
 * differ by `periodicSmoothnessRatio` times more than that (so a slow smooth signal, whose every
 * small lag fits well, does not count). The search stops summing a lag as soon as it cannot fit.
 */
export function findRepetition(values: readonly number[], params: PlausibilityParams): Repetition | null {
  const n = values.length;
  if (n < params.periodicMinSamples) return null;
  const mean = values.reduce((sum, x) => sum + x, 0) / n;
  const variance = values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / n;
  if (variance === 0) return null;
  const at = (i: number) => values[i] as number;
  let stepSquares = 0;
  for (let i = 1; i < n; i++) stepSquares += (at(i) - at(i - 1)) ** 2;
  const stepRms = Math.sqrt(stepSquares / (n - 1));
  const allowedRms = Math.min(
    params.periodicTolerance * Math.sqrt(variance),
    stepRms / params.periodicSmoothnessRatio,
  );
  for (let lag = 2; lag <= Math.floor(n / params.periodicMinCycles); lag++) {
    const budget = allowedRms ** 2 * (n - lag);
    let squares = 0;
    for (let i = lag; i < n && squares <= budget; i++) squares += (at(i) - at(i - lag)) ** 2;
    if (squares <= budget) return { lag, relativeError: Math.sqrt(squares / (n - lag) / variance) };
  }
  return null;
}

/**
 * INDICATORS §5 plausibility, "a near-perfect periodic signal": a continuous physical signal
 * (`periodicRoles`) that repeats itself exactly, like a generated waveform. Judged on the latest
 * `periodicMaxSamples` samples.
 */
export function checkPeriodicSignal(
  device: string,
  series: readonly SignalSeries[],
  params: PlausibilityParams,
): Flag[] {
  const flags: Flag[] = [];
  for (const s of series) {
    if (s.device !== device || !params.periodicRoles.includes(s.role)) continue;
    const values = numericPoints(s.points)
      .slice(-params.periodicMaxSamples)
      .map((p) => p.v);
    const repetition = findRepetition(values, params);
    if (repetition === null) continue;
    flags.push(
      makeFlag(
        "PLAUSIBILITY_PERIODIC_SIGNAL",
        device,
        `"${s.signal}" of "${device}" repeats itself every ${repetition.lag} samples with a deviation of ${repetition.relativeError.toPrecision(2)} of its spread: a real measurement is never that exact.`,
        {
          signal: s.signal,
          lag: repetition.lag,
          relativeError: repetition.relativeError,
          samples: values.length,
        },
      ),
    );
  }
  return flags;
}
