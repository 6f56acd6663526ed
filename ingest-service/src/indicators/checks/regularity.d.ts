import { type Flag } from "../flags.js";
import type { SignalSeries } from "../inputs.js";
import type { PlausibilityParams } from "../params.js";
/** Coefficient of variation (σ / μ) of the spacing between distinct sample times; null if too few. */
export declare function spacingCv(times: readonly number[], minIntervals: number): number | null;
/**
 * INDICATORS §5 plausibility, "near-zero jitter of sample spacing": a series whose sample times
 * are spaced with a coefficient of variation below `spacingMinCv`. Real reads pass through a bus,
 * a controller and an OS scheduler; a script adding a fixed period to a counter does not.
 */
export declare function checkSpacingRegularity(device: string, series: readonly SignalSeries[], params: PlausibilityParams): Flag[];
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
export declare function findRepetition(values: readonly number[], params: PlausibilityParams): Repetition | null;
/**
 * INDICATORS §5 plausibility, "a near-perfect periodic signal": a continuous physical signal
 * (`periodicRoles`) that repeats itself exactly, like a generated waveform. Judged on the latest
 * `periodicMaxSamples` samples.
 */
export declare function checkPeriodicSignal(device: string, series: readonly SignalSeries[], params: PlausibilityParams): Flag[];
