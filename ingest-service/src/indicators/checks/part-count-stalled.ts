import { activeIntervals } from "../execution.js";
import { type Flag, isoTime, makeFlag } from "../flags.js";
import type { DeviceRecord, Period, SignalSeries } from "../inputs.js";
import { intersectIntervals, totalLength } from "../intervals.js";
import type { PlausibilityParams, PresenceParams } from "../params.js";
import { longestHoldMs } from "../signal-hold.js";
import { type NumericPoint, numericPoints } from "./series-values.js";

/** A stretch in which the counter reported one value: from its first to its last sample of it. */
interface Plateau {
  readonly value: number;
  readonly from: number;
  readonly to: number;
  readonly samples: number;
}

function plateaus(points: readonly NumericPoint[]): Plateau[] {
  const result: Plateau[] = [];
  let current: { value: number; from: number; to: number; samples: number } | null = null;
  for (const p of points) {
    if (current !== null && p.v === current.value) {
      current.to = p.t;
      current.samples++;
      continue;
    }
    if (current !== null) result.push(current);
    current = { value: p.v, from: p.t, to: p.t, samples: 1 };
  }
  if (current !== null) result.push(current);
  return result;
}

/**
 * INDICATORS §5 plausibility, issue 14: a production counter that does not advance over running
 * time. A machine that reports execution=ACTIVE for more than `partCountStallRunningMs` of running
 * time while its `part_count` holds one value — observed at that value from the first to the last
 * sample of the stretch, with at least `constantMinSamples` samples — says it works and produces
 * nothing. Only running time between two observed samples of the value counts, so a counter that
 * went silent is not judged on time nobody saw.
 */
export function checkPartCountStalled(
  device: Pick<DeviceRecord, "id" | "signals">,
  series: readonly SignalSeries[],
  period: Period,
  params: Pick<PlausibilityParams, "partCountStallRunningMs" | "constantMinSamples">,
  presence: PresenceParams,
): Flag[] {
  const own = series.filter((s) => s.device === device.id);
  const execution = own.filter((s) => s.role === "execution");
  const counters = own.filter((s) => s.role === "part_count");
  if (execution.length === 0 || counters.length === 0) return [];
  const running = activeIntervals(execution, period, longestHoldMs(device, execution, presence));
  if (totalLength(running) < params.partCountStallRunningMs) return [];
  const flags: Flag[] = [];
  for (const s of counters) {
    let worst: (Plateau & { runningMs: number }) | null = null;
    for (const plateau of plateaus(numericPoints(s.points))) {
      // Running time never exceeds wall time: short plateaus (nearly all) need no interval work.
      if (
        plateau.samples < params.constantMinSamples ||
        plateau.to - plateau.from < params.partCountStallRunningMs
      )
        continue;
      const runningMs = totalLength(intersectIntervals(running, [{ from: plateau.from, to: plateau.to }]));
      if (runningMs >= params.partCountStallRunningMs && (worst === null || runningMs > worst.runningMs))
        worst = { ...plateau, runningMs };
    }
    if (worst === null) continue;
    flags.push(
      makeFlag(
        "PLAUSIBILITY_PART_COUNT_STALLED",
        device.id,
        `"${s.signal}" of "${device.id}" stayed at ${worst.value} from ${isoTime(worst.from)} to ${isoTime(worst.to)} while the machine reported running for ${Math.round(worst.runningMs / 60_000)} min of that time (at most ${Math.round(params.partCountStallRunningMs / 60_000)} min allowed without a part).`,
        {
          signal: s.signal,
          value: worst.value,
          from: worst.from,
          to: worst.to,
          samples: worst.samples,
          runningMs: worst.runningMs,
          maxRunningMs: params.partCountStallRunningMs,
        },
      ),
    );
  }
  return flags;
}
