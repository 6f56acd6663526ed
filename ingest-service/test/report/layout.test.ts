import { describe, expect, it } from "vitest";
import { computeEnterpriseReport } from "../../src/indicators/index.js";
import { diagnosisHtml } from "../../src/report/layout.js";
import type { DiagnosisSource } from "../../src/report/report-view.js";
import { REPORT_WORDS } from "../../src/report/words.js";
import { DICTIONARIES } from "../../web/src/i18n/i18n.js";
import { honestEnterprise, twinEnterprise } from "../indicator-scenarios/scenario.js";
import { DIGITAL_LEVEL, NOT_JUDGED, PERIOD_LABEL, withExtensions } from "./extensions-fixture.js";

const PROFILE: DiagnosisSource["profile"] = {
  id: "honest-co",
  name: "Honest <Parts> & Co",
  district: "雁塔区",
  developmentZone: "高新区",
  industry: "auto-parts",
  industryKind: "discrete",
  aboveScale: true,
  smeDigitalLevel: 2,
  calendar: null,
};
const source = (report: DiagnosisSource["report"]): DiagnosisSource => ({
  report,
  profile: PROFILE,
  generatedAt: 0,
});
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the diagnosis report page", () => {
  it("words every key in both languages with the same placeholders", () => {
    for (const [key, zh] of Object.entries(REPORT_WORDS.zh))
      expect(placeholders(REPORT_WORDS.en[key as keyof typeof REPORT_WORDS.en]), key).toEqual(
        placeholders(zh),
      );
  });

  it("is self-contained: no script, no external resource, and the profile's text escaped", () => {
    const html = diagnosisHtml(source(computeEnterpriseReport(honestEnterprise())), "zh");
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(html).toContain("Honest &lt;Parts&gt; &amp; Co");
    expect(html).toContain('<html lang="zh-CN">');
  });

  it("words flags, classes and evidence levels as the dashboard does", () => {
    const report = computeEnterpriseReport(twinEnterprise());
    const zh = diagnosisHtml(source(report), "zh");
    const en = diagnosisHtml(source(report), "en");
    expect(zh).toContain(DICTIONARIES["zh-CN"]["flag.UNIQUENESS_FINGERPRINT_DUPLICATE"]);
    expect(en).toContain(DICTIONARIES.en["flag.UNIQUENESS_FINGERPRINT_DUPLICATE"]);
    expect(zh).toContain(DICTIONARIES["zh-CN"]["class.cnc_machine_tool"]);
    expect(zh).toContain(DICTIONARIES["zh-CN"]["evidence.connected"]);
    // Every flag with its reason (the particulars stay as the report gives them).
    for (const flag of report.flags)
      expect(zh).toContain(
        flag.reason
          .replaceAll("&", "&amp;")
          .replaceAll("<", "&lt;")
          .replaceAll(">", "&gt;")
          .replaceAll('"', "&quot;")
          .replaceAll("'", "&#39;"),
      );
  });

  it("reads the period's bounds whether the report gives epoch ms or ISO strings (shape15)", () => {
    const report = computeEnterpriseReport(honestEnterprise());
    const iso = {
      ...report,
      period: {
        from: new Date(report.period.from).toISOString(),
        to: new Date(report.period.to).toISOString(),
      },
    } as unknown as DiagnosisSource["report"];
    const periodOf = (html: string) => html.match(/<dd data-field="period">([^<]+)<\/dd>/)?.[1];
    const expected = periodOf(diagnosisHtml(source(report), "zh"));
    expect(expected).toMatch(/^2026\/03\/03 00:00 \(UTC\+8\) — 2026\/03\/04 00:00 \(UTC\+8\)$/);
    expect(periodOf(diagnosisHtml(source(iso), "zh"))).toBe(expected);
  });

  it("says the digital level is not assessed when the report has no digitalLevel", () => {
    const html = diagnosisHtml(source(computeEnterpriseReport(honestEnterprise())), "zh");
    expect(html).toContain(REPORT_WORDS.zh["level.absent"]);
    expect(html).not.toContain("data-item=");
  });

  it("renders the item table, the period in words and a not-yet-judged rate in a neutral colour when present", () => {
    const html = diagnosisHtml(source(withExtensions(computeEnterpriseReport(honestEnterprise()))), "en");
    for (const item of DIGITAL_LEVEL.items) expect(html).toContain(`data-item="${item.id}"`);
    expect(html.match(/<tr data-item="[^"]+" class="differs">/g)).toHaveLength(2);
    expect(html).toContain(PERIOD_LABEL.en);
    expect(html).toContain(`<span class="not-judged">not yet judged: ${NOT_JUDGED.en}</span>`);
    expect(html).toContain('data-verdict="notJudged"');
    expect(html).toContain('data-level-flag="DECLARED_LEVEL_NOT_SUPPORTED"');
  });

  it("lists DIGITAL_LEVEL_NOT_YET_JUDGED in grey, and the level is 'not yet judged', not 'not met' (issue 15 §4)", () => {
    const report = withExtensions(computeEnterpriseReport(honestEnterprise()));
    const summaryLevelRow = (html: string) =>
      /<section id="summary">.*?<\/section>/s.exec(html)?.[0].split("<tr>").at(-1) ?? "";
    const waiting = {
      code: "DIGITAL_LEVEL_NOT_YET_JUDGED",
      zh: "申报数字化水平 2 级（42 分）尚未评判",
      en: "Declared SME digital level 2 (42 points) not yet judged",
      items: ["F-2.2"],
    };
    const html = diagnosisHtml(
      source({ ...report, digitalLevel: { ...DIGITAL_LEVEL, flags: [waiting] } }),
      "en",
    );
    expect(html).toContain('<li class="not-judged" data-level-flag="DIGITAL_LEVEL_NOT_YET_JUDGED">');
    expect(summaryLevelRow(html)).toContain('data-verdict="notJudged"');
    // The red flag keeps the failure class and the level is not met.
    const red = diagnosisHtml(source(report), "en");
    expect(red).toContain('<li class="severity-failure" data-level-flag="DECLARED_LEVEL_NOT_SUPPORTED">');
    expect(summaryLevelRow(red)).toContain('data-verdict="notMet"');
    // A declared level already below the target is not met, whatever the evidence will show.
    const below = diagnosisHtml(
      source({
        ...report,
        digitalLevel: {
          ...DIGITAL_LEVEL,
          declared: { score: 30, level: 1 },
          evidenceAdjusted: { score: 15, level: 0 },
          flags: [waiting],
        },
      }),
      "en",
    );
    expect(summaryLevelRow(below)).toContain('data-verdict="notMet"');
  });
});
