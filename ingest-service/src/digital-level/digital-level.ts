import { type Adjusted, adjustBoundItem, type EvidenceFacts } from "./evidence-adjust.js";
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

export const FLAG_NOT_SUPPORTED = "DIGITAL_LEVEL_NOT_SUPPORTED";
export const FLAG_TOTAL_ONLY = "DIGITAL_LEVEL_TOTAL_ONLY";

/**
 * INDICATORS §7: the declared score and level, and the evidence-adjusted ones in which every
 * bound item's answer is replaced by what the evidence of the period supports (unbound items kept
 * as declared). A declared level whose adjusted score falls below that level's floor is flagged
 * with the items that lost points. A pure function of its inputs.
 */
export function computeDigitalLevel(
  q: Questionnaire,
  b: Bindings,
  declaration: Declaration | null,
  facts: EvidenceFacts,
): DigitalLevel {
  const dimensionText = new Map(q.dimensions.map((d) => [d.id, { zh: d.zh, en: d.en }]));
  const answers = declaration?.kind === "answers" ? declaration.answers : undefined;
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
              zh: `申报 ${declaredAnswer ?? "未作答"}，证据支持 ${adjustedAnswer}：${adjusted.shown.zh}`,
              en: `declared ${declaredAnswer ?? "no answer"}, the evidence supports ${adjustedAnswer}: ${adjusted.shown.en}`,
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
      const lost = items.filter((i) => (i.adjustedScore ?? 0) < (i.declaredScore ?? 0));
      flags.push({
        code: FLAG_NOT_SUPPORTED,
        zh: `申报数字化水平 ${declared.level} 级（${declared.score} 分），按设备证据调整后为 ${evidenceAdjusted.score} 分，低于 ${declared.level} 级下限 ${floor} 分。原因：${lost.map((i) => `「${i.title.zh}」${i.reason?.zh ?? ""}`).join("；")}。`,
        en: `Declared SME digital level ${declared.level} (${declared.score} points); adjusted to the equipment evidence it scores ${evidenceAdjusted.score}, below level ${declared.level}'s floor of ${floor}. Because: ${lost.map((i) => `"${i.title.en}": ${i.reason?.en ?? ""}`).join("; ")}.`,
        items: lost.map((i) => i.id),
      });
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
