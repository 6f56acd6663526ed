import { deviceHeartbeatMs } from "../equipment.js";
import type { Flag } from "../flags.js";
import type { CounterReset, DeviceRecord, Period, SignalSeries } from "../inputs.js";
import type { IndicatorParams } from "../params.js";
import { checkConstantWhileRunning } from "./constant-while-running.js";
import { checkCounterDecreases } from "./counters.js";
import { checkOutOfRange } from "./out-of-range.js";
import { checkPartCountStalled } from "./part-count-stalled.js";
import { checkPeriodicSignal, checkSpacingRegularity } from "./regularity.js";
import { checkSeriesTruncated } from "./series-truncated.js";
import { checkSpindleWhileStopped } from "./spindle-while-stopped.js";

/**
 * Every INDICATORS §5 plausibility check on one device's series in the period: counters,
 * constant-while-running, part count stalled while running, spacing regularity, periodicity,
 * spindle-while-stopped, range; and a series read only in part (a warning).
 */
export function checkPlausibility(
  device: Pick<DeviceRecord, "id" | "signals">,
  series: readonly SignalSeries[],
  resets: readonly CounterReset[],
  period: Period,
  params: IndicatorParams,
): Flag[] {
  const own = series.filter((s) => s.device === device.id);
  const p = params.plausibility;
  const examples = params.evidence.maxExamples;
  return [
    ...checkCounterDecreases(
      device.id,
      own,
      resets,
      p,
      examples,
      p.resetGapHeartbeats * deviceHeartbeatMs(device, params.presence),
    ),
    ...checkConstantWhileRunning(device, own, period, p, params.presence),
    ...checkPartCountStalled(device, own, period, p, params.presence),
    ...checkSpacingRegularity(device.id, own, p),
    ...checkPeriodicSignal(device.id, own, p),
    ...checkSpindleWhileStopped(device, own, p, params.presence, examples),
    ...checkOutOfRange(device, own, examples),
    ...checkSeriesTruncated(device.id, own),
  ];
}
