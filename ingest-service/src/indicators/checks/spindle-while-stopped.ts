import { lastIndexAtOrBefore, pointValue, sortedPoints } from "../execution.js";
import type { Flag } from "../flags.js";
import type { DeviceRecord, SeriesPoint, SignalSeries } from "../inputs.js";
import type { PlausibilityParams, PresenceParams } from "../params.js";
import { signalHoldMs } from "../signal-hold.js";
import { Findings, timeText } from "./findings.js";
import { numericPoints } from "./series-values.js";

/** An execution series prepared for "which state at t, and since when". */
interface ExecutionTrack {
  readonly points: readonly SeriesPoint[];
  /** For each point, the time the current run of stopped states began (null if not stopped). */
  readonly stoppedSince: readonly (number | null)[];
  readonly holdMs: number;
}

function trackOf(points: readonly SeriesPoint[], stopped: readonly string[], holdMs: number): ExecutionTrack {
  const sorted = sortedPoints(points);
  const stoppedSince: (number | null)[] = [];
  for (const [index, point] of sorted.entries()) {
    const value = pointValue(point);
    const isStopped = typeof value === "string" && stopped.includes(value);
    stoppedSince.push(isStopped ? (index > 0 ? (stoppedSince[index - 1] ?? point.t) : point.t) : null);
  }
  return { points: sorted, stoppedSince, holdMs };
}

/** Since when the track has been stopped at t; undefined if its state at t is unknown. */
function stoppedSinceAt(track: ExecutionTrack, t: number): number | null | undefined {
  const found = lastIndexAtOrBefore(track.points, t);
  if (found < 0) return undefined;
  const point = track.points[found] as SeriesPoint;
  if (t - point.t >= track.holdMs || pointValue(point) === null) return undefined;
  return track.stoppedSince[found] ?? null;
}

/**
 * INDICATORS §5 plausibility: `spindle_speed > 0` while execution says stopped. A spindle sample
 * above `spindleTurningAbove` counts when every execution channel with a known state is in one of
 * `spindleStoppedStates`, and has been for at least `spindleStopGraceMs` (the spindle runs down
 * for a few seconds after a stop).
 */
export function checkSpindleWhileStopped(
  device: Pick<DeviceRecord, "id" | "signals">,
  series: readonly SignalSeries[],
  params: PlausibilityParams,
  presence: PresenceParams,
  maxExamples: number,
): Flag[] {
  const own = series.filter((s) => s.device === device.id);
  const tracks = own
    .filter((s) => s.role === "execution")
    .map((s) => trackOf(s.points, params.spindleStoppedStates, signalHoldMs(device, s.signal, presence)));
  if (tracks.length === 0) return [];
  const findings = new Findings<"PLAUSIBILITY_SPINDLE_WHILE_STOPPED">(maxExamples);
  for (const spindle of own.filter((s) => s.role === "spindle_speed")) {
    for (const point of numericPoints(spindle.points)) {
      if (point.v <= params.spindleTurningAbove) continue;
      const known = tracks
        .map((track) => stoppedSinceAt(track, point.t))
        .filter((since) => since !== undefined);
      if (known.length === 0 || known.some((since) => since === null)) continue;
      const stoppedFrom = Math.max(...(known as number[]));
      if (point.t - stoppedFrom < params.spindleStopGraceMs) continue;
      findings.add(device.id, "PLAUSIBILITY_SPINDLE_WHILE_STOPPED", {
        signal: spindle.signal,
        t: point.t,
        v: point.v,
        stoppedSince: stoppedFrom,
      });
    }
  }
  return findings.toFlags(
    (_code, dev, count, first) =>
      `The spindle of "${dev}" turned in ${count} sample(s) while its controller reported execution stopped (first: ${String(first.v)} at ${timeText(first.t)}, stopped since ${timeText(first.stoppedSince)}).`,
  );
}
