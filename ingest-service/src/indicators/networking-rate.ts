import {
  countsAsVerified,
  type EvidenceStanding,
  evidenceShortfall,
  type LeftOutReason,
  percentText,
  type VerifiedRate,
  withLeftOut,
} from "./left-out.js";
import type { OnCloudShortfall } from "./on-cloud.js";
import { type Rate, rateOf, type ScoredRate, scored, withoutValue } from "./rate.js";

export interface NetworkingFacts {
  readonly device: string;
  readonly isProduction: boolean;
  readonly declaredNetworked: boolean;
  /** At least one valid signed frame carried its samples in the period. */
  readonly sentValidTelemetry: boolean;
  /** INDICATORS §3 on cloud for the period; null when its window held no working time. */
  readonly onCloud: boolean | null;
  readonly onlineShare: number | null;
  readonly completeness: number | null;
  readonly shortfalls: readonly OnCloudShortfall[];
  /** INDICATORS §4 evidence for the period. */
  readonly evidence: EvidenceStanding;
}

export interface DeclaredAndVerified<R extends Rate = Rate, V extends Rate = R> {
  readonly declared: R;
  readonly verified: V;
}

export type ScoredVerifiedRate = ScoredRate & VerifiedRate;

/** Why a device sent nothing, or, when it did, nothing that counts: shared by the verified rates. */
export function telemetryShortfall(sentValidTelemetry: boolean): LeftOutReason | null {
  return sentValidTelemetry
    ? null
    : { code: "NEVER_SENT_DATA", detail: "never sent data in the period", data: {} };
}

function onCloudShortfall(f: NetworkingFacts): LeftOutReason | null {
  if (f.onCloud === true || !f.sentValidTelemetry) return null;
  if (f.onCloud === null)
    return { code: "NO_WORKING_TIME", detail: "no working time while registered", data: {} };
  const parts = [
    f.onlineShare === null ? null : `online ${percentText(f.onlineShare)} of working time`,
    f.completeness === null ? "no completeness" : `completeness ${percentText(f.completeness)}`,
  ].filter((p): p is string => p !== null);
  return {
    code: "NOT_ON_CLOUD",
    detail: `not on cloud: ${parts.join(", ")}`,
    data: { onlineShare: f.onlineShare, completeness: f.completeness, shortfalls: [...f.shortfalls] },
  };
}

/**
 * INDICATORS §2.1 equipment networking rate (official, MIIT 2024): networked production
 * equipment ÷ all production equipment, the denominator being all production equipment, digital
 * or not. Declared from the registry; verified counts a device as networked when it was on cloud
 * (§3) for the period at evidence level `consistent` or above (§4). A device registered only
 * outside working hours is not networked; an enterprise whose period has no working hours at all
 * has no verified rate. Every production device not counted is listed with its reasons.
 */
export function networkingRates(
  facts: readonly NetworkingFacts[],
  enterpriseHasWorkingTime: boolean,
): DeclaredAndVerified<ScoredRate, ScoredVerifiedRate> {
  const byDevice = new Map(facts.map((f) => [f.device, f]));
  const fact = (d: string) => byDevice.get(d) as NetworkingFacts;
  const production = facts.filter((f) => f.isProduction).map((f) => f.device);
  const declared = rateOf(production, (d) => fact(d).declaredNetworked, "NO_PRODUCTION_EQUIPMENT");
  let verified = rateOf(
    production,
    (d) => fact(d).onCloud === true && countsAsVerified(fact(d).evidence),
    "NO_PRODUCTION_EQUIPMENT",
  );
  if (verified.denominator > 0 && !enterpriseHasWorkingTime)
    verified = withoutValue(verified, "NO_WORKING_TIME");
  const reasons = (d: string): LeftOutReason[] => {
    const f = fact(d);
    const listed = [
      telemetryShortfall(f.sentValidTelemetry),
      onCloudShortfall(f),
      f.sentValidTelemetry ? evidenceShortfall(f.evidence) : null,
    ].filter((r): r is LeftOutReason => r !== null);
    // An enterprise period with no working hours leaves everyone out for that reason alone.
    return listed.length > 0 || enterpriseHasWorkingTime
      ? listed
      : [{ code: "NO_WORKING_TIME", detail: "no working time in the period", data: {} }];
  };
  return {
    declared: scored(declared),
    verified: { ...scored(verified), ...withLeftOut(verified, (d) => fact(d).evidence.level, reasons) },
  };
}
