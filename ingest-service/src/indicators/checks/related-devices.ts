import { intervalsWithValue, lastIndexAtOrBefore, sortedPoints } from "../execution.js";
import { type Flag, type FlagCode, makeFlag } from "../flags.js";
import type { DeviceRecord, DeviceRelation, Period, SignalSeries } from "../inputs.js";
import { type Interval, intersectIntervals, normaliseIntervals, totalLength } from "../intervals.js";
import type { PresenceParams, RelationParams } from "../params.js";
import { signalHoldMs } from "../signal-hold.js";
import { type NumericPoint, numericPoints } from "./series-values.js";

/** Factors to kW and kWh from the units the profiles use (packages/profiles/src/units.ts). */
const TO_KILO: Readonly<Record<string, number>> = {
  W: 0.001,
  kW: 1,
  MW: 1_000,
  Wh: 0.001,
  kWh: 1,
  MWh: 1_000,
};

interface DeviceData {
  readonly record: DeviceRecord;
  readonly series: readonly SignalSeries[];
}

function factorOf(record: DeviceRecord, signal: string): number {
  const unit = record.signals.find((s) => s.id === signal)?.unit;
  return unit === undefined ? 1 : (TO_KILO[unit] ?? 1);
}

/**
 * The device's main series of a role, in kilo-units: a meter may report its total and each phase
 * under `power_active`; the total is the one whose median is largest.
 */
function mainSeries(data: DeviceData, role: string): { signal: string; points: NumericPoint[] } | undefined {
  let best: { signal: string; points: NumericPoint[]; median: number } | undefined;
  for (const s of data.series.filter((x) => x.role === role)) {
    const factor = factorOf(data.record, s.signal);
    const points = numericPoints(s.points).map((p) => ({ t: p.t, v: p.v * factor }));
    if (points.length === 0) continue;
    // A typed array sorts numerically and ~10× faster than an array with a comparator.
    const sorted = Float64Array.from(points, (p) => p.v).sort();
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    if (best === undefined || median > best.median) best = { signal: s.signal, points, median };
  }
  return best;
}

/** Where the device says it runs: execution in `states`, or its spindle turning. */
function runningIntervals(
  data: DeviceData,
  states: readonly string[],
  window: Interval,
  p: RelationParams,
  presence: PresenceParams,
): Interval[] {
  const intervals: Interval[] = [];
  for (const s of data.series) {
    const hold = signalHoldMs(data.record, s.signal, presence);
    if (s.role === "execution") {
      for (const state of states) intervals.push(...intervalsWithValue(s, state, window, hold));
    } else if (s.role === "spindle_speed") {
      const points = sortedPoints(s.points);
      for (const [i, point] of points.entries()) {
        if (typeof point.v !== "number" || point.q === "bad" || point.v <= p.spindleTurningAbove) continue;
        const next = points[i + 1];
        intervals.push({ from: point.t, to: Math.min(point.t + hold, next?.t ?? Number.POSITIVE_INFINITY) });
      }
    }
  }
  return intersectIntervals(normaliseIntervals(intervals), [window]);
}

/** The part of each interval after its first `graceMs`. */
function afterGrace(intervals: readonly Interval[], graceMs: number): Interval[] {
  return intervals.map((i) => ({ from: i.from + graceMs, to: i.to })).filter((i) => i.to > i.from);
}

/**
 * The time-ordered points inside sorted, disjoint intervals: one sweep over both (a per-point
 * search over every interval cost 5 s per million values with a few thousand running intervals).
 */
function pointsInside(points: readonly NumericPoint[], intervals: readonly Interval[]): NumericPoint[] {
  const inside: NumericPoint[] = [];
  let j = 0;
  for (const p of points) {
    while (j < intervals.length && (intervals[j] as Interval).to <= p.t) j++;
    const interval = intervals[j];
    if (interval === undefined) break;
    if (p.t >= interval.from) inside.push(p);
  }
  return inside;
}

