import {
  countsAsVerified,
  type EvidenceStanding,
  evidenceShortfall,
  type LeftOutReason,
  withLeftOut,
} from "./left-out.js";
import { type DeclaredAndVerified, type ScoredVerifiedRate, telemetryShortfall } from "./networking-rate.js";
import { rateOf, type ScoredRate, scored } from "./rate.js";

export interface DigitalisationFacts {
  readonly device: string;
  readonly isProduction: boolean;
  readonly declaredDigital: boolean;
  /** At least one valid signed frame carrying its samples arrived in the period. */
  readonly sentValidTelemetry: boolean;
  /** INDICATORS §4 evidence for the period. */
  readonly evidence: EvidenceStanding;
}

/**
 * INDICATORS §2.2 equipment digitalisation rate (official, MIIT 2024): digital production
 * equipment ÷ all production equipment. Declared from the registry; verified per §1 (the device
 * sent valid telemetry in the period) at evidence level `consistent` or above (§4), with every
 * production device not counted listed with its reasons.
 */
export function digitalisationRates(
  facts: readonly DigitalisationFacts[],
): DeclaredAndVerified<ScoredRate, ScoredVerifiedRate> {
  const byDevice = new Map(facts.map((f) => [f.device, f]));
  const fact = (d: string) => byDevice.get(d) as DigitalisationFacts;
  const production = facts.filter((f) => f.isProduction).map((f) => f.device);
  const verified = rateOf(
    production,
    (d) => fact(d).sentValidTelemetry && countsAsVerified(fact(d).evidence),
    "NO_PRODUCTION_EQUIPMENT",
  );
  const reasons = (d: string): LeftOutReason[] => {
    const f = fact(d);
    return [
      telemetryShortfall(f.sentValidTelemetry),
      f.sentValidTelemetry ? evidenceShortfall(f.evidence) : null,
    ].filter((r): r is LeftOutReason => r !== null);
  };
  return {
    declared: scored(rateOf(production, (d) => fact(d).declaredDigital, "NO_PRODUCTION_EQUIPMENT")),
    verified: { ...scored(verified), ...withLeftOut(verified, (d) => fact(d).evidence.level, reasons) },
  };
}
