import { z } from "zod";
import type { Questionnaire, QuestionnaireItem } from "./questionnaire.js";
export type Level = 0 | 1 | 2 | 3 | 4;
/** Item id → the chosen option ids (one for a single-choice item). Bounded: it comes over HTTP. */
export declare const AnswersSchema: z.ZodRecord<z.ZodString, z.ZodArray<z.ZodString>>;
export type Answers = z.infer<typeof AnswersSchema>;
/**
 * Why the answers do not fit the questionnaire, one sentence each (empty when they fit): an item
 * or option it does not have, several options on a single-choice item, an exclusive "None"
 * combined with another option, an option given twice.
 */
export declare function answerProblems(q: Questionnaire, answers: Answers): string[];
/** Scores are sums of 0.7, 1.25, 1.875…: kept to 4 decimals so sums print and compare cleanly. */
export declare function roundScore(score: number): number;
/** The item's points for the chosen options: the option's score, or the sum for multiple choice (capped). */
export declare function itemScore(item: QuestionnaireItem, chosen: readonly string[]): number;
/**
 * The level of a score (INDICATORS §7): a band holds [min, max), the top band includes its max,
 * below the first band is level 0. An edge score (40, 60, 80) is in the higher band — the source
 * does not say; questionnaire.missing records it.
 */
export declare function levelOf(score: number, bands: Questionnaire["levels"]): Level;
/** An answer as the report shows it: option ids joined with commas, in questionnaire order. */
export declare function answerText(item: QuestionnaireItem, chosen: readonly string[] | undefined): string | null;
