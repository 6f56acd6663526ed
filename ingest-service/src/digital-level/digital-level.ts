import { durationText } from "../indicators/judgement.js";
import { type Adjusted, adjustBoundItem, type EvidenceFacts } from "./evidence-adjust.js";
import { FLAG_NOT_SUPPORTED, FLAG_NOT_YET_JUDGED, FLAG_TOTAL_ONLY } from "./flag-codes.js";
import type { NotYetJudged } from "./item-judgement.js";
import type { Bindings, Questionnaire } from "./questionnaire.js";
import { type Answers, answerText, itemScore, type Level, levelOf, roundScore } from "./scoring.js";

type Text = { zh: string; en: string };

/** The enterprise report's `digitalLevel` (briefs shape15, shared with the PDF report and periods). */
export interface DigitalLevel {
  questionnaire: { id: string; version: string; source: string; partial: boolean };
  answeredAt: string | null;
  declared: { score: number; level: Level } | null;
  evidenceAdjusted: { score: number; level: Level } | null;
  items: DigitalLevelItem[];
  flags: Array<{ code: string; zh: string; en: string; items: string[] }>;
}

export interface DigitalLevelItem {
  id: string;
  dimension: Text;
  title: Text;
  declaredAnswer: string | null;
  declaredScore: number | null;
  binding: { indicator: string; minEvidence: string } | null;
  adjustedAnswer: string | null;
  adjustedScore: number | null;
  reason: Text | null;
  devices: string[];
}

/** What an enterprise declared: item answers, or (imported) only the national system's total and level. */
export type Declaration =
  | { kind: "answers"; answers: Answers; answeredAt: string }
  | { kind: "total"; score: number; level: Level; answeredAt: string };

export {
  FLAG_NOT_SUPPORTED,
  FLAG_NOT_YET_JUDGED,
  FLAG_TOTAL_ONLY,
  isNeutralDigitalLevelFlag,
  NEUTRAL_DIGITAL_LEVEL_FLAGS,
} from "./flag-codes.js";

/** "observed 3 min of the required 3 min of working time", in both languages. */
function waitText(n: NotYetJudged): Text {
  return {
    zh: `已观察 ${durationText(n.observedMs, "zh")}，需要 ${durationText(n.requiredMs, "zh")}的工作时间`,
    en: `observed ${durationText(n.observedMs, "en")} of the required ${durationText(n.requiredMs, "en")} of working time`,
  };
}

/**
 * INDICATORS §7: the declared score and level, and the evidence-adjusted ones in which every
 * bound item's answer is replaced by what the evidence of the period supports (unbound items kept
 * as declared). A declared level whose adjusted score falls below that level's floor is flagged:
 * red (DIGITAL_LEVEL_NOT_SUPPORTED, naming the judged items that lost points) when the score with
 * every not-yet-judged item counted as declared is still below the floor; otherwise neutral
 * (DIGITAL_LEVEL_NOT_YET_JUDGED, naming the waiting items with their observed and required time),
 * since evidence too young to judge cannot call a level false (issue 15 §4, item-judgement.ts).
 * A pure function of its inputs: onramp-verify recomputes it from a bundle's report.
 */
