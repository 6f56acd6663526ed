import { z } from "zod";
import type { Questionnaire } from "./questionnaire.js";
import { type Answers, type Level } from "./scoring.js";
export declare const NationalImportSchema: z.ZodObject<{
    format: z.ZodLiteral<"miit-sme-digital-level/1">;
    questionnaireVersion: z.ZodString;
    answers: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>>>;
    totalScore: z.ZodOptional<z.ZodNumber>;
    level: z.ZodOptional<z.ZodNumber>;
}, z.core.$strict>;
export type NationalImport = z.infer<typeof NationalImportSchema>;
export type ImportedDeclaration = {
    kind: "answers";
    answers: Answers;
} | {
    kind: "total";
    score: number;
    level: Level;
};
/** The import as declared answers (or total), checked against the questionnaire. */
export declare function fromNationalImport(q: Questionnaire, body: NationalImport): ImportedDeclaration;
