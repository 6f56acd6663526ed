import { controllerClassesFor, type EnterpriseReport } from "../indicators/index.js";
import type { LeftOutCode, LeftOutDevice, VerifiedRate } from "../indicators/left-out.js";
import type {
  DigitalLevel,
  DigitalLevelItem,
  DigitalLevelNumber,
  ReportWithExtensions,
} from "./report-view.js";
import { judgementOf } from "./report-view.js";

/**
 * The gap to the pilot's targets as concrete steps ("one enterprise, one plan", issue 15 point 3):
 * which key-process equipment to connect or replace to pass the CNC-ization target, which devices
 * keep an above-scale enterprise from full networking, and which SME digital-level items move the
 * level to 2, 3 and 4. Pure: the plan is a function of the served report alone.
 */

export type StepAction =
  | "connect"
  | "replace"
  | "map-controller-state"
  | "run"
  | "resolve-flags"
  | "keep-online"
  | "declare-calendar";

export interface DeviceStep {
  readonly device: string;
  readonly class: string;
  readonly action: StepAction;
  /** The left-out reasons the step answers, as the report gives them. */
  readonly reasons: readonly LeftOutCode[];
  /** Flags to clear, for `resolve-flags`. */
  readonly flags: readonly string[];
  /** Among the fewest devices that close the gap (cheapest steps first). */
  readonly neededForTarget: boolean;
}

export interface RateGap {
  /** The target share in [0, 1]; null when the pilot sets none for this enterprise. */
  readonly target: number | null;
  readonly current: number | null;
  readonly numerator: number;
  readonly denominator: number;
  /** Devices that must still count to reach the target (0 when met or no target). */
  readonly needed: number;
  /** False when the report marks the rate not yet judged (shape15 `judged`). */
  readonly judged: boolean;
  readonly steps: readonly DeviceStep[];
}

/** Lower bound of each SME digital level's score band (INDICATORS §7: 20, 40, 60, 80 points). */
export const LEVEL_THRESHOLDS: Readonly<Record<Exclude<DigitalLevelNumber, 0>, number>> = {
  1: 20,
  2: 40,
  3: 60,
  4: 80,
};

export interface LevelGap {
  readonly level: 2 | 3 | 4;
  readonly threshold: number;
  /** Points short of the threshold on the evidence-adjusted score; 0 when reached. */
  readonly gap: number;
  /** Bound items whose declared points evidence would restore, largest first, as many as close the gap. */
  readonly prove: readonly { readonly item: DigitalLevelItem; readonly points: number }[];
  /** Points still short once every such item is proven. */
  readonly remaining: number;
  /** The lowest-scoring items to raise when evidence alone does not close the gap. */
  readonly raise: readonly DigitalLevelItem[];
}

export interface DiagnosisPlan {
  readonly cnc: RateGap;
  readonly networking: RateGap & { readonly aboveScale: boolean };
  readonly digitalLevel: { readonly score: number; readonly levels: readonly LevelGap[] } | null;
}

/** Steps that need evidence only come first, then connecting, then new equipment. */
const ACTION_COST: Readonly<Record<StepAction, number>> = {
  "declare-calendar": 0,
  run: 1,
  "map-controller-state": 2,
  "resolve-flags": 3,
  "keep-online": 4,
  connect: 5,
  replace: 6,
};

/** The smallest k with (numerator + k) ÷ denominator ≥ target, in integers where they are exact. */
export function devicesNeeded(numerator: number, denominator: number, target: number): number {
  if (denominator === 0) return 0;
  let k = 0;
  // At most `denominator` steps; rounding the product guards 0.8 × 5 = 4.000000000000001.
  while (k < denominator - numerator && numerator + k < Math.round(target * denominator * 1e9) / 1e9) k++;
  return Math.max(0, Math.min(k, denominator - numerator));
}

/**
 * A key-process machine whose class cannot carry numerical (or PLC/DCS) control — a manual saw, a
 * press without a controller — is replaced or retrofitted whatever else is missing; one that can is
 * connected, mapped, run or cleared of its flags, in that order of what it lacks.
 */
function cncAction(left: LeftOutDevice, isControllerClass: boolean, declaredCnc: boolean): StepAction {
  const codes = new Set(left.reasons.map((r) => r.code));
  if (
    !isControllerClass ||
    codes.has("NOT_CONTROLLER_SOURCE") ||
    (!declaredCnc && codes.has("NO_CONTROLLER_STATE"))
  )
    return "replace";
  if (codes.has("NEVER_SENT_DATA")) return "connect";
  if (codes.has("NO_CONTROLLER_STATE")) return "map-controller-state";
  if (codes.has("BELOW_CONSISTENT")) return "resolve-flags";
  return "run";
}

