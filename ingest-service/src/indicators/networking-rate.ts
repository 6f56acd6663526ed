import { type Rate, rateOf, type ScoredRate, scored, withoutValue } from "./rate.js";

export interface NetworkingFacts {
  readonly device: string;
  readonly isProduction: boolean;
  readonly declaredNetworked: boolean;
  /** INDICATORS §3 on cloud for the period; null when its window held no working time. */
  readonly onCloud: boolean | null;
}

export interface DeclaredAndVerified<R extends Rate = Rate> {
  readonly declared: R;
  readonly verified: R;
}

/**
 * INDICATORS §2.1 equipment networking rate (official, MIIT 2024): networked production
 * equipment ÷ all production equipment, the denominator being all production equipment, digital
 * or not. Declared from the registry; verified counts a device as networked when it was on cloud
 * (§3) for the period. A device registered only outside working hours is not networked; an
 * enterprise whose period has no working hours at all has no verified rate.
 */
export function networkingRates(
  facts: readonly NetworkingFacts[],
  enterpriseHasWorkingTime: boolean,
): DeclaredAndVerified<ScoredRate> {
  const byDevice = new Map(facts.map((f) => [f.device, f]));
  const production = facts.filter((f) => f.isProduction).map((f) => f.device);
  const declared = rateOf(
    production,
    (d) => byDevice.get(d)?.declaredNetworked === true,
    "NO_PRODUCTION_EQUIPMENT",
  );
  let verified = rateOf(production, (d) => byDevice.get(d)?.onCloud === true, "NO_PRODUCTION_EQUIPMENT");
  if (verified.denominator > 0 && !enterpriseHasWorkingTime)
    verified = withoutValue(verified, "NO_WORKING_TIME");
  return { declared: scored(declared), verified: scored(verified) };
}
