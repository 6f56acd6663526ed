import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { IngestError } from "../errors.js";
import { EVIDENCE_LEVELS } from "../indicators/index.js";

/**
 * The SME digital level questionnaire (INDICATORS §7) and its evidence bindings are data files
 * under ingest-service/data/sme-digital-level/, kept as the device profiles are: versioned, with
 * their source named, never as code. This module only parses and checks them.
 */
export const QUESTIONNAIRE_DIR = fileURLToPath(new URL("../../data/sme-digital-level/", import.meta.url));

const Text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const OptionId = z.string().regex(/^[A-Z]$/);

const OptionSchema = z.strictObject({
  id: OptionId,
  zh: z.string().min(1),
  en: z.string().min(1),
  score: z.number().min(0),
  /** "None": chosen alone, never with another option of a multiple-choice item. */
  exclusive: z.literal(true).optional(),
  /** For a rate item: the band (above, atMost] the option stands for, as fractions. */
  rate: z
    .strictObject({ above: z.number().min(0).max(1).nullable(), atMost: z.number().min(0).max(1) })
    .optional(),
});

const ItemSchema = z.strictObject({
  id: z.string().regex(/^[a-z]+\.[a-z0-9-]+$/),
  /** The question's id in the national evaluation system, so its exported answers can be imported. */
  sourceId: z.string().uuid(),
  dimension: z.string(),
  group: Text,
  title: Text,
  description: Text.optional(),
  /** single: one option, its score; multiple: any options, the sum of their scores. */
  kind: z.enum(["single", "multiple"]),
  points: z.number().positive(),
  options: z.array(OptionSchema).min(2),
});

const SceneSchema = z.strictObject({
  id: z.string().regex(/^[a-z-]+$/),
  zh: z.string().min(1),
  en: z.string().min(1),
  /** Level 1 to 4 descriptions, as sourced (Chinese). */
  levels: z.array(z.string().min(1)).length(4),
});

export const QuestionnaireSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id: z.string().min(1),
  version: z.string().min(1),
  title: Text,
  source: z.strictObject({
    document: z.string().min(1),
    issuer: z.string().min(1),
    notice: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    url: z.string().url(),
    transcribedFrom: z.string().min(1),
    translation: z.string().min(1),
  }),
  /** True while any part of the sourced text could not be transcribed; `missing` says what. */
  partial: z.boolean(),
  missing: z.array(z.strictObject({ what: z.string().min(1), why: z.string().min(1) })),
  /** Level bands: a score in [min, max) has the level; the last band includes its max. */
  levels: z
    .array(
      z.strictObject({
        level: z.number().int().min(1).max(4),
        min: z.number(),
        max: z.number(),
        zh: z.string(),
        en: z.string(),
      }),
    )
    .length(4),
  dimensions: z.array(
    z.strictObject({ id: z.string(), zh: z.string(), en: z.string(), points: z.number().min(0) }),
  ),
  items: z.array(ItemSchema).min(1),
  scenes: z.array(z.strictObject({ group: Text, scenes: z.array(SceneSchema).min(1) })),
});
export type Questionnaire = z.infer<typeof QuestionnaireSchema>;
export type QuestionnaireItem = Questionnaire["items"][number];

const BindingOptionSchema = z.strictObject({
  option: OptionId,
  /** What the evidence must show for the option to stand (see evidence-adjust.ts). */
  requires: z.enum(["controller-state", "production-device", "energy-meter"]),
  what: Text,
});

export const BindingsSchema = z.strictObject({
  schemaVersion: z.literal(1),
  questionnaire: z.string(),
  version: z.string(),
  purpose: z.string(),
  bindings: z.array(
    z.strictObject({
      item: z.string(),
      indicator: z.enum(["digitalisation", "networking", "data-collection"]),
      minEvidence: z.enum(EVIDENCE_LEVELS),
      /** rate-band: the verified rate's band picks the option; options: listed options need evidence. */
      rule: z.enum(["rate-band", "options"]),
      why: z.string().min(1),
      options: z.array(BindingOptionSchema).optional(),
    }),
  ),
  notBound: z.array(z.strictObject({ about: z.string(), why: z.string() })),
});
export type Bindings = z.infer<typeof BindingsSchema>;
export type Binding = Bindings["bindings"][number];

/** Tolerance for sums of decimal scores (0.7 × 13 + 0.9 is not exactly 10 in binary). */
export const SCORE_EPSILON = 1e-9;

/**
 * Cross-field rules zod cannot state: unique ids, each item's options reaching exactly its points,
 * dimension points adding up to the items', the points totalling 100, bands contiguous, and every
 * binding naming an item (and options) that exist, with the rule the item's kind allows.
 */
