import { isNeutralDigitalLevelFlag } from "../digital-level/flag-codes.js";
import type { LeftOutReason, VerifiedRate } from "../indicators/left-out.js";
import type { Rate } from "../indicators/rate.js";
import { barsSvg, escapeXml as esc, timelineSvg } from "./charts.js";
import { type ReportFormat, reportFormat } from "./format.js";
import { digitalLevelSection, flagsSection, planSection } from "./layout-plan.js";
import { type DiagnosisPlan, diagnosisPlan, verdictOf } from "./plan.js";
import { REPORT_CSS } from "./report-style.js";
import { type DiagnosisSource, judgementOf, periodMs } from "./report-view.js";
import { type Lang, type ReportWords, reportWords } from "./words.js";

/** What every section is drawn with. */
export interface SectionContext {
  readonly source: DiagnosisSource;
  readonly plan: DiagnosisPlan;
  readonly w: ReportWords;
  readonly f: ReportFormat;
}

/**
 * The diagnosis report as one self-contained HTML page (inline CSS and SVG, no script, no network):
 * what Chromium prints to PDF, and what `?format=html` returns for a look in a browser.
 */
export function diagnosisHtml(source: DiagnosisSource, lang: Lang): string {
  const w = reportWords(lang);
  const f = reportFormat(lang);
  const ctx: SectionContext = { source, plan: diagnosisPlan(source.report, source.profile.aboveScale), w, f };
  const { report, profile } = source;
  const span = periodMs(report.period);
  const range = { from: f.dateTime(span.from), to: f.dateTime(span.to) };
  const period =
    report.period.label === undefined
      ? `${range.from} — ${range.to}`
      : w.t("periodLabelled", { label: w.pick(report.period.label), ...range });
  return `<!doctype html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}"><head><meta charset="utf-8">
<title>${esc(`${w.t("title")} — ${profile.name}`)}</title><style>${REPORT_CSS}</style></head>
<body>
<header class="cover">
<div class="brand">Onramp</div>
<h1>${esc(w.t("title"))}</h1>
<p class="subtitle">${esc(w.t("subtitle"))}</p>
<dl class="facts">
<dt>${esc(w.t("profile.enterprise"))}</dt><dd data-field="enterprise">${esc(profile.name)} (${esc(profile.id)})</dd>
<dt>${esc(w.t("period"))}</dt><dd data-field="period">${esc(period)}</dd>
<dt>${esc(w.t("generatedAt"))}</dt><dd>${esc(f.dateTime(source.generatedAt))}</dd>
<dt>${esc(w.t("format"))}</dt><dd>${esc(report.format)}</dd>
</dl>
<p class="muted">${esc(w.t("sourceNote"))}</p>
</header>
${profileSection(ctx)}
${summarySection(ctx)}
${inventorySection(ctx)}
${ratesSection(ctx)}
${chartsSection(ctx)}
${digitalLevelSection(ctx)}
${flagsSection(ctx)}
${planSection(ctx)}
<section class="method"><h2>${esc(w.t("method.title"))}</h2><p>${esc(w.t("method.text"))}</p></section>
</body></html>`;
}

function profileSection({ source, w }: SectionContext): string {
  const p = source.profile;
  const rows: [string, string][] = [
    [w.t("profile.district"), p.district ?? "—"],
    [w.t("profile.zone"), p.developmentZone ?? "—"],
    [w.t("profile.industry"), w.code("industry", p.industry)],
    [w.t("profile.size"), w.code("size", p.aboveScale ? "above-scale" : "sme")],
    [w.t("profile.kind"), w.t(p.industryKind === "process" ? "kind.process" : "kind.discrete")],
    [w.t("profile.declaredLevel"), p.smeDigitalLevel === null ? "—" : String(p.smeDigitalLevel)],
  ];
  return `<section id="profile"><h2>${esc(w.t("profile.title"))}</h2><table class="kv"><tbody>${rows
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join("")}</tbody></table></section>`;
}

/** A verified rate's value, or "not yet judged (observed … of …)" in a neutral colour (shape15). */
export function rateValue({ w, f }: Pick<SectionContext, "w" | "f">, rate: Rate): string {
  const j = judgementOf(rate);
  if (j.judged === false) {
    const text = j.notJudgedReason
      ? w.t("rates.notJudged", { why: w.pick(j.notJudgedReason) })
      : w.t("verdict.notJudged");
    return `<span class="not-judged">${esc(text)}</span>`;
  }
  return `<strong>${esc(f.percent(rate.value))}</strong> <span class="muted">(${rate.numerator}/${rate.denominator})</span>`;
}

