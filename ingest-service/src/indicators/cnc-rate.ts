import { EXECUTION_ACTIVE, pointValue } from "./execution.js";
import type { DeviceRecord, IndustryKind, Period, SignalSeries } from "./inputs.js";
import type { DeclaredAndVerified } from "./networking-rate.js";
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

export interface CncFacts {
  readonly device: string;
  readonly isKeyProcess: boolean;
  readonly declaredCnc: boolean;
  readonly verifiedCnc: boolean;
}

export interface CncRates extends DeclaredAndVerified<Rate> {
  /** Discrete: numerically controlled; process: under PLC/DCS control (INDICATORS §2.3). */
  readonly variant: "numerically-controlled" | "plc-dcs-controlled";
}

/**
 * INDICATORS §2.3 key-process CNC-ization rate (practice, 两化融合 assessment under GB/T 23020):
 * key-process equipment that is numerically controlled (process industries: under PLC/DCS
 * control) ÷ all key-process equipment. Declared from the registry flag, verified from
 * `cncEvidence`. The verified numerator does not require the declaration: telemetry that proves
 * control proves it whatever the registry says.
 */
export function cncRates(facts: readonly CncFacts[], industryKind: IndustryKind): CncRates {
  const byDevice = new Map(facts.map((f) => [f.device, f]));
  const keyProcess = facts.filter((f) => f.isKeyProcess).map((f) => f.device);
  return {
    variant: industryKind === "process" ? "plc-dcs-controlled" : "numerically-controlled",
    declared: rateOf(keyProcess, (d) => byDevice.get(d)?.declaredCnc === true, "NO_KEY_PROCESS_EQUIPMENT"),
    verified: rateOf(keyProcess, (d) => byDevice.get(d)?.verifiedCnc === true, "NO_KEY_PROCESS_EQUIPMENT"),
  };
}
