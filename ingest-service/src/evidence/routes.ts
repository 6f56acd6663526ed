import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireAccess, requireRole } from "../api/auth.js";
import { EntParams, WindowQuery, windowOf } from "../api/schemas.js";
import { securedRoute } from "../api/typed-route.js";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import {
  aggregateForBureau,
  type BureauEntry,
  bureauEntryOf,
  computeEnterpriseReport,
  type IndicatorParams,
  PILOT_INDUSTRIES,
} from "../indicators/index.js";
import { buildEvidenceBundle } from "./bundle.js";
import {
  bureauProfile,
  EnterpriseMetaSchema,
  readEnterpriseMeta,
  writeEnterpriseMeta,
} from "./enterprise-meta.js";
import { loadEnterpriseInput } from "./load-input.js";
import type { ProfileSignals } from "./profile-signals.js";

export interface EvidenceDeps {
  signalsOf: ProfileSignals;
  params: IndicatorParams;
  now: () => number;
}

/** The bureau view computes every enterprise's report: bounded so one request stays bounded. */
const MAX_BUREAU_ENTERPRISES = 500;

/** Indicators (INDICATORS §2–§5), the bureau roll-up (§6), enterprise metadata and evidence bundles. */
export function evidenceRoutes(app: FastifyInstance, ctx: IngestContext, deps: EvidenceDeps): void {
  const tokens = ctx.apiTokens;
  const load = (ent: string, period: { from: number; to: number }) =>
    loadEnterpriseInput({ sql: ctx.sql, store: ctx.store, signalsOf: deps.signalsOf }, ent, period);
  const periodOf = (query: { from?: number | undefined; to?: number | undefined }) => {
    const period = windowOf(query, deps.now());
    if (period.to <= period.from)
      throw new IngestError("ONRAMP_API_VALIDATION", "query: `to` must be after `from`");
    return period;
  };

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/profile",
    summary:
      "An enterprise's declarations for the indicators and the bureau view (district, industry, size, calendar)",
    tags: ["indicators"],
    params: EntParams,
    handler: async ({ principal, params }) => {
      requireAccess(principal, params.ent, "read");
      const meta = await readEnterpriseMeta(ctx.sql, params.ent);
      if (meta === undefined) throw new IngestError("ONRAMP_NOT_FOUND", `no enterprise ${params.ent}`);
      return meta;
    },
  });

  securedRoute(app, tokens, {
    method: "PATCH",
    url: "/enterprises/:ent/profile",
    summary:
      "Declare district / development zone, industry, size, SME level and working calendar (INDICATORS §3, §6)",
    tags: ["indicators"],
    params: EntParams,
    body: EnterpriseMetaSchema.partial(),
    handler: async ({ principal, params, body }) => {
      requireAccess(principal, params.ent, "declare");
      const current = await readEnterpriseMeta(ctx.sql, params.ent);
      if (current === undefined) throw new IngestError("ONRAMP_NOT_FOUND", `no enterprise ${params.ent}`);
      const { id: _id, name: _name, ...meta } = current;
      const merged = EnterpriseMetaSchema.parse({ ...meta, ...body });
      await writeEnterpriseMeta(ctx.sql, params.ent, merged);
      return { ...current, ...merged };
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/indicators",
    summary:
      "The enterprise report for a period: rates, per-device presence, utilisation, evidence levels, flags",
    tags: ["indicators"],
    params: EntParams,
    querystring: WindowQuery,
    handler: async ({ principal, params, query }) => {
      requireAccess(principal, params.ent, "read");
      const { input } = await load(params.ent, periodOf(query));
      return computeEnterpriseReport(input, deps.params);
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/evidence",
    summary:
      "Evidence bundle: inputs, parameters, report, sampled signed frames, gateway keys (onramp-verify checks it)",
    tags: ["indicators"],
    params: EntParams,
    querystring: WindowQuery,
    handler: async ({ principal, params, query }, _request, reply) => {
      requireAccess(principal, params.ent, "read");
      const period = periodOf(query);
      const meta = await readEnterpriseMeta(ctx.sql, params.ent);
      if (meta === undefined) throw new IngestError("ONRAMP_NOT_FOUND", `no enterprise ${params.ent}`);
      const loaded = await load(params.ent, period);
      const bundle = await buildEvidenceBundle(ctx, meta, loaded, deps.params, deps.now());
      reply.header(
        "content-disposition",
        `attachment; filename="onramp-evidence-${params.ent}-${period.from}-${period.to}.json"`,
      );
      return bundle;
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/bureau/overview",
    summary:
      "Bureau roll-up by district / development zone, industry and size against the targets (INDICATORS §6)",
    tags: ["indicators"],
    querystring: WindowQuery.extend({
      district: z.string().min(1).max(100).optional(),
      industry: z.enum(PILOT_INDUSTRIES).optional(),
      size: z.enum(["above-scale", "sme"]).optional(),
    }),
    handler: async ({ principal, query }) => {
      requireRole(principal, "bureau", "admin");
      const period = periodOf(query);
      const enterprises = await ctx.registry.listEnterprises();
      const entries: (BureauEntry & { id: string })[] = [];
      for (const e of enterprises) {
        const meta = await readEnterpriseMeta(ctx.sql, e.id);
        if (meta === undefined) continue;
        const profile = bureauProfile(meta);
        if (query.district !== undefined && profile.district !== query.district) continue;
        if (query.industry !== undefined && profile.industry !== query.industry) continue;
        if (query.size !== undefined && profile.aboveScale !== (query.size === "above-scale")) continue;
        if (entries.length >= MAX_BUREAU_ENTERPRISES) {
          throw new IngestError(
            "ONRAMP_PERIOD_TOO_LONG",
            `more than ${MAX_BUREAU_ENTERPRISES} enterprises; filter by district or industry`,
          );
        }
        const { input } = await load(e.id, period);
        entries.push({ id: e.id, ...bureauEntryOf(profile, computeEnterpriseReport(input, deps.params)) });
      }
      return { period, view: aggregateForBureau(entries, deps.params.targets), enterprises: entries };
    },
  });
}
