// The fields two other branches add to the enterprise report (../briefs shape15: `digitalLevel`
// from i15a, the worded `period` and per-rate `judged` from i15b), added to a report the API
// served, so the diagnosis report is tested with them as well as without them.
import type { EnterpriseReport } from "../../src/indicators/index.js";
import type { DigitalLevel, ReportWithExtensions } from "../../src/report/report-view.js";

const item = (
  id: string,
  dimension: [string, string],
  title: [string, string],
  declared: [string, number],
  adjusted: [string, number],
  binding: { indicator: string; minEvidence: string } | null,
  reason: [string, string] | null,
  devices: string[],
): DigitalLevel["items"][number] => ({
  id,
  dimension: { zh: dimension[0], en: dimension[1] },
  title: { zh: title[0], en: title[1] },
  declaredAnswer: declared[0],
  declaredScore: declared[1],
  binding,
  adjustedAnswer: adjusted[0],
  adjustedScore: adjusted[1],
  reason: reason === null ? null : { zh: reason[0], en: reason[1] },
  devices,
});

/**
 * Declared 42 points (level 2); the evidence supports 35 (level 1): networking and CNC-ization were
 * declared in the top band, the verified rates fall lower. Level 2 needs 5 more points: proving
 * item F-2.3 restores 4 and F-2.2 3. (Items and points are a test fixture, not the MIIT text.)
 */
export const DIGITAL_LEVEL: DigitalLevel = {
  questionnaire: { id: "test-questionnaire", version: "fixture-1", source: "test fixture", partial: true },
  answeredAt: "2026-12-01T02:00:00.000Z",
  declared: { score: 42, level: 2 },
  evidenceAdjusted: { score: 35, level: 1 },
  items: [
    item(
      "F-2.1",
      ["数字化基础", "Digital foundation"],
      ["设备数字化率", "Equipment digitalisation"],
      ["B", 6],
      ["B", 6],
      { indicator: "digitalisation", minEvidence: "consistent" },
      null,
      ["lathe-1", "lathe-2", "mill-3"],
    ),
    item(
      "F-2.2",
      ["数字化基础", "Digital foundation"],
      ["设备联网率", "Equipment networking"],
      ["A", 6],
      ["C", 3],
      { indicator: "networking", minEvidence: "consistent" },
      ["核验联网率只达到第三档", "the verified networking rate is in the third band"],
      ["lathe-1", "lathe-2", "mill-3"],
    ),
    item(
      "F-2.3",
      ["数字化基础", "Digital foundation"],
      ["关键工序数控化率", "Key-process CNC-ization"],
      ["A", 8],
      ["C", 4],
      { indicator: "cnc", minEvidence: "consistent" },
      ["两台关键工序设备没有数据", "two key-process machines sent no data"],
      ["grinder-4", "saw-5"],
    ),
    item(
      "M-3.1",
      ["经营管理", "Management"],
      ["生产计划管理", "Production planning"],
      ["B", 10],
      ["B", 10],
      null,
      null,
      [],
    ),
    item(
      "R-4.1",
      ["成效", "Results"],
      ["质量提升", "Quality improvement"],
      ["B", 12],
      ["B", 12],
      null,
      null,
      [],
    ),
  ],
  flags: [
    {
      code: "DECLARED_LEVEL_NOT_SUPPORTED",
      zh: "自评 2 级，证据校核得分 35 分，低于 40 分",
      en: "declared level 2, evidence-adjusted score 35, below 40",
      items: ["F-2.2", "F-2.3"],
    },
  ],
};

export const PERIOD_LABEL = { zh: "自设备登记以来", en: "since the devices were registered" };
export const NOT_JUDGED = {
  zh: "已观测 3 分钟，需 48 分钟",
  en: "observed 3 min of the required 48 min",
  observedMs: 180_000,
  requiredMs: 2_880_000,
};

/** The served report with the three shape15 additions: networking's verified rate not yet judged. */
export function withExtensions(report: EnterpriseReport): ReportWithExtensions {
  return {
    ...report,
    period: { ...report.period, label: PERIOD_LABEL, kind: "since-registered" },
    digitalLevel: DIGITAL_LEVEL,
    rates: {
      ...report.rates,
      networking: {
        ...report.rates.networking,
        verified: {
          ...report.rates.networking.verified,
          judged: false,
          notJudgedReason: NOT_JUDGED,
        } as typeof report.rates.networking.verified,
      },
    },
  };
}
