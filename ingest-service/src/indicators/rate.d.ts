import { type NotComputable, type NotComputableCode } from "./not-computable.js";
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
export declare function rateOf(denominatorDevices: readonly string[], isCounted: (device: string) => boolean, emptyReason: NotComputableCode): Rate;
/** The same rate, with no value, for a reason that applies to the whole enterprise. */
export declare function withoutValue(rate: Rate, reason: NotComputableCode): Rate;
export type SmeBand = "[0,10]" | "(10,20]" | "(20,40]" | "(40,60]" | "(60,100]";
export interface SmeScore {
    readonly band: SmeBand;
    readonly points: number;
}
/**
 * INDICATORS §2.1/§2.2 SME assessment bands (MIIT 中小企业数字化水平评测指标 2024). Compared in
 * integers (numerator × 100 ≤ bound × denominator) so a rate of exactly 10 % or 20 % falls in the
 * band it closes, with no floating-point doubt.
 */
export declare function smeScore(rate: Rate): SmeScore | null;
/** A rate shown with its SME band and points. */
export interface ScoredRate extends Rate {
    readonly sme: SmeScore | null;
}
export declare function scored(rate: Rate): ScoredRate;