export function computeDigitalLevel(
  q: Questionnaire,
  b: Bindings,
  declaration: Declaration | null,
  facts: EvidenceFacts,
): DigitalLevel {
  const dimensionText = new Map(q.dimensions.map((d) => [d.id, { zh: d.zh, en: d.en }]));
  const answers = declaration?.kind === "answers" ? declaration.answers : undefined;
  const pending = new Map<string, NotYetJudged>();
  const items: DigitalLevelItem[] = q.items.map((item) => {
    const declared = answers?.[item.id];
    const declaredScore = answers === undefined ? null : itemScore(item, declared ?? []);
    const binding = b.bindings.find((x) => x.item === item.id);
    const adjusted: Adjusted | undefined =
      binding === undefined || answers === undefined
        ? undefined
        : adjustBoundItem(item, binding, declared, facts);
    const declaredAnswer = answerText(item, declared);
    const adjustedAnswer =
      adjusted === undefined || adjusted.options.length === 0
        ? declaredAnswer
        : answerText(item, adjusted.options);
    const adjustedScore = answers === undefined ? null : itemScore(item, adjusted?.options ?? declared ?? []);
    const lostPoints = (adjustedScore ?? 0) < (declaredScore ?? 0);
    const wait = lostPoints && adjusted?.notYetJudged != null ? waitText(adjusted.notYetJudged) : null;
    if (wait !== null && adjusted?.notYetJudged != null) pending.set(item.id, adjusted.notYetJudged);
    return {
      id: item.id,
      dimension: dimensionText.get(item.dimension) ?? { zh: item.dimension, en: item.dimension },
      title: item.title,
      declaredAnswer,
      declaredScore,
      binding:
        binding === undefined ? null : { indicator: binding.indicator, minEvidence: binding.minEvidence },
      adjustedAnswer,
      adjustedScore,
      reason:
        adjusted === undefined || adjustedAnswer === declaredAnswer
          ? null
          : {
              zh: `申报 ${declaredAnswer ?? "未作答"}，证据支持 ${adjustedAnswer}：${adjusted.shown.zh}${wait === null ? "" : `（尚未评判：${wait.zh}）`}`,
              en: `declared ${declaredAnswer ?? "no answer"}, the evidence supports ${adjustedAnswer}: ${adjusted.shown.en}${wait === null ? "" : ` (not yet judged: ${wait.en})`}`,
            },
      devices: [...(adjusted?.devices ?? [])],
    };
  });

  const sum = (pick: (i: DigitalLevelItem) => number | null) =>
    roundScore(items.reduce((s, i) => s + (pick(i) ?? 0), 0));
  const declared =
    declaration === null
      ? null
      : declaration.kind === "total"
        ? { score: declaration.score, level: declaration.level }
        : {
            score: sum((i) => i.declaredScore),
            level: levelOf(
              sum((i) => i.declaredScore),
              q.levels,
            ),
          };
  const adjustedScore = sum((i) => i.adjustedScore);
  const evidenceAdjusted =
    answers === undefined ? null : { score: adjustedScore, level: levelOf(adjustedScore, q.levels) };

  const flags: DigitalLevel["flags"] = [];
  if (declaration?.kind === "total") {
    flags.push({
      code: FLAG_TOTAL_ONLY,
      zh: `申报的是全国自评结果的总分 ${declaration.score} 分（${declaration.level} 级），没有逐项答案，无法用设备证据逐项核对。`,
      en: `Only the national self-assessment's total (${declaration.score} points, level ${declaration.level}) was declared, without item answers: no item can be checked against the equipment evidence.`,
      items: [],
    });
  }
  if (declared !== null && evidenceAdjusted !== null && declared.level >= 1) {
    const floor = q.levels.find((band) => band.level === declared.level)?.min ?? 0;
    if (evidenceAdjusted.score < floor) {
      // Items not yet judged count as declared: only judged evidence can show the level is false.
      const judgedScore = sum((i) => (pending.has(i.id) ? i.declaredScore : i.adjustedScore));
      const lost = items.filter((i) => (i.adjustedScore ?? 0) < (i.declaredScore ?? 0));
      flags.push(
        judgedScore < floor
          ? notSupported(
              declared,
              evidenceAdjusted.score,
              judgedScore,
              floor,
              lost.filter((i) => !pending.has(i.id)),
            )
          : notYetJudged(
              declared,
              evidenceAdjusted.score,
              floor,
              lost.filter((i) => pending.has(i.id)),
              pending,
            ),
      );
    }
  }

  return {
    questionnaire: {
      id: q.id,
      version: q.version,
      source: `${q.source.document}, ${q.source.issuer}, ${q.source.notice}, ${q.source.date}, ${q.source.url}`,
      partial: q.partial,
    },
    answeredAt: declaration?.answeredAt ?? null,
    declared,
    evidenceAdjusted,
    items,
    flags,
  };
}

type Flag = DigitalLevel["flags"][number];
type Scored = { score: number; level: Level };

/**
 * Red: the judged evidence alone puts the score below the floor. Names only the judged items that
 * lost points; when some others are still waiting, says the score counts the judged ones only.
 */
function notSupported(
  declared: Scored,
  adjusted: number,
  judgedScore: number,
  floor: number,
  judged: readonly DigitalLevelItem[],
): Flag {
  const waiting = judgedScore !== adjusted;
  const scoreZh = waiting
    ? `只计已评判的条目为 ${judgedScore} 分（全部调整后 ${adjusted} 分）`
    : `${adjusted} 分`;
  const scoreEn = waiting
    ? `${judgedScore} counting only the items already judged (${adjusted} with all adjusted)`
    : `${adjusted}`;
  return {
    code: FLAG_NOT_SUPPORTED,
    zh: `申报数字化水平 ${declared.level} 级（${declared.score} 分），按设备证据调整后为 ${scoreZh}，低于 ${declared.level} 级下限 ${floor} 分。原因：${judged.map((i) => `「${i.title.zh}」${i.reason?.zh ?? ""}`).join("；")}。`,
    en: `Declared SME digital level ${declared.level} (${declared.score} points); adjusted to the equipment evidence it scores ${scoreEn}, below level ${declared.level}'s floor of ${floor}. Because: ${judged.map((i) => `"${i.title.en}": ${i.reason?.en ?? ""}`).join("; ")}.`,
    items: judged.map((i) => i.id),
  };
}

/** Neutral: below the floor only through items whose evidence is still too young to judge. */
function notYetJudged(
  declared: Scored,
  adjusted: number,
  floor: number,
  waiting: readonly DigitalLevelItem[],
  pending: ReadonlyMap<string, NotYetJudged>,
): Flag {
  const line = (i: DigitalLevelItem, lang: "zh" | "en") => {
    const n = pending.get(i.id);
    const wait = n === undefined ? "" : waitText(n)[lang];
    return lang === "zh" ? `「${i.title.zh}」（${wait}）` : `"${i.title.en}" (${wait})`;
  };
  return {
    code: FLAG_NOT_YET_JUDGED,
    zh: `申报数字化水平 ${declared.level} 级（${declared.score} 分）尚未评判：按目前的设备证据调整后为 ${adjusted} 分，低于 ${declared.level} 级下限 ${floor} 分，但失分的条目观察时间还不够：${waiting.map((i) => line(i, "zh")).join("；")}。`,
    en: `Declared SME digital level ${declared.level} (${declared.score} points) not yet judged: adjusted to the evidence so far it scores ${adjusted}, below level ${declared.level}'s floor of ${floor}, but the items that lost points have not been observed long enough: ${waiting.map((i) => line(i, "en")).join("; ")}.`,
    items: waiting.map((i) => i.id),
  };
}
