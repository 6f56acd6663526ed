import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireAccess } from "../api/auth.js";
import { EntParams } from "../api/schemas.js";
import { securedRoute } from "../api/typed-route.js";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import { readEnterpriseMeta } from "../evidence/enterprise-meta.js";
import { PeriodQuery } from "../evidence/period-query.js";
import type { EnterpriseReports } from "../evidence/routes.js";
import { diagnosisHtml } from "./layout.js";
import type { PdfRenderer } from "./renderer.js";
import type { Lang } from "./words.js";

export interface ReportDeps {
  readonly reports: EnterpriseReports;
  readonly renderer: PdfRenderer;
  readonly now: () => number;
}

const ReportQuery = PeriodQuery.extend({
  /** zh-CN by default (the pilot's language); `en` for English. */
  lang: z.enum(["zh", "zh-CN", "en"]).default("zh"),
});

/**
 * The diagnosis report (数字化评估诊断报告, issue 15 point 3) of one enterprise for a period:
 * `report.pdf` printed by headless Chromium, `report.html` the same page unprinted. Both are drawn
 * from the report `GET /enterprises/{ent}/indicators` serves for the same query, and the profile.
 */
export function reportRoutes(app: FastifyInstance, ctx: IngestContext, deps: ReportDeps): void {
  const documentOf = async (ent: string, query: z.output<typeof ReportQuery>) => {
    const profile = await readEnterpriseMeta(ctx.sql, ent);
    if (profile === undefined) throw new IngestError("ONRAMP_NOT_FOUND", `no enterprise ${ent}`);
    const report = await deps.reports.reportOf(ent, query);
    const period = report.period;
    const lang: Lang = query.lang === "en" ? "en" : "zh";
    const html = diagnosisHtml({ report, profile, generatedAt: deps.now() }, lang);
    return { html, lang, filename: `onramp-diagnosis-${ent}-${period.from}-${period.to}-${lang}` };
  };

  securedRoute(app, ctx.apiTokens, {
    method: "GET",
    url: "/enterprises/:ent/report.pdf",
    summary:
      "The enterprise's diagnosis report (数字化评估诊断报告) as a PDF: profile, inventory, rates declared vs verified, on cloud and utilisation, digital level, flags and the plan to the targets",
    tags: ["indicators"],
    params: EntParams,
    querystring: ReportQuery,
    handler: async ({ principal, params, query }, _request, reply) => {
      requireAccess(principal, params.ent, "read");
      deps.renderer.assertRoom();
      const doc = await documentOf(params.ent, query);
      const pdf = await deps.renderer.render(doc.html);
      reply
        .type("application/pdf")
        .header("content-disposition", `attachment; filename="${encodeURIComponent(doc.filename)}.pdf"`);
      return pdf;
    },
  });

  securedRoute(app, ctx.apiTokens, {
    method: "GET",
    url: "/enterprises/:ent/report.html",
    summary: "The same diagnosis report as one self-contained HTML page (no Chromium needed)",
    tags: ["indicators"],
    params: EntParams,
    querystring: ReportQuery,
    handler: async ({ principal, params, query }, _request, reply) => {
      requireAccess(principal, params.ent, "read");
      const doc = await documentOf(params.ent, query);
      reply.type("text/html; charset=utf-8");
      return doc.html;
    },
  });
}
