import { EXECUTION_ACTIVE, pointValue } from "./execution.js";
import type { DeviceRecord, IndustryKind, Period, SignalSeries } from "./inputs.js";
import {
  countsAsVerified,
  type EvidenceStanding,
  evidenceShortfall,
  type LeftOutReason,
  type VerifiedRate,
  withLeftOut,
} from "./left-out.js";
import { type DeclaredAndVerified, telemetryShortfall } from "./networking-rate.js";
import { compareText } from "./ordering.js";
import type { IndicatorParams } from "./params.js";
import { type Rate, rateOf } from "./rate.js";

/** Roles that carry a controller state (INDICATORS §2.3). */
const CONTROLLER_STATE_ROLES: ReadonlySet<string> = new Set(["execution", "controller_mode"]);

/** What the telemetry of one device shows about numerical (or PLC/DCS) control in the period. */
export interface CncEvidence {
  readonly device: string;
  /** The device's class is a CNC/PLC source for this industry kind. */
  readonly isControllerSource: boolean;
  /** Signals with a controller-state role that reported a value in the period. */
  readonly controllerStateSignals: readonly string[];
  /** First execution=ACTIVE sample in the period, or null. */
  readonly firstActiveAt: number | null;
  readonly verified: boolean;
}

export function controllerClassesFor(
  industryKind: IndustryKind,
  params: IndicatorParams["cnc"],
): readonly string[] {
  return industryKind === "process" ? params.processControllerClasses : params.discreteControllerClasses;
}

/**
 * INDICATORS §2.3 verified: a device counts as numerically controlled only if, in the period, its
 * telemetry carries a controller state (`execution` or `controller_mode` role) from a CNC/PLC
 * source and it was observed running (`execution=ACTIVE`) at least once.
 */
export function cncEvidence(
  device: Pick<DeviceRecord, "id" | "class">,
  series: readonly SignalSeries[],
  period: Period,
  industryKind: IndustryKind,
  params: IndicatorParams["cnc"],
): CncEvidence {
  const inPeriod = (t: number) => t >= period.from && t < period.to;
  const own = series.filter((s) => s.device === device.id);
  const controllerStateSignals = own
    .filter((s) => CONTROLLER_STATE_ROLES.has(s.role))
    .filter((s) => s.points.some((p) => inPeriod(p.t) && pointValue(p) !== null))
    .map((s) => s.signal)
    .sort(compareText);
  let firstActiveAt: number | null = null;
  for (const s of own.filter((x) => x.role === "execution")) {
    for (const point of s.points) {
      if (!inPeriod(point.t) || pointValue(point) !== EXECUTION_ACTIVE) continue;
      if (firstActiveAt === null || point.t < firstActiveAt) firstActiveAt = point.t;
    }
  }
  const isControllerSource = controllerClassesFor(industryKind, params).includes(device.class);
  return {
    device: device.id,
    isControllerSource,
    controllerStateSignals,
    firstActiveAt,
    verified: isControllerSource && controllerStateSignals.length > 0 && firstActiveAt !== null,
  };
}

/** When a device's telemetry showed a controller state and ACTIVE: `cncEvidence` bucket by bucket. */
export interface CncTimeline {
  readonly isControllerSource: boolean;
  /** Sorted times of controller-state samples with a value. */
  readonly stateTimes: readonly number[];
  /** Sorted times of execution=ACTIVE samples. */
  readonly activeTimes: readonly number[];
}

/**
 * The facts `cncEvidence` judges, kept as sorted times so that any number of sub-periods (a
 * trend's buckets) are judged by binary search: in a bucket, the device is verified under control
 * when it is a controller source with a state time and an ACTIVE time inside the bucket — the
 * INDICATORS §2.3 rule applied to the bucket.
 */
