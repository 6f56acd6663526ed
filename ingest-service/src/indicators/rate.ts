import { type NotComputable, type NotComputableCode, notComputable } from "./not-computable.js";
import { compareText } from "./ordering.js";

/** A ratio of devices with the devices behind it, so every number can be audited. */
export interface Rate {
  /** numerator ÷ denominator in [0, 1]; null when the denominator is zero. */
  readonly value: number | null;
  readonly reason: NotComputable | null;
  readonly numerator: number;
  readonly denominator: number;
  readonly numeratorDevices: readonly string[];
  readonly denominatorDevices: readonly string[];
}

/** The share of `denominatorDevices` for which `isCounted` holds; null with `emptyReason` if none. */
export function rateOf(
  denominatorDevices: readonly string[],
  isCounted: (device: string) => boolean,
  emptyReason: NotComputableCode,
): Rate {
  const denominator = [...denominatorDevices].sort(compareText);
  const numerator = denominator.filter(isCounted);
  return {
    value: denominator.length === 0 ? null : numerator.length / denominator.length,
    reason: denominator.length === 0 ? notComputable(emptyReason) : null,
    numerator: numerator.length,
    denominator: denominator.length,
    numeratorDevices: numerator,
    denominatorDevices: denominator,
  };
}

/** The same rate, with no value, for a reason that applies to the whole enterprise. */
export function withoutValue(rate: Rate, reason: NotComputableCode): Rate {
  return { ...rate, value: null, reason: notComputable(reason), numerator: 0, numeratorDevices: [] };
}

export type SmeBand = "[0,10]" | "(10,20]" | "(20,40]" | "(40,60]" | "(60,100]";

export interface SmeScore {
  readonly band: SmeBand;
  readonly points: number;
}

/** Upper bounds in percent, inclusive, with their band and points. */
const SME_BANDS: readonly {
  readonly upToPercent: number;
  readonly band: SmeBand;
  readonly points: number;
}[] = [
  { upToPercent: 10, band: "[0,10]", points: 0 },
  { upToPercent: 20, band: "(10,20]", points: 1.5 },
  { upToPercent: 40, band: "(20,40]", points: 3 },
  { upToPercent: 60, band: "(40,60]", points: 4.5 },
  { upToPercent: 100, band: "(60,100]", points: 6 },
];

/**
 * INDICATORS §2.1/§2.2 SME assessment bands (MIIT 中小企业数字化水平评测指标 2024). Compared in
 * integers (numerator × 100 ≤ bound × denominator) so a rate of exactly 10 % or 20 % falls in the
 * band it closes, with no floating-point doubt.
 */
export function smeScore(rate: Rate): SmeScore | null {
  if (rate.value === null) return null;
  for (const { upToPercent, band, points } of SME_BANDS) {
    if (rate.numerator * 100 <= upToPercent * rate.denominator) return { band, points };
  }
  throw new Error(`a rate of ${rate.numerator}/${rate.denominator} exceeds 100 %`);
}

/** A rate shown with its SME band and points. */
export interface ScoredRate extends Rate {
  readonly sme: SmeScore | null;
}

export function scored(rate: Rate): ScoredRate {
  return { ...rate, sme: smeScore(rate) };
}
