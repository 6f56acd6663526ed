import type { Flag } from "../flags.js";
import type { CounterReset, DeviceRecord, Period, SignalSeries } from "../inputs.js";
import type { IndicatorParams } from "../params.js";
/**
 * Every INDICATORS §5 plausibility check on one device's series in the period: counters,
 * constant-while-running, part count stalled while running, spacing regularity, periodicity,
 * spindle-while-stopped, range.
 */
export declare function checkPlausibility(device: Pick<DeviceRecord, "id" | "signals">, series: readonly SignalSeries[], resets: readonly CounterReset[], period: Period, params: IndicatorParams): Flag[];
