import type { Binding } from "./questionnaire.js";

/**
 * Whether a bound item's evidence has had the time to say anything (issue 15 §4 applied to the
 * digital level): in the first minutes after an honest plant connects, its verified rates are
 * "not yet judged", and an item adjusted down from them must not make the declared level look
 * false either.
 */
export interface ItemJudgementFacts {
  readonly rates: {
    readonly digitalisation: { readonly verified: JudgedRateFacts };
    readonly networking: { readonly verified: JudgedRateFacts };
  };
  readonly devices: readonly {
    readonly device: string;
    readonly class: string;
    readonly isProduction: boolean;
    /** Declared working time inside the device's registration window (report `onCloud.workingMs`). */
    readonly onCloud?: { readonly workingMs: number };
  }[];
  /** The report's judgement parameters (absent in facts made before issue 15: everything is judged). */
  readonly params?: { readonly judgement: { readonly minObservedWorkingMs: number } };
}

/** A verified rate's judgement as the report carries it (absent before issue 15: judged). */
export interface JudgedRateFacts {
  readonly judged?: boolean;
  readonly notJudgedReason?: { readonly observedMs: number; readonly requiredMs: number };
}

/** Too little working time observed: how much was, and how much is required. */
export interface NotYetJudged {
  readonly observedMs: number;
  readonly requiredMs: number;
}

/** The energy meter class of the device profiles (device-profiles/energy_meter). */
export const ENERGY_METER_CLASS = "energy_meter";

type Requires = NonNullable<Binding["options"]>[number]["requires"];

/** The registered devices that could back an option, whatever their evidence so far. */
export function candidatesFor<D extends ItemJudgementFacts["devices"][number]>(
  requires: Requires,
  facts: { readonly devices: readonly D[] },
): D[] {
  return facts.devices.filter((d) =>
    requires === "energy-meter" ? d.class === ENERGY_METER_CLASS : d.isProduction,
  );
}

/**
 * A rate-band item is judged exactly when the verified rate it reads is (judgement.ts: a rate
 * whose devices' observed working time is below `minObservedWorkingMs` is not; a rate with no
 * devices at all is judged — nothing registered will ever back the declared band).
 */
export function rateJudgement(rate: JudgedRateFacts): NotYetJudged | null {
  if (rate.judged !== false || rate.notJudgedReason === undefined) return null;
  return { observedMs: rate.notJudgedReason.observedMs, requiredMs: rate.notJudgedReason.requiredMs };
}

/**
 * An options item that lost `lost` (bound options declared but not backed) is not yet judged when
 * every lost option is: at least one registered device could still back it (production equipment
 * for G and I, an energy meter for K) and none of those has had `minObservedWorkingMs` of working
 * time observed since it was registered. An option with no device that could back it is judged:
 * a plant that registered no such equipment (a declared-only plant, no gateway) is contradicted
 * by the absence, not waiting for evidence. Observed is the longest of the candidates' times (the
 * earliest registered one: the rates' union of windows unless a candidate was retired).
 */
export function optionsJudgement(
  lost: readonly { readonly requires: Requires }[],
  facts: ItemJudgementFacts,
): NotYetJudged | null {
  const requiredMs = facts.params?.judgement.minObservedWorkingMs;
  if (lost.length === 0 || requiredMs === undefined) return null;
  let observedMs = 0;
  for (const option of lost) {
    const candidates = candidatesFor(option.requires, facts);
    const times = candidates.map((d) => d.onCloud?.workingMs);
    if (candidates.length === 0 || times.some((t) => t === undefined)) return null;
    const observed = Math.max(...(times as number[]));
    if (observed >= requiredMs) return null;
    observedMs = Math.max(observedMs, observed);
  }
  return { observedMs, requiredMs };
}