export function cncTimeline(
  device: Pick<DeviceRecord, "id" | "class">,
  series: readonly SignalSeries[],
  industryKind: IndustryKind,
  params: IndicatorParams["cnc"],
): CncTimeline {
  const own = series.filter((s) => s.device === device.id);
  const stateTimes = own
    .filter((s) => CONTROLLER_STATE_ROLES.has(s.role))
    .flatMap((s) => s.points.filter((p) => pointValue(p) !== null).map((p) => p.t));
  const activeTimes = own
    .filter((s) => s.role === "execution")
    .flatMap((s) => s.points.filter((p) => pointValue(p) === EXECUTION_ACTIVE).map((p) => p.t));
  return {
    isControllerSource: controllerClassesFor(industryKind, params).includes(device.class),
    stateTimes: stateTimes.sort((a, b) => a - b),
    activeTimes: activeTimes.sort((a, b) => a - b),
  };
}

/** Whether sorted `times` has one in [window.from, window.to). */
export function hasTimeIn(times: readonly number[], window: Period): boolean {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((times[middle] as number) < window.from) low = middle + 1;
    else high = middle;
  }
  return low < times.length && (times[low] as number) < window.to;
}

export interface CncFacts {
  readonly device: string;
  readonly isKeyProcess: boolean;
  readonly declaredCnc: boolean;
  /** What the telemetry showed of control (`cncEvidence`). */
  readonly control: Pick<
    CncEvidence,
    "isControllerSource" | "controllerStateSignals" | "firstActiveAt" | "verified"
  >;
  readonly sentValidTelemetry: boolean;
  /** INDICATORS §4 evidence for the period. */
  readonly evidence: EvidenceStanding;
}

export interface CncRates extends DeclaredAndVerified<Rate, VerifiedRate> {
  /** Discrete: numerically controlled; process: under PLC/DCS control (INDICATORS §2.3). */
  readonly variant: "numerically-controlled" | "plc-dcs-controlled";
}

/**
 * INDICATORS §2.3 key-process CNC-ization rate (practice, 两化融合 assessment under GB/T 23020):
 * key-process equipment that is numerically controlled (process industries: under PLC/DCS
 * control) ÷ all key-process equipment. Declared from the registry flag, verified from
 * `cncEvidence` at evidence level `consistent` or above (INDICATORS §4). The verified numerator
 * does not require the declaration: telemetry that proves control proves it whatever the registry
 * says. Every key-process device not counted is listed with its reasons.
 */
export function cncRates(facts: readonly CncFacts[], industryKind: IndustryKind): CncRates {
  const byDevice = new Map(facts.map((f) => [f.device, f]));
  const fact = (d: string) => byDevice.get(d) as CncFacts;
  const keyProcess = facts.filter((f) => f.isKeyProcess).map((f) => f.device);
  const verified = rateOf(
    keyProcess,
    (d) => fact(d).control.verified && countsAsVerified(fact(d).evidence),
    "NO_KEY_PROCESS_EQUIPMENT",
  );
  return {
    variant: industryKind === "process" ? "plc-dcs-controlled" : "numerically-controlled",
    declared: rateOf(keyProcess, (d) => fact(d).declaredCnc, "NO_KEY_PROCESS_EQUIPMENT"),
    verified: withLeftOut(
      verified,
      (d) => fact(d).evidence.level,
      (d) => controlShortfalls(fact(d)),
    ),
  };
}

function controlShortfalls(f: CncFacts): LeftOutReason[] {
  const never = telemetryShortfall(f.sentValidTelemetry);
  if (never !== null) return [never];
  const { control } = f;
  const reasons: LeftOutReason[] = [];
  if (!control.isControllerSource)
    reasons.push({ code: "NOT_CONTROLLER_SOURCE", detail: "not a CNC/PLC source class", data: {} });
  if (control.controllerStateSignals.length === 0)
    reasons.push({ code: "NO_CONTROLLER_STATE", detail: "no controller state in the telemetry", data: {} });
  if (control.firstActiveAt === null)
    reasons.push({ code: "NEVER_ACTIVE", detail: "never seen running (execution=ACTIVE)", data: {} });
  const evidence = evidenceShortfall(f.evidence);
  if (evidence !== null) reasons.push(evidence);
  return reasons;
}
