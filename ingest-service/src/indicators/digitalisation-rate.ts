import type { DeclaredAndVerified } from "./networking-rate.js";
import { rateOf, type ScoredRate, scored } from "./rate.js";

export interface DigitalisationFacts {
  readonly device: string;
  readonly isProduction: boolean;
  readonly declaredDigital: boolean;
  /** At least one valid signed frame carrying its samples arrived in the period. */
  readonly sentValidTelemetry: boolean;
}

/**
 * INDICATORS §2.2 equipment digitalisation rate (official, MIIT 2024): digital production
 * equipment ÷ all production equipment. Declared from the registry; verified per §1: the device
 * sent valid telemetry in the period.
 */
export function digitalisationRates(facts: readonly DigitalisationFacts[]): DeclaredAndVerified<ScoredRate> {
  const byDevice = new Map(facts.map((f) => [f.device, f]));
  const production = facts.filter((f) => f.isProduction).map((f) => f.device);
  return {
    declared: scored(
      rateOf(production, (d) => byDevice.get(d)?.declaredDigital === true, "NO_PRODUCTION_EQUIPMENT"),
    ),
    verified: scored(
      rateOf(production, (d) => byDevice.get(d)?.sentValidTelemetry === true, "NO_PRODUCTION_EQUIPMENT"),
    ),
  };
}
