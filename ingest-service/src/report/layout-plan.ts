import { isNeutralDigitalLevelFlag } from "../digital-level/flag-codes.js";
import { FLAG_CODES } from "../indicators/flags.js";
import { escapeXml as esc } from "./charts.js";
import type { SectionContext } from "./layout.js";
import type { DeviceStep, RateGap } from "./plan.js";
import { verdictOf } from "./plan.js";
import type { DigitalLevelItem } from "./report-view.js";

/** Sections 6–8: the SME digital level with its item table, every flag, and the plan. */

/** A binding's indicator in words when it names one of the report's rates, else as the binding gives it. */
function indicatorName(w: SectionContext["w"], id: string): string {
  const names: Record<string, string> = {
    networking: w.t("rates.networking"),
    digitalisation: w.t("rates.digitalisation"),
    cnc: w.t("rates.cnc"),
  };
  return names[id] ?? id;
}

export function digitalLevelSection({ source, w, f }: SectionContext): string {
  const digital = source.report.digitalLevel;
  const title = `<h2>${esc(w.t("level.title"))}</h2>`;
  // Not answered yet: a table of dashes would say nothing the sentence does not.
  if (digital === undefined || digital.declared === null)
    return `<section id="digital-level">${title}<p class="muted">${esc(w.t("level.absent"))}</p></section>`;
  const value = (v: { score: number; level: number } | null) =>
    v === null
      ? esc(w.t("level.unanswered"))
      : esc(w.t("level.value", { score: f.number(v.score), level: v.level }));
  const answer = (a: string | null, s: number | null) =>
    a === null ? "—" : `${esc(a)}${s === null ? "" : ` (${f.number(s)})`}`;
  const rows = digital.items.map(
    (i) =>
      `<tr data-item="${esc(i.id)}"${i.adjustedScore !== i.declaredScore ? ' class="differs"' : ""}><td>${esc(w.pick(i.dimension))}</td><td>${esc(i.id)} ${esc(w.pick(i.title))}</td><td>${answer(i.declaredAnswer, i.declaredScore)}</td><td>${answer(i.adjustedAnswer, i.adjustedScore)}</td><td>${
        i.binding === null
          ? esc(w.t("level.unbound"))
          : `${esc(indicatorName(w, i.binding.indicator))} ≥ ${esc(w.code("evidence", i.binding.minEvidence))}`
      }</td><td>${i.reason === null ? "" : esc(w.pick(i.reason))}${i.devices.length > 0 ? ` <span class="muted">${i.devices.map(esc).join(", ")}</span>` : ""}</td></tr>`,
  );
  const flags = digital.flags.map(
    (fl) =>
      `<li class="${isNeutralDigitalLevelFlag(fl.code) ? "not-judged" : "severity-failure"}" data-level-flag="${esc(fl.code)}"><strong>${esc(fl.code)}</strong>: ${esc(w.pick(fl))} <span class="muted">(${fl.items.map(esc).join(", ")})</span></li>`,
  );
  const q = digital.questionnaire;
  return `<section id="digital-level">${title}
<table class="kv"><tbody><tr><th scope="row">${esc(w.t("level.declared"))}</th><td data-field="level-declared">${value(digital.declared)}</td></tr>
<tr><th scope="row">${esc(w.t("level.adjusted"))}</th><td data-field="level-adjusted">${value(digital.evidenceAdjusted)}</td></tr></tbody></table>
<p class="muted">${esc(w.t("level.questionnaire", { id: q.id, version: q.version, source: q.source }))}${q.partial ? ` ${esc(w.t("level.partial"))}` : ""}</p>
${flags.length > 0 ? `<ul class="flags">${flags.join("")}</ul>` : ""}
<table class="items"><colgroup><col style="width:11%"><col style="width:25%"><col style="width:12%"><col style="width:12%"><col style="width:17%"><col style="width:23%"></colgroup><thead><tr><th scope="col">${esc(w.t("level.dimension"))}</th><th scope="col">${esc(w.t("level.item"))}</th><th scope="col">${esc(w.t("level.declaredAnswer"))}</th><th scope="col">${esc(w.t("level.adjustedAnswer"))}</th><th scope="col">${esc(w.t("level.binding"))}</th><th scope="col">${esc(w.t("level.reason"))}</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

export function flagsSection({ source, w }: SectionContext): string {
  const { flags } = source.report;
  const body =
    flags.length === 0
      ? `<p>${esc(w.t("flags.none"))}</p>`
      : `<table><thead><tr><th scope="col">${esc(w.t("flags.device"))}</th><th scope="col">${esc(w.t("flags.severity"))}</th><th scope="col">${esc(w.t("flags.what"))}</th><th scope="col">${esc(w.t("flags.particulars"))}</th></tr></thead><tbody>${flags
          .map(
            (fl) =>
              `<tr class="severity-${fl.severity}" data-flag="${esc(fl.code)}"><td><code>${esc(fl.device)}</code></td><td>${esc(w.code("severity", fl.severity))}</td><td>${esc(w.code("flag", fl.code, {}))}<div class="muted code">${esc(fl.code)}</div></td><td>${esc(fl.reason || FLAG_CODES[fl.code].summary)}</td></tr>`,
          )
          .join("")}</tbody></table>`;
  return `<section id="flags"><h2>${esc(w.t("flags.title"))}</h2>${body}</section>`;
}

function stepText({ w, source, f }: SectionContext, step: DeviceStep): string {
  const onCloud = source.report.params.onCloud;
  const vars = { min: f.percent(onCloud.minOnlineShare), completeness: f.percent(onCloud.minCompleteness) };
  if (step.action === "resolve-flags")
    return w.t("plan.action.resolve-flags", { flags: step.flags.join(", ") || "—" });
  return w.t(`plan.action.${step.action}`, vars);
}

function proofText({ w, source, f }: SectionContext, kind: "cnc" | "networking", step: DeviceStep): string {
  if (step.action === "declare-calendar") return w.t("plan.proof.calendar");
  const onCloud = source.report.params.onCloud;
  return w.t(kind === "cnc" ? "plan.proof.cnc" : "plan.proof.networking", {
    min: f.percent(onCloud.minOnlineShare),
    completeness: f.percent(onCloud.minCompleteness),
  });
}

function gapBlock(ctx: SectionContext, kind: "cnc" | "networking", title: string, gap: RateGap): string {
  const { w, f } = ctx;
  const verdict = verdictOf(gap);
  const lines: string[] = [];
  if (gap.denominator === 0 && kind === "cnc") lines.push(`<p>${esc(w.t("plan.noKeyProcess"))}</p>`);
  else if (verdict === "met") lines.push(`<p class="ok">${esc(w.t("plan.met"))}</p>`);
  else if (verdict === "notJudged") lines.push(`<p class="not-judged">${esc(w.t("plan.notJudged"))}</p>`);
  else if (verdict === "notMet")
    lines.push(
      `<p data-gap="${kind}">${esc(w.t("plan.gap", { current: f.percent(gap.current), numerator: gap.numerator, denominator: gap.denominator, needed: gap.needed, target: f.percent(gap.target) }))}</p>`,
    );
  if (gap.steps.length > 0)
    lines.push(
      `<table><colgroup><col style="width:20%"><col style="width:30%"><col style="width:38%"><col style="width:12%"></colgroup><thead><tr><th scope="col">${esc(w.t("inventory.device"))}</th><th scope="col">${esc(w.t("plan.step"))}</th><th scope="col">${esc(w.t("plan.proof"))}</th><th scope="col"></th></tr></thead><tbody>${gap.steps
        .map(
          (s) =>
            `<tr data-step="${esc(s.device)}" data-action="${s.action}"><td><code>${esc(s.device)}</code><div class="muted">${esc(w.code("class", s.class))}</div></td><td>${esc(stepText(ctx, s))}</td><td>${esc(proofText(ctx, kind, s))}</td><td>${esc(w.t(s.neededForTarget ? "plan.needed" : "plan.further"))}</td></tr>`,
        )
        .join("")}</tbody></table>`,
    );
  return `<div class="gap" id="plan-${kind}"><h3>${esc(title)}</h3>${lines.join("")}</div>`;
}

function levelPlan(ctx: SectionContext): string {
  const { w, f, plan } = ctx;
  const digital = ctx.source.report.digitalLevel;
  if (plan.digitalLevel === null || digital === undefined)
    return `<p class="muted">${esc(w.t("plan.levelAbsent"))}</p>`;
  const itemName = (i: DigitalLevelItem) => `${i.id} ${w.pick(i.title)}`;
  return plan.digitalLevel.levels
    .map((g) => {
      const head = `<h3>${esc(w.t("plan.level", { level: g.level, threshold: g.threshold }))}</h3>`;
      if (g.gap === 0)
        return `<div class="gap" data-level="${g.level}">${head}<p class="ok">${esc(w.t("plan.levelMet", { score: f.number(plan.digitalLevel?.score ?? 0) }))}</p></div>`;
      const prove = g.prove.map(
        (p) =>
          `<li>${esc(w.t("plan.levelProveItem", { item: itemName(p.item), indicator: indicatorName(w, p.item.binding?.indicator ?? "—"), evidence: w.code("evidence", p.item.binding?.minEvidence ?? ""), points: f.number(p.points) }))}</li>`,
      );
      const raise = g.raise.map(
        (i) =>
          `<li>${esc(w.t("plan.levelRaiseItem", { item: itemName(i), score: f.number(i.adjustedScore ?? 0) }))}</li>`,
      );
      return `<div class="gap" data-level="${g.level}">${head}<p>${esc(w.t("plan.levelGap", { score: f.number(plan.digitalLevel?.score ?? 0), gap: f.number(g.gap) }))}</p>${
        prove.length > 0 ? `<p>${esc(w.t("plan.levelProve"))}</p><ul>${prove.join("")}</ul>` : ""
      }${raise.length > 0 ? `<p>${esc(w.t("plan.levelRaise", { gap: f.number(g.remaining) }))}</p><ul>${raise.join("")}</ul>` : ""}</div>`;
    })
    .join("");
}

export function planSection(ctx: SectionContext): string {
  const { w, f, plan } = ctx;
  return `<section id="plan"><h2>${esc(w.t("plan.title"))}</h2>
${gapBlock(ctx, "cnc", w.t("plan.cnc", { target: f.percent(plan.cnc.target) }), plan.cnc)}
${gapBlock(ctx, "networking", w.t(plan.networking.aboveScale ? "plan.networking" : "plan.networkingSme"), plan.networking)}
${levelPlan(ctx)}</section>`;
}
