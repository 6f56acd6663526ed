import { CUMULATIVE_ROLES } from "@onramp/profiles";
import type { Flag } from "../flags.js";
import type { CounterReset, SignalSeries } from "../inputs.js";
import type { PlausibilityParams } from "../params.js";
import { Findings, timeText } from "./findings.js";
import { numericPoints } from "./series-values.js";

const CUMULATIVE: ReadonlySet<string> = new Set(CUMULATIVE_ROLES);

/**
 * INDICATORS §5 plausibility: a cumulative counter (`part_count`, `energy_total`,
 * `operating_hours`, …) that decreases without a reset event in between. A recorded reset of that
 * signal between the two samples explains a decrease; so does a drop to exactly 0 when
 * `dropToZeroIsReset` (controllers zero part counters themselves).
 */
export function checkCounterDecreases(
  device: string,
  series: readonly SignalSeries[],
  resets: readonly CounterReset[],
  params: Pick<PlausibilityParams, "dropToZeroIsReset">,
  maxExamples: number,
): Flag[] {
  const findings = new Findings<"PLAUSIBILITY_COUNTER_DECREASED">(maxExamples);
  for (const s of series) {
    if (s.device !== device || !CUMULATIVE.has(s.role)) continue;
    const resetTimes = resets.filter((r) => r.device === device && r.signal === s.signal).map((r) => r.at);
    const points = numericPoints(s.points);
    for (let i = 1; i < points.length; i++) {
      const previous = points[i - 1] as (typeof points)[number];
      const current = points[i] as (typeof points)[number];
      if (current.v >= previous.v) continue;
      if (params.dropToZeroIsReset && current.v === 0) continue;
      if (resetTimes.some((at) => at > previous.t && at <= current.t)) continue;
      findings.add(device, "PLAUSIBILITY_COUNTER_DECREASED", {
        signal: s.signal,
        t: current.t,
        from: previous.v,
        to: current.v,
      });
    }
  }
  return findings.toFlags(
    (_code, dev, count, first) =>
      `The cumulative counter of "${dev}" decreased ${count} time(s) with no reset recorded (first: ${String(first.signal)} fell from ${String(first.from)} to ${String(first.to)} at ${timeText(first.t)}).`,
  );
}
