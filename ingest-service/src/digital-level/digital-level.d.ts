import { type EvidenceFacts } from "./evidence-adjust.js";
import type { Bindings, Questionnaire } from "./questionnaire.js";
import { type Answers, type Level } from "./scoring.js";
type Text = {
    zh: string;
    en: string;
};
/** The enterprise report's `digitalLevel` (briefs shape15, shared with the PDF report and periods). */
export interface DigitalLevel {
    questionnaire: {
        id: string;
        version: string;
        source: string;
        partial: boolean;
    };
    answeredAt: string | null;
    declared: {
        score: number;
        level: Level;
    } | null;
    evidenceAdjusted: {
        score: number;
        level: Level;
    } | null;
    items: DigitalLevelItem[];
    flags: Array<{
        code: string;
        zh: string;
        en: string;
        items: string[];
    }>;
}
export interface DigitalLevelItem {
    id: string;
    dimension: Text;
    title: Text;
    declaredAnswer: string | null;
    declaredScore: number | null;
    binding: {
        indicator: string;
        minEvidence: string;
    } | null;
    adjustedAnswer: string | null;
    adjustedScore: number | null;
    reason: Text | null;
    devices: string[];
}
/** What an enterprise declared: item answers, or (imported) only the national system's total and level. */
export type Declaration = {
    kind: "answers";
    answers: Answers;
    answeredAt: string;
} | {
    kind: "total";
    score: number;
    level: Level;
    answeredAt: string;
};
export declare const FLAG_NOT_SUPPORTED = "DIGITAL_LEVEL_NOT_SUPPORTED";
export declare const FLAG_TOTAL_ONLY = "DIGITAL_LEVEL_TOTAL_ONLY";
/**
 * INDICATORS §7: the declared score and level, and the evidence-adjusted ones in which every
 * bound item's answer is replaced by what the evidence of the period supports (unbound items kept
 * as declared). A declared level whose adjusted score falls below that level's floor is flagged
 * with the items that lost points. A pure function of its inputs.
 */
export declare function computeDigitalLevel(q: Questionnaire, b: Bindings, declaration: Declaration | null, facts: EvidenceFacts): DigitalLevel;
export {};