/** The union of [t, t + hold) over time-ordered points, merged in one pass (no sort). */
function heldIntervals(points: readonly NumericPoint[], hold: number): Interval[] {
  const merged: Interval[] = [];
  for (const p of points) {
    const last = merged.at(-1);
    if (last !== undefined && p.t <= last.to)
      merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, p.t + hold) };
    else merged.push({ from: p.t, to: p.t + hold });
  }
  return merged;
}

/** The value held at t: the last point at or before t, if younger than `hold`. */
function heldAt(points: readonly NumericPoint[], t: number, hold: number): number | undefined {
  const i = lastIndexAtOrBefore(points, t);
  const point = points[i];
  return point !== undefined && t - point.t < hold ? point.v : undefined;
}

interface RelationFinding {
  readonly code: FlagCode;
  readonly reason: string;
  readonly data: Flag["data"];
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/** INDICATORS §5 plausibility across a `feeds` relation: power above idle and energy rising while the machine runs. */
function checkFeeds(
  meter: DeviceData,
  machine: DeviceData,
  period: Period,
  p: RelationParams,
  presence: PresenceParams,
): RelationFinding[] {
  const running = afterGrace(runningIntervals(machine, p.runningStates, period, p, presence), p.graceMs);
  const power = mainSeries(meter, "power_active");
  const findings: RelationFinding[] = [];
  if (power !== undefined) {
    const hold = signalHoldMs(meter.record, power.signal, presence);
    // Feeder samples inside the running time; the time they cover is what the relation is judged on.
    const inside = pointsInside(power.points, running);
    const covered = intersectIntervals(running, heldIntervals(power.points, hold));
    const overlapMs = totalLength(covered);
    if (overlapMs >= p.minOverlapMs && inside.length > 0) {
      const range = meter.record.signals.find((s) => s.id === power.signal)?.range;
      const idleKw =
        p.idlePowerShareOfRange > 0 && range !== undefined
          ? p.idlePowerShareOfRange * range[1] * factorOf(meter.record, power.signal)
          : p.idlePowerKw;
      const idle = inside.filter((pt) => pt.v <= idleKw);
      const idleShare = idle.length / inside.length;
      if (idleShare > p.maxIdleShare) {
        const mean = inside.reduce((s, pt) => s + pt.v, 0) / inside.length;
        findings.push({
          code: "PLAUSIBILITY_FEEDER_IDLE_WHILE_RUNNING",
          reason: `"${machine.record.id}" reported running for ${minutes(overlapMs)} while "${meter.record.id}", the meter declared to feed it, read idle (≤ ${idleKw} kW) in ${Math.round(idleShare * 100)} % of its ${inside.length} readings (mean ${mean.toFixed(2)} kW): a running machine draws power.`,
          data: {
            meter: meter.record.id,
            machine: machine.record.id,
            signal: power.signal,
            runningMs: overlapMs,
            readings: inside.length,
            idleReadings: idle.length,
            idleShare: Number(idleShare.toFixed(6)),
            meanKw: Number(mean.toFixed(6)),
            idlePowerKw: idleKw,
          },
        });
      }
    }
  }
  const energy = mainSeries(meter, "energy_total");
  if (energy !== undefined) {
    const hold = signalHoldMs(meter.record, energy.signal, presence);
    let addedKwh = 0;
    let judgedMs = 0;
    for (const interval of running) {
      const start = heldAt(energy.points, interval.from, hold);
      const end = heldAt(energy.points, interval.to, hold);
      if (start === undefined || end === undefined) continue;
      addedKwh += end - start;
      judgedMs += interval.to - interval.from;
    }
    const expected = (p.minEnergyPerRunningHourKwh * judgedMs) / 3_600_000;
    if (judgedMs >= p.minOverlapMs && addedKwh < expected) {
      findings.push({
        code: "PLAUSIBILITY_FEEDER_ENERGY_FLAT_WHILE_RUNNING",
        reason: `"${machine.record.id}" reported running for ${minutes(judgedMs)} while the energy counter of "${meter.record.id}", the meter declared to feed it, rose by ${addedKwh.toFixed(3)} kWh, less than the ${expected.toFixed(3)} kWh a running machine draws at ${p.minEnergyPerRunningHourKwh} kW.`,
        data: {
          meter: meter.record.id,
          machine: machine.record.id,
          signal: energy.signal,
          runningMs: judgedMs,
          addedKwh: Number(addedKwh.toFixed(6)),
          expectedKwh: Number(expected.toFixed(6)),
        },
      });
    }
  }
  return findings;
}

/** A line running while the PLC declared to run it reports a known, non-running state. */
function checkRuns(
  plc: DeviceData,
  line: DeviceData,
  period: Period,
  p: RelationParams,
  presence: PresenceParams,
): RelationFinding[] {
  const lineRunning = afterGrace(runningIntervals(line, p.lineRunningStates, period, p, presence), p.graceMs);
  const plcExecution = plc.series.filter((s) => s.role === "execution");
  if (plcExecution.length === 0) return [];
  const plcRunning = runningIntervals(plc, p.lineRunningStates, period, p, presence);
  // Where the PLC's state is known at all (any value held), and it is not running.
  const plcKnown = normaliseIntervals(
    plcExecution.flatMap((s) => {
      const hold = signalHoldMs(plc.record, s.signal, presence);
      const points = sortedPoints(s.points).filter((pt) => pt.q !== "bad" && pt.v !== null);
      return points.map((pt, i) => ({
        from: pt.t,
        to: Math.min(pt.t + hold, points[i + 1]?.t ?? Number.POSITIVE_INFINITY),
      }));
    }),
  );
  const judged = intersectIntervals(lineRunning, plcKnown);
  const judgedMs = totalLength(judged);
  if (judgedMs < p.minOverlapMs) return [];
  const agreeMs = totalLength(intersectIntervals(judged, plcRunning));
  const disagreeShare = 1 - agreeMs / judgedMs;
  if (disagreeShare <= p.maxIdleShare) return [];
  return [
    {
      code: "PLAUSIBILITY_LINE_RUNNING_PLC_STOPPED",
      reason: `"${line.record.id}" reported running for ${minutes(judgedMs)} while "${plc.record.id}", the PLC declared to run it, reported not running in ${Math.round(disagreeShare * 100)} % of that time.`,
      data: {
        plc: plc.record.id,
        line: line.record.id,
        runningMs: judgedMs,
        plcNotRunningMs: judgedMs - agreeMs,
        disagreeShare: Number(disagreeShare.toFixed(6)),
      },
    },
  ];
}

/**
 * Issue 14: physical consistency between related devices declared in the registry. A `feeds`
 * relation fails when the machine runs while its feeder reads idle power or its energy counter
 * stands still; a `runs` relation fails when the line runs while its PLC says it does not. The
 * failure is flagged on the device claiming to run (the claim the rates count); the related
 * device gets a warning naming it, since either one may be the one that lies.
 */
export function checkRelatedDevices(
  relations: readonly DeviceRelation[],
  devices: readonly DeviceRecord[],
  series: readonly SignalSeries[],
  period: Period,
  params: RelationParams,
  presence: PresenceParams,
): Flag[] {
  const byId = new Map(devices.map((d) => [d.id, d]));
  const seriesOf = (id: string) => series.filter((s) => s.device === id);
  const flags: Flag[] = [];
  for (const relation of relations) {
    const from = byId.get(relation.from);
    const to = byId.get(relation.to);
    if (from === undefined || to === undefined) continue;
    const a = { record: from, series: seriesOf(from.id) };
    const b = { record: to, series: seriesOf(to.id) };
    const findings =
      relation.kind === "feeds"
        ? checkFeeds(a, b, period, params, presence)
        : checkRuns(a, b, period, params, presence);
    for (const finding of findings) {
      flags.push(makeFlag(finding.code, to.id, finding.reason, { relation: relation.kind, ...finding.data }));
      flags.push(
        makeFlag(
          "PLAUSIBILITY_RELATED_DEVICE_INCONSISTENT",
          from.id,
          `"${from.id}" contradicts "${to.id}", which it is declared to ${relation.kind === "feeds" ? "feed" : "run"}: ${finding.reason}`,
          { relation: relation.kind, relatedDevice: to.id, relatedCode: finding.code, ...finding.data },
        ),
      );
    }
  }
  return flags;
}
