import type { Questionnaire, QuestionnaireItem } from "./questionnaire.js";

export type Level = 0 | 1 | 2 | 3 | 4;

/**
 * Item id → the chosen option ids (one for a single-choice item). Validated at the HTTP boundary by
 * `AnswersSchema` (answers-schema.ts), kept apart so the dashboard can score without bundling zod.
 */
export type Answers = Record<string, string[]>;

/**
 * Why the answers do not fit the questionnaire, one sentence each (empty when they fit): an item
 * or option it does not have, several options on a single-choice item, an exclusive "None"
 * combined with another option, an option given twice.
 */
export function answerProblems(q: Questionnaire, answers: Answers): string[] {
  const problems: string[] = [];
  for (const [itemId, chosen] of Object.entries(answers)) {
    const item = q.items.find((i) => i.id === itemId);
    if (item === undefined) {
      problems.push(`${itemId}: no such item in ${q.id} ${q.version}`);
      continue;
    }
    for (const o of chosen)
      if (!item.options.some((x) => x.id === o)) problems.push(`${itemId}: no option ${o}`);
    if (new Set(chosen).size !== chosen.length) problems.push(`${itemId}: an option is given twice`);
    if (item.kind === "single" && chosen.length > 1) problems.push(`${itemId}: choose one option`);
    const exclusive = item.options.filter((o) => o.exclusive === true).map((o) => o.id);
    if (chosen.length > 1 && chosen.some((o) => exclusive.includes(o)))
      problems.push(`${itemId}: "${exclusive.join("/")}" (none) cannot be combined with other options`);
  }
  return problems;
}

/** Scores are sums of 0.7, 1.25, 1.875…: kept to 4 decimals so sums print and compare cleanly. */
export function roundScore(score: number): number {
  return Math.round(score * 10_000) / 10_000;
}

/** The item's points for the chosen options: the option's score, or the sum for multiple choice (capped). */
export function itemScore(item: QuestionnaireItem, chosen: readonly string[]): number {
  const sum = item.options.filter((o) => chosen.includes(o.id)).reduce((s, o) => s + o.score, 0);
  return roundScore(Math.min(sum, item.points));
}

/** The declared total of the answers: each item's points, summed (an unanswered item scores 0). */
export function totalScore(q: Pick<Questionnaire, "items">, answers: Answers): number {
  return roundScore(q.items.reduce((s, i) => s + itemScore(i, answers[i.id] ?? []), 0));
}

/**
 * The level of a score (INDICATORS §7): a band holds [min, max), the top band includes its max,
 * below the first band is level 0. An edge score (40, 60, 80) is in the higher band — the source
 * does not say; questionnaire.missing records it.
 */
export function levelOf(score: number, bands: Questionnaire["levels"]): Level {
  let level: Level = 0;
  for (const band of bands) if (score >= band.min) level = band.level as Level;
  return level;
}

/** An answer as the report shows it: option ids joined with commas, in questionnaire order. */
export function answerText(item: QuestionnaireItem, chosen: readonly string[] | undefined): string | null {
  if (chosen === undefined) return null;
  return item.options
    .filter((o) => chosen.includes(o.id))
    .map((o) => o.id)
    .join(",");
}
