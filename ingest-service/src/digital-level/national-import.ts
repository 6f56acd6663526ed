import { z } from "zod";
import { IngestError } from "../errors.js";
import type { Questionnaire } from "./questionnaire.js";
import { type Answers, answerProblems, type Level, totalScore } from "./scoring.js";

/**
 * The import format of a national self-assessment result (zjtx.miit.gov.cn), documented in
 * ingest-service/README.md § "SME digital level". Items are keyed by Onramp's item id or by the
 * national system's question id (`sourceId` in the questionnaire file); an option is its letter
 * ("B"), a list of letters, or letters joined by commas ("B,C"). When the result has no item
 * answers, `totalScore` and `level` alone are declared — Onramp can then check nothing item by item.
 */
const OptionLetters = z.union([
  z
    .string()
    .regex(/^[A-Z](,[A-Z])*$/)
    .max(60),
  z
    .array(z.string().regex(/^[A-Z]$/))
    .min(1)
    .max(26),
]);

export const NationalImportSchema = z
  .strictObject({
    format: z.literal("miit-sme-digital-level/1"),
    questionnaireVersion: z.string().min(1).max(20),
    answers: z
      .record(z.string().min(1).max(80), OptionLetters)
      .refine((a) => Object.keys(a).length <= 200, "at most 200 answered items")
      .optional(),
    totalScore: z.number().min(0).max(100).optional(),
    level: z.number().int().min(0).max(4).optional(),
  })
  .refine(
    (body) => body.answers !== undefined || (body.totalScore !== undefined && body.level !== undefined),
    {
      message: "give the item answers, or totalScore and level when the result has no item answers",
    },
  );
export type NationalImport = z.infer<typeof NationalImportSchema>;

export type ImportedDeclaration =
  | { kind: "answers"; answers: Answers }
  | { kind: "total"; score: number; level: Level };

/** The import as declared answers (or total), checked against the questionnaire. */
export function fromNationalImport(q: Questionnaire, body: NationalImport): ImportedDeclaration {
  const invalid = (message: string) => new IngestError("ONRAMP_DIGITAL_LEVEL_ANSWERS_INVALID", message);
  if (body.questionnaireVersion !== q.version)
    throw invalid(
      `the result is for questionnaire version ${body.questionnaireVersion}; this server scores ${q.version}`,
    );
  if (body.answers === undefined) {
    return { kind: "total", score: body.totalScore ?? 0, level: (body.level ?? 0) as Level };
  }
  const answers: Answers = {};
  for (const [key, value] of Object.entries(body.answers)) {
    const item = q.items.find((i) => i.id === key || i.sourceId === key);
    if (item === undefined)
      throw invalid(`${key}: no such item or national question id in ${q.id} ${q.version}`);
    answers[item.id] = typeof value === "string" ? value.split(",") : value;
  }
  const problems = answerProblems(q, answers);
  if (problems.length > 0) throw invalid(problems.join("; "));
  if (body.totalScore !== undefined) {
    const total = totalScore(q, answers);
    // The national system's total must be what its own answers score: a mismatch means a wrong file.
    if (Math.abs(total - body.totalScore) > 0.01)
      throw invalid(`the answers score ${total} points, the result says ${body.totalScore}`);
  }
  return { kind: "answers", answers };
}
