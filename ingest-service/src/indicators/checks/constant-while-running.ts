import { activeIntervals } from "../execution.js";
import { type Flag, makeFlag } from "../flags.js";
import type { DeviceRecord, Period, SignalSeries } from "../inputs.js";
import { type Interval, totalLength } from "../intervals.js";
import type { PlausibilityParams, PresenceParams } from "../params.js";
import { longestHoldMs } from "../signal-hold.js";
import { numericPoints } from "./series-values.js";

function isInside(intervals: readonly Interval[], t: number): boolean {
  return intervals.some((i) => t >= i.from && t < i.to);
}

/**
 * INDICATORS §5 plausibility: a value constant for the whole time in which the device claims to be
 * running (execution=ACTIVE). Judged only for roles that must move while a machine works
 * (`mustVaryWhileRunningRoles`), once the device has reported at least `constantMinRunningMs` of
 * ACTIVE time and `constantMinSamples` samples of the signal inside it.
 */
export function checkConstantWhileRunning(
  device: Pick<DeviceRecord, "id" | "signals">,
  series: readonly SignalSeries[],
  period: Period,
  params: PlausibilityParams,
  presence: PresenceParams,
): Flag[] {
  const own = series.filter((s) => s.device === device.id);
  const execution = own.filter((s) => s.role === "execution");
  const running = activeIntervals(execution, period, longestHoldMs(device, execution, presence));
  const runningMs = totalLength(running);
  if (runningMs < params.constantMinRunningMs) return [];
  const flags: Flag[] = [];
  for (const s of own) {
    if (!params.mustVaryWhileRunningRoles.includes(s.role)) continue;
    const inside = numericPoints(s.points).filter((p) => isInside(running, p.t));
    if (inside.length < params.constantMinSamples) continue;
    const first = inside[0] as (typeof inside)[number];
    if (!inside.every((p) => p.v === first.v)) continue;
    flags.push(
      makeFlag(
        "PLAUSIBILITY_CONSTANT_WHILE_RUNNING",
        device.id,
        `"${s.signal}" of "${device.id}" stayed at exactly ${first.v} in all ${inside.length} samples over ${Math.round(runningMs / 60_000)} min in which the machine reported running; a ${s.role} signal moves while a machine works.`,
        { signal: s.signal, role: s.role, value: first.v, samples: inside.length, runningMs },
      ),
    );
  }
  return flags;
}