function networkingAction(left: LeftOutDevice): StepAction {
  const codes = new Set(left.reasons.map((r) => r.code));
  if (codes.has("NEVER_SENT_DATA")) return "connect";
  if (codes.has("NO_WORKING_TIME")) return "declare-calendar";
  if (codes.has("BELOW_CONSISTENT")) return "resolve-flags";
  return "keep-online";
}

function blockingFlags(left: LeftOutDevice): string[] {
  return left.reasons.flatMap((r) =>
    r.code === "BELOW_CONSISTENT" && Array.isArray(r.data.flags) ? r.data.flags.map(String) : [],
  );
}

function rateGap(
  rate: VerifiedRate,
  target: number | null,
  actionOf: (left: LeftOutDevice) => StepAction,
  classOf: (device: string) => string,
): RateGap {
  const judgement = judgementOf(rate);
  const needed = target === null ? 0 : devicesNeeded(rate.numerator, rate.denominator, target);
  const ordered = rate.leftOut
    .map((left) => ({ left, action: actionOf(left) }))
    .sort(
      (a, b) => ACTION_COST[a.action] - ACTION_COST[b.action] || (a.left.device < b.left.device ? -1 : 1),
    );
  return {
    target,
    current: rate.value,
    numerator: rate.numerator,
    denominator: rate.denominator,
    needed,
    judged: judgement.judged !== false,
    steps: ordered.map(({ left, action }, index) => ({
      device: left.device,
      class: classOf(left.device),
      action,
      reasons: left.reasons.map((r) => r.code),
      flags: action === "resolve-flags" ? blockingFlags(left) : [],
      neededForTarget: index < needed,
    })),
  };
}

/** The level gaps on the evidence-adjusted score, for every level from 2 up. */
export function levelGaps(digital: DigitalLevel): { score: number; levels: LevelGap[] } | null {
  const adjusted = digital.evidenceAdjusted;
  if (adjusted === null) return null;
  const provable = digital.items
    .filter((i) => i.binding !== null && i.declaredScore !== null)
    .map((item) => ({ item, points: (item.declaredScore ?? 0) - (item.adjustedScore ?? 0) }))
    .filter((p) => p.points > 0)
    .sort((a, b) => b.points - a.points || (a.item.id < b.item.id ? -1 : 1));
  const lowest = digital.items
    .filter((i) => i.adjustedScore !== null)
    .sort((a, b) => (a.adjustedScore ?? 0) - (b.adjustedScore ?? 0) || (a.id < b.id ? -1 : 1));
  const levels = ([2, 3, 4] as const).map((level): LevelGap => {
    const threshold = LEVEL_THRESHOLDS[level];
    const gap = Math.max(0, round2(threshold - adjusted.score));
    const prove: { item: DigitalLevelItem; points: number }[] = [];
    let covered = 0;
    for (const p of provable) {
      if (covered >= gap) break;
      prove.push(p);
      covered += p.points;
    }
    const remaining = Math.max(0, round2(gap - covered));
    const proven = new Set(prove.map((p) => p.item.id));
    return {
      level,
      threshold,
      gap,
      prove,
      remaining,
      raise: remaining > 0 ? lowest.filter((i) => !proven.has(i.id)).slice(0, 5) : [],
    };
  });
  return { score: adjusted.score, levels };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function diagnosisPlan(report: ReportWithExtensions, aboveScale: boolean): DiagnosisPlan {
  const devices = new Map(report.devices.map((d) => [d.device, d]));
  const classOf = (d: string) => devices.get(d)?.class ?? "";
  const targets = report.params.targets;
  const controllerClasses = controllerClassesFor(report.industryKind, report.params.cnc);
  return {
    cnc: rateGap(
      report.rates.cnc.verified,
      targets.minCncRate,
      (left) => {
        const device = devices.get(left.device);
        return cncAction(
          left,
          controllerClasses.includes(device?.class ?? ""),
          device?.declared.cnc ?? false,
        );
      },
      classOf,
    ),
    networking: {
      ...rateGap(
        report.rates.networking.verified,
        aboveScale ? targets.minAboveScaleNetworkingRate : null,
        networkingAction,
        classOf,
      ),
      aboveScale,
    },
    digitalLevel: report.digitalLevel === undefined ? null : levelGaps(report.digitalLevel),
  };
}

/** Verdict of a rate against a target: met, not met, not yet judged, or no target. */
export type Verdict = "met" | "notMet" | "notJudged" | "noTarget";

export function verdictOf(gap: Pick<RateGap, "target" | "current" | "judged" | "needed">): Verdict {
  if (gap.target === null) return "noTarget";
  if (!gap.judged || gap.current === null) return "notJudged";
  return gap.needed === 0 ? "met" : "notMet";
}

export type { EnterpriseReport };