function verdictCell(w: ReportWords, verdict: ReturnType<typeof verdictOf>): string {
  return `<td class="verdict-${verdict}" data-verdict="${verdict}">${esc(w.t(`verdict.${verdict}`))}</td>`;
}

function summarySection(ctx: SectionContext): string {
  const { w, f, plan, source } = ctx;
  const { rates } = source.report;
  const level = source.report.digitalLevel?.evidenceAdjusted ?? null;
  const minLevel = source.report.params.targets.minSmeDigitalLevel;
  // Issue 15 §4: a level below target only through items observed too briefly is not yet judged.
  // (A declared level already below the target is not met, whatever the evidence will show.)
  const digital = source.report.digitalLevel;
  const waiting =
    (digital?.declared?.level ?? 0) >= minLevel &&
    (digital?.flags ?? []).some((fl) => isNeutralDigitalLevelFlag(fl.code));
  const levelVerdict =
    level === null ? "notJudged" : level.level >= minLevel ? "met" : waiting ? "notJudged" : "notMet";
  const rows = [
    `<tr><th scope="row">${esc(w.t(rates.cnc.variant === "plc-dcs-controlled" ? "rates.cncProcess" : "rates.cnc"))}</th><td>${rateValue(ctx, rates.cnc.verified)}</td><td>≥ ${esc(f.percent(plan.cnc.target))}</td>${verdictCell(w, verdictOf(plan.cnc))}</tr>`,
    `<tr><th scope="row">${esc(w.t("rates.networking"))}</th><td>${rateValue(ctx, rates.networking.verified)}</td><td>${plan.networking.target === null ? "—" : `≥ ${esc(f.percent(plan.networking.target))}`}</td>${verdictCell(w, verdictOf(plan.networking))}</tr>`,
    `<tr><th scope="row">${esc(w.t("summary.level"))}</th><td>${level === null ? "—" : esc(w.t("level.value", { score: f.number(level.score), level: level.level }))}</td><td>≥ ${minLevel}</td>${verdictCell(w, levelVerdict)}</tr>`,
  ];
  return `<section id="summary"><h2>${esc(w.t("summary.title"))}</h2><table><thead><tr><th scope="col">${esc(w.t("summary.indicator"))}</th><th scope="col">${esc(w.t("summary.value"))}</th><th scope="col">${esc(w.t("summary.target"))}</th><th scope="col">${esc(w.t("summary.verdict"))}</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

const yesNo = (b: boolean) => (b ? "✓" : "✗");

function inventorySection({ source, w, f }: SectionContext): string {
  const byClass = new Map<string, typeof source.report.devices>();
  for (const d of source.report.devices) byClass.set(d.class, [...(byClass.get(d.class) ?? []), d]);
  const groups = [...byClass.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const head = `<thead><tr><th scope="col">${esc(w.t("inventory.device"))}</th><th scope="col">${esc(w.t("inventory.keyProcess"))}</th><th scope="col">${esc(w.t("inventory.declared"))}</th><th scope="col">${esc(w.t("inventory.evidence"))}</th><th scope="col">${esc(w.t("inventory.online"))}</th><th scope="col">${esc(w.t("inventory.utilisation"))}</th></tr></thead>`;
  const tables = groups.map(
    ([cls, devices]) =>
      `<h3>${esc(w.code("class", cls))} <span class="muted">(${esc(cls)}, ${esc(w.t("inventory.count", { n: devices.length }))})</span></h3><table data-class="${esc(cls)}">${head}<tbody>${devices
        .map(
          (d) =>
            `<tr data-device="${esc(d.device)}"><td><code>${esc(d.device)}</code></td><td>${yesNo(d.isKeyProcess)}</td><td>${yesNo(d.declared.digital)} / ${yesNo(d.declared.networked)} / ${yesNo(d.declared.cnc)}</td><td class="level-${esc(d.evidence.level)}">${esc(w.code("evidence", d.evidence.level))}</td><td>${esc(f.percent(d.onCloud.onlineShare))}</td><td>${esc(f.percent(d.utilisation.value))}</td></tr>`,
        )
        .join("")}</tbody></table>`,
  );
  const absent = source.report.notInPeriod;
  return `<section id="inventory"><h2>${esc(w.t("inventory.title"))}</h2>${tables.join("")}${
    absent.length > 0
      ? `<p class="muted">${esc(w.t("inventory.notInPeriod", { list: absent.join(", ") }))}</p>`
      : ""
  }</section>`;
}

/** A left-out reason in the dashboard's words (web/src/pages/indicators.tsx ReasonText). */
function reasonText({ w, f }: Pick<SectionContext, "w" | "f">, reason: LeftOutReason): string {
  const { data } = reason;
  if (reason.code === "NOT_ON_CLOUD") {
    const share = (v: unknown) => f.percent(typeof v === "number" ? v : null);
    return w.code("excluded", "NOT_ON_CLOUD", {
      online: share(data.onlineShare),
      completeness: share(data.completeness),
    });
  }
  if (reason.code === "BELOW_CONSISTENT") {
    const flags = Array.isArray(data.flags) ? data.flags.map(String) : [];
    const why = flags.length > 0 ? flags.join(", ") : reason.detail;
    return w.code("excluded", "BELOW_CONSISTENT", { level: w.code("evidence", String(data.level)), why });
  }
  return w.code("excluded", reason.code);
}

function rateBlock(
  ctx: SectionContext,
  title: string,
  pair: { declared: Rate; verified: VerifiedRate },
): string {
  const { w } = ctx;
  const sme = (r: Rate) => {
    const s = (r as Rate & { sme?: { band: string; points: number } | null }).sme;
    return s ? `<div class="muted">${esc(w.t("rates.sme", { band: s.band, points: s.points }))}</div>` : "";
  };
  const counted = pair.verified.numeratorDevices;
  const left = pair.verified.leftOut;
  return `<div class="rate"><h3>${esc(title)}</h3><table><tbody>
<tr><th scope="row">${esc(w.t("rates.declared"))}</th><td>${rateValue(ctx, pair.declared)}${sme(pair.declared)}</td></tr>
<tr><th scope="row">${esc(w.t("rates.verified"))}</th><td>${rateValue(ctx, pair.verified)}${sme(pair.verified)}</td></tr>
<tr><th scope="row">${esc(w.t("rates.counted"))}</th><td>${counted.length === 0 ? esc(w.t("rates.none")) : counted.map((d) => `<code>${esc(d)}</code>`).join(", ")}</td></tr>
<tr><th scope="row">${esc(w.t("rates.leftOut"))}</th><td>${
    left.length === 0
      ? esc(w.t("rates.none"))
      : `<ul>${left.map((l) => `<li data-left-out="${esc(l.device)}"><code>${esc(l.device)}</code>: ${esc(l.reasons.map((r) => reasonText(ctx, r)).join("; "))}</li>`).join("")}</ul>`
  }</td></tr></tbody></table></div>`;
}

function ratesSection(ctx: SectionContext): string {
  const { w, source } = ctx;
  const { rates } = source.report;
  return `<section id="rates"><h2>${esc(w.t("rates.title"))}</h2>${rateBlock(ctx, w.t("rates.networking"), rates.networking)}${rateBlock(ctx, w.t("rates.digitalisation"), rates.digitalisation)}${rateBlock(ctx, w.t(rates.cnc.variant === "plc-dcs-controlled" ? "rates.cncProcess" : "rates.cnc"), rates.cnc)}</section>`;
}

function chartsSection({ source, w, f }: SectionContext): string {
  const { report } = source;
  const production = report.devices.filter((d) => d.isProduction);
  const onCloud = report.params.onCloud;
  const timeline = timelineSvg(
    report.devices.map((d) => ({ label: d.device, intervals: d.presence.intervals })),
    periodMs(report.period),
    (t) => f.date(t),
    w.t("charts.timeline"),
  );
  const legend = (["online", "stale", "offline", "never"] as const)
    .map((s) => `<span class="legend legend-${s}">■ ${esc(w.t(`charts.legend.${s}`))}</span>`)
    .join(" ");
  const online = barsSvg(
    report.devices.map((d) => ({ label: d.device, value: d.onCloud.onlineShare })),
    w.t("charts.online", {
      min: f.percent(onCloud.minOnlineShare),
      completeness: f.percent(onCloud.minCompleteness),
    }),
    { threshold: onCloud.minOnlineShare, percent: f.percent },
  );
  const utilisation = barsSvg(
    production.map((d) => ({ label: d.device, value: d.utilisation.value })),
    w.t("charts.utilisation"),
    { percent: f.percent },
  );
  const figure = (title: string, body: string) =>
    `<figure><figcaption>${esc(title)}</figcaption>${body}</figure>`;
  return `<section id="charts"><h2>${esc(w.t("charts.title"))}</h2>
<p>${esc(w.t("charts.summary", { utilisation: f.percent(report.utilisation.value), completeness: f.percent(report.completeness.value), working: f.duration(report.workingMs) }))}</p>
${figure(w.t("charts.timeline"), `${timeline}<div>${legend}</div>`)}
${figure(w.t("charts.online", { min: f.percent(onCloud.minOnlineShare), completeness: f.percent(onCloud.minCompleteness) }), online)}
${figure(w.t("charts.utilisation"), utilisation)}</section>`;
}
