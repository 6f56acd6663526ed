import { type EvidenceLevel } from "../indicators/index.js";
import type { Binding, QuestionnaireItem } from "./questionnaire.js";
/** What the adjustment reads of the enterprise report (enterprise-report.ts), nothing more. */
export interface EvidenceFacts {
    readonly rates: {
        readonly digitalisation: {
            readonly verified: RateFacts;
        };
        readonly networking: {
            readonly verified: RateFacts;
        };
    };
    readonly devices: readonly {
        readonly device: string;
        readonly class: string;
        readonly isProduction: boolean;
        readonly evidence: {
            readonly level: EvidenceLevel;
        };
        readonly cnc: {
            readonly controllerStateSignals: readonly string[];
        };
    }[];
}
interface RateFacts {
    readonly denominator: number;
    readonly numeratorDevices: readonly string[];
}
export interface Adjusted {
    /** Option ids the evidence supports, in questionnaire order. */
    readonly options: readonly string[];
    /** Device ids behind the adjusted answer. */
    readonly devices: readonly string[];
    /** Plain-language explanation of what the evidence showed (shown when the answer changed). */
    readonly shown: {
        readonly zh: string;
        readonly en: string;
    };
}
/**
 * A bound item's answer as the evidence supports it (INDICATORS §7, bindings file):
 * - rate-band: the band holding (devices counted by the verified rate at `minEvidence` or above) ÷
 *   (the rate's denominator); no production equipment at all supports only the lowest band.
 * - options: each bound option stands only if a device at `minEvidence` or above shows what the
 *   binding requires; unbound options keep the declared choice. Nothing left means "None".
 */
export declare function adjustBoundItem(item: QuestionnaireItem, binding: Binding, declared: readonly string[] | undefined, facts: EvidenceFacts): Adjusted;
export {};