export function checkQuestionnaire(q: Questionnaire, b: Bindings): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const item of q.items) {
    if (ids.has(item.id)) problems.push(`item ${item.id} appears twice`);
    ids.add(item.id);
    if (!q.dimensions.some((d) => d.id === item.dimension))
      problems.push(`item ${item.id}: unknown dimension ${item.dimension}`);
    const optionIds = item.options.map((o) => o.id);
    if (new Set(optionIds).size !== optionIds.length) problems.push(`item ${item.id}: duplicate option ids`);
    const best =
      item.kind === "single"
        ? Math.max(...item.options.map((o) => o.score))
        : item.options.reduce((sum, o) => sum + o.score, 0);
    if (Math.abs(best - item.points) > SCORE_EPSILON)
      problems.push(`item ${item.id}: options reach ${best} points, the item is worth ${item.points}`);
  }
  for (const d of q.dimensions) {
    const sum = q.items.filter((i) => i.dimension === d.id).reduce((s, i) => s + i.points, 0);
    if (Math.abs(sum - d.points) > SCORE_EPSILON)
      problems.push(`dimension ${d.id}: items add up to ${sum}, the dimension is worth ${d.points}`);
  }
  const total = q.items.reduce((s, i) => s + i.points, 0);
  if (Math.abs(total - 100) > SCORE_EPSILON) problems.push(`the items add up to ${total}, not 100`);
  q.levels.forEach((band, index) => {
    if (band.level !== index + 1)
      problems.push(`band ${index} is level ${band.level}, expected ${index + 1}`);
    const next = q.levels[index + 1];
    if (next !== undefined && next.min !== band.max)
      problems.push(`bands ${band.level} and ${next.level} leave a gap`);
  });
  if (b.questionnaire !== q.id || b.version !== q.version)
    problems.push("the bindings are for another questionnaire");
  for (const binding of b.bindings) {
    const item = q.items.find((i) => i.id === binding.item);
    if (item === undefined) {
      problems.push(`binding names unknown item ${binding.item}`);
      continue;
    }
    if (
      binding.rule === "rate-band" &&
      (item.kind !== "single" || item.options.some((o) => o.rate === undefined))
    )
      problems.push(
        `binding ${binding.item}: rate-band needs a single-choice item with a rate on every option`,
      );
    if (binding.rule === "options") {
      if (item.kind !== "multiple" || (binding.options ?? []).length === 0)
        problems.push(`binding ${binding.item}: options needs a multiple-choice item and bound options`);
      for (const o of binding.options ?? [])
        if (!item.options.some((x) => x.id === o.option))
          problems.push(`binding ${binding.item}: no option ${o.option}`);
    }
  }
  return problems;
}

/** A data file as loaded: its name and the sha256 (hex) of its exact bytes, which bundles name. */
export interface QuestionnaireFile {
  readonly file: string;
  readonly sha256: string;
}

export interface LoadedQuestionnaire {
  readonly questionnaire: Questionnaire;
  readonly bindings: Bindings;
  /** What the evidence bundle names, so `onramp-verify` knows whether it ships the same text. */
  readonly files: { readonly questionnaire: QuestionnaireFile; readonly bindings: QuestionnaireFile };
}

/** The questionnaire and bindings file names of edition `name`. */
export const questionnaireFileNames = (name: string) => ({
  questionnaire: `${name}.json`,
  bindings: `${name}.bindings.json`,
});

/** Reads, parses and checks `<name>.json` and `<name>.bindings.json`; throws ONRAMP_QUESTIONNAIRE_INVALID. */
export async function loadQuestionnaire(
  name = "2024-manufacturing",
  dir = QUESTIONNAIRE_DIR,
): Promise<LoadedQuestionnaire> {
  const files = questionnaireFileNames(name);
  return questionnaireFromBytes(name, {
    questionnaire: await readFile(`${dir}${files.questionnaire}`),
    bindings: await readFile(`${dir}${files.bindings}`),
  });
}

/**
 * Parses and checks the two files of edition `name` from their exact bytes (the server reads them
 * from data/, `onramp-verify` carries them inside its build); throws ONRAMP_QUESTIONNAIRE_INVALID.
 */
export function questionnaireFromBytes(
  name: string,
  bytes: { questionnaire: Uint8Array; bindings: Uint8Array },
): LoadedQuestionnaire {
  const names = questionnaireFileNames(name);
  const parse = <T>(file: string, data: Uint8Array, schema: z.ZodType<T>): T => {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(data).toString("utf8"));
    } catch (error) {
      throw new IngestError(
        "ONRAMP_QUESTIONNAIRE_INVALID",
        `${file}: not JSON (${(error as Error).message})`,
      );
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new IngestError(
      "ONRAMP_QUESTIONNAIRE_INVALID",
      `${file}: ${issue?.path.join(".")}: ${issue?.message}`,
    );
  };
  const questionnaire = parse(names.questionnaire, bytes.questionnaire, QuestionnaireSchema);
  const bindings = parse(names.bindings, bytes.bindings, BindingsSchema);
  const problems = checkQuestionnaire(questionnaire, bindings);
  if (problems.length > 0)
    throw new IngestError("ONRAMP_QUESTIONNAIRE_INVALID", `${name}: ${problems.join("; ")}`);
  const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
  return {
    questionnaire,
    bindings,
    files: {
      questionnaire: { file: names.questionnaire, sha256: sha256(bytes.questionnaire) },
      bindings: { file: names.bindings, sha256: sha256(bytes.bindings) },
    },
  };
}
