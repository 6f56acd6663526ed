import type { JsonValue } from "./canonical-json.js";
import { EVIDENCE_LEVELS, type EvidenceLevel, type RequirementCode } from "./evidence-level.js";
import type { FlagCode } from "./flags.js";
import { compareText } from "./ordering.js";
import type { Rate } from "./rate.js";

/**
 * Why a device in a verified rate's denominator is not in its numerator (INDICATORS §4: "beside
 * every verified rate stand the devices left out and why — nothing is dropped silently"). Codes
 * are stable: the dashboard translates them with their `data`; `detail` is the English text.
 */
export const LEFT_OUT_CODES = {
  NEVER_SENT_DATA: "No valid signed frame carried the device's samples in the period",
  NO_WORKING_TIME: "The device's registered time held none of the declared working hours",
  NOT_ON_CLOUD: "Online too little of the working time, or its data too incomplete (INDICATORS §3)",
  BELOW_CONSISTENT: "Evidence level below consistent: a check or the last challenge failed, or no identity",
  UNSIGNED_SOURCE:
    "Unsigned source (Sparkplug B): shown and counted separately, not as verified (bureau policy evidence.unsignedSources)",
  NOT_CONTROLLER_SOURCE: "The device class is not a CNC/PLC source for this industry kind",
  NO_CONTROLLER_STATE: "The telemetry carried no controller state (execution or controller mode)",
  NEVER_ACTIVE: "The machine was never seen running (execution=ACTIVE) in the period",
} as const;
export type LeftOutCode = keyof typeof LEFT_OUT_CODES;

export interface LeftOutReason {
  readonly code: LeftOutCode;
  /** English, with the particulars ("only connected: PLAUSIBILITY_COUNTER_DECREASED"). */
  readonly detail: string;
  readonly data: { readonly [key: string]: JsonValue };
}

export interface LeftOutDevice {
  readonly device: string;
  /** The device's evidence level for the period. */
  readonly level: EvidenceLevel;
  /** At least one reason, in a stable order. */
  readonly reasons: readonly LeftOutReason[];
}

/** A verified rate with every device of its denominator that it did not count, and why. */
export interface VerifiedRate extends Rate {
  readonly leftOut: readonly LeftOutDevice[];
}

/** What a verified rate needs to know of a device's evidence (INDICATORS §4). */
export interface EvidenceStanding {
  readonly level: EvidenceLevel;
  /** Flags that kept the device from "consistent". */
  readonly blockingFlags: readonly FlagCode[];
  readonly requirements: readonly {
    readonly level: EvidenceLevel;
    readonly requirement: RequirementCode;
    readonly met: boolean;
    readonly detail: string;
  }[];
  /** Issue 20: the unsigned source the data came through, if any. */
  readonly unsignedSource?: string;
  /** Counted in verified rates (absent: `consistent` or above). */
  readonly countsAsVerified?: boolean;
}

const CONSISTENT_INDEX = EVIDENCE_LEVELS.indexOf("consistent");

/** INDICATORS §4: a verified rate counts only devices at `consistent` or above. */
export function isEvidenced(level: EvidenceLevel): boolean {
  return EVIDENCE_LEVELS.indexOf(level) >= CONSISTENT_INDEX;
}

/** Whether a verified rate counts the device's evidence (INDICATORS §4; issue 20 policy for unsigned sources). */
export function countsAsVerified(evidence: EvidenceStanding): boolean {
  return evidence.countsAsVerified ?? isEvidenced(evidence.level);
}

/** The reason a device's evidence keeps it out of verified rates, or null when it counts. */
export function evidenceShortfall(evidence: EvidenceStanding): LeftOutReason | null {
  if (countsAsVerified(evidence)) return null;
  if (evidence.unsignedSource !== undefined) {
    const others = evidence.requirements.filter(
      (r) => !r.met && r.level !== "live-verified" && r.requirement !== "SIGNED_SOURCE",
    );
    return {
      code: "UNSIGNED_SOURCE",
      detail: `unsigned source: Sparkplug B — shown, counted separately${others.length > 0 ? `; also ${others.map((r) => r.detail).join("; ")}` : ""}`,
      data: {
        level: evidence.level,
        source: evidence.unsignedSource,
        unmet: others.map((r) => r.requirement),
      },
    };
  }
  const unmet = evidence.requirements.filter((r) => !r.met && r.level !== "live-verified");
  const why =
    evidence.blockingFlags.length > 0
      ? evidence.blockingFlags.join(", ")
      : unmet.map((r) => r.detail).join("; ");
  return {
    code: "BELOW_CONSISTENT",
    detail: `only ${evidence.level}: ${why}`,
    data: {
      level: evidence.level,
      flags: [...evidence.blockingFlags],
      unmet: unmet.map((r) => r.requirement),
    },
  };
}

/**
 * The verified rate with its left-out list: every denominator device not in the numerator, with
 * the reasons `reasonsOf` gives. A device left out with no reason is a bug in the caller (a
 * number without its explanation), so it throws.
 */
export function withLeftOut(
  rate: Rate,
  levelOf: (device: string) => EvidenceLevel,
  reasonsOf: (device: string) => readonly LeftOutReason[],
): VerifiedRate {
  const counted = new Set(rate.numeratorDevices);
  const leftOut = rate.denominatorDevices
    .filter((d) => !counted.has(d))
    .sort(compareText)
    .map((device) => {
      const reasons = reasonsOf(device);
      if (reasons.length === 0)
        throw new Error(`device ${device} left out of a verified rate with no reason`);
      return { device, level: levelOf(device), reasons };
    });
  return { ...rate, leftOut };
}

/** Percent text for details: 0.2345 → "23 %". */
export function percentText(share: number): string {
  return `${Math.round(share * 100)} %`;
}
