import { CUMULATIVE_ROLES } from "@onramp/profiles";
import { pointValue } from "../execution.js";
import type { Flag } from "../flags.js";
import type { CounterReset, SignalSeries } from "../inputs.js";
import type { PlausibilityParams } from "../params.js";
import { Findings, timeText } from "./findings.js";
import { numericPoints } from "./series-values.js";

const CUMULATIVE: ReadonlySet<string> = new Set(CUMULATIVE_ROLES);

/** Times of every sample of the device that states a value, in order: when its data flowed. */
function dataTimes(device: string, series: readonly SignalSeries[]): number[] {
  const times: number[] = [];
  for (const s of series) {
    if (s.device !== device) continue;
    for (const p of s.points) if (pointValue(p) !== null) times.push(p.t);
  }
  return times.sort((a, b) => a - b);
}

/** Index of the first time strictly after t in ordered times (binary search). */
function firstIndexAfter(times: readonly number[], t: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((times[middle] as number) <= t) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The longest stretch of [from, to] with no sample of the device inside it. */
function longestSilenceMs(times: readonly number[], from: number, to: number): number {
  let longest = 0;
  let last = from;
  for (let i = firstIndexAfter(times, from); i < times.length; i++) {
    const t = times[i] as number;
    if (t >= to) break;
    longest = Math.max(longest, t - last);
    last = t;
  }
  return Math.max(longest, to - last);
}

/**
 * INDICATORS §5 plausibility: a cumulative counter (`part_count`, `energy_total`,
 * `operating_hours`, …) that decreases without a reset event in between. A drop to exactly 0 is
 * the controller's own reset when `dropToZeroIsReset`. Any other decrease needs a recorded reset
 * of that signal between the two samples, and the reset must be corroborated by a real gap in the
 * device's data: no sample of any of its signals for at least `requiredGapMs` between them. The
 * resets come from the gateway's own signed disconnected/connected pair, and a gateway can sign
 * such a pair around any drop it likes; a controller that really restarted is silent meanwhile.
 * A reset without that gap is `PLAUSIBILITY_COUNTER_RESET_UNCORROBORATED`.
 */
export function checkCounterDecreases(
  device: string,
  series: readonly SignalSeries[],
  resets: readonly CounterReset[],
  params: Pick<PlausibilityParams, "dropToZeroIsReset">,
  maxExamples: number,
  requiredGapMs: number,
): Flag[] {
  const findings = new Findings<
    "PLAUSIBILITY_COUNTER_DECREASED" | "PLAUSIBILITY_COUNTER_RESET_UNCORROBORATED"
  >(maxExamples);
  let times: number[] | null = null;
  for (const s of series) {
    if (s.device !== device || !CUMULATIVE.has(s.role)) continue;
    const resetTimes = resets.filter((r) => r.device === device && r.signal === s.signal).map((r) => r.at);
    const points = numericPoints(s.points);
    for (let i = 1; i < points.length; i++) {
      const previous = points[i - 1] as (typeof points)[number];
      const current = points[i] as (typeof points)[number];
      if (current.v >= previous.v) continue;
      if (params.dropToZeroIsReset && current.v === 0) continue;
      const example = { signal: s.signal, t: current.t, from: previous.v, to: current.v };
      const resetAt = resetTimes.find((at) => at > previous.t && at <= current.t);
      if (resetAt === undefined) {
        findings.add(device, "PLAUSIBILITY_COUNTER_DECREASED", example);
        continue;
      }
      times ??= dataTimes(device, series);
      const silenceMs = longestSilenceMs(times, previous.t, current.t);
      if (silenceMs >= requiredGapMs) continue;
      findings.add(device, "PLAUSIBILITY_COUNTER_RESET_UNCORROBORATED", {
        ...example,
        resetAt,
        longestSilenceMs: silenceMs,
        requiredGapMs,
      });
    }
  }
  return findings.toFlags((code, dev, count, first) =>
    code === "PLAUSIBILITY_COUNTER_DECREASED"
      ? `The cumulative counter of "${dev}" decreased ${count} time(s) with no reset recorded (first: ${String(first.signal)} fell from ${String(first.from)} to ${String(first.to)} at ${timeText(first.t)}).`
      : `The cumulative counter of "${dev}" fell back ${count} time(s) after a reconnection its gateway reported, but its data never stopped long enough for a restart (first: ${String(first.signal)} fell from ${String(first.from)} to ${String(first.to)} at ${timeText(first.t)}; longest silence ${Math.round(Number(first.longestSilenceMs) / 1000)} s, at least ${Math.round(Number(first.requiredGapMs) / 1000)} s needed).`,
  );
}
