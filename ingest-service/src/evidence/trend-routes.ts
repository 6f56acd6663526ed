import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireAccess, requireRole } from "../api/auth.js";
import { EntParams } from "../api/schemas.js";
import { securedRoute } from "../api/typed-route.js";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import {
  bucketFor,
  bureauTrend,
  computeEnterpriseReport,
  type EnterpriseInput,
  enterpriseTrend,
  type IndicatorParams,
  MAX_TREND_BUCKETS,
  MAX_TREND_PERIOD_MS,
  type Period,
  PILOT_INDUSTRIES,
  type ResolvedPeriod,
  resolvePeriod,
  TREND_BUCKETS,
  type TrendBucket,
  type TrendPoint,
  trendBuckets,
} from "../indicators/index.js";
import type { DayTrends } from "./day-trends.js";
import { bureauProfile, listEnterpriseMeta } from "./enterprise-meta.js";
import { LIMITS } from "./load-input.js";
import { enterprisePeriod, firstRegistrationAt, PeriodQuery } from "./period-query.js";
import { bureauTrendCsv, enterpriseTrendCsv } from "./trend-csv.js";

export interface TrendDeps {
  params: IndicatorParams;
  now: () => number;
  /** The enterprise's report input for a period (routes.ts `load`: the copied-stream findings included). */
  load: (ent: string, period: Period) => Promise<{ input: EnterpriseInput }>;
  maxEnterprises: number;
  /** Trends longer than a report holds (31 days), cut from stored days (day-trends.ts). */
  days: DayTrends;
}

const TrendQuery = PeriodQuery.extend({ bucket: z.enum(TREND_BUCKETS).optional() });
const BureauTrendQuery = TrendQuery.extend({
  district: z.string().min(1).max(100).optional(),
  industry: z.enum(PILOT_INDUSTRIES).optional(),
  size: z.enum(["above-scale", "sme"]).optional(),
});

const DAY_MS = 86_400_000;

function bucketsOf(period: Period, asked: TrendBucket | undefined) {
  if (period.to - period.from > MAX_TREND_PERIOD_MS)
    throw new IngestError(
      "ONRAMP_PERIOD_TOO_LONG",
      `a trend covers at most ${MAX_TREND_PERIOD_MS / DAY_MS} days; asked for ${Math.ceil((period.to - period.from) / DAY_MS)}`,
    );
  const bucket = asked ?? bucketFor(period);
  const buckets = trendBuckets(period, bucket);
  if (buckets === null)
    throw new IngestError(
      "ONRAMP_API_VALIDATION",
      `query: more than ${MAX_TREND_BUCKETS} ${bucket} buckets; ask for a larger bucket or a shorter period`,
    );
  // Longer than a report holds: cut from whole local days, each a one-day report's, stored.
  const basis = period.to - period.from > LIMITS.maxPeriodMs ? ("days" as const) : ("report" as const);
  return { bucket, buckets, basis };
}

/**
 * Issue 15 §5: trends of the verified networking rate, key-process CNC-ization rate and on-cloud
 * share, per enterprise and for the bureau, as JSON and as CSV. Up to 31 days (`basis: "report"`):
 * one load and one report per enterprise over the whole period, the buckets cut from them
 * (indicators/trends.ts). Longer, up to three years (`basis: "days"`): weeks or months aggregated
 * from stored one-day figures (day-trends.ts, indicators/trend-days.ts).
 */
export function trendRoutes(app: FastifyInstance, ctx: IngestContext, deps: TrendDeps): void {
  const tokens = ctx.apiTokens;

  const enterpriseTrendOf = async (
    ent: string,
    period: Period,
    buckets: readonly Period[],
    basis: "report" | "days",
  ) => {
    if (basis === "days") return deps.days.trend(ent, period, buckets);
    const { input } = await deps.load(ent, period);
    return enterpriseTrend(input, computeEnterpriseReport(input, deps.params), buckets, deps.params);
  };

  const forEnterprise = async (ent: string, query: z.infer<typeof TrendQuery>) => {
    const period = await enterprisePeriod(ctx.sql, ent, query, deps.now());
    const { bucket, buckets, basis } = bucketsOf(period, query.bucket);
    return { period, bucket, basis, points: await enterpriseTrendOf(ent, period, buckets, basis) };
  };

  const forBureau = async (query: z.infer<typeof BureauTrendQuery>) => {
    const profiles = (await listEnterpriseMeta(ctx.sql))
      .map(bureauProfile)
      .filter(
        (p) =>
          (query.district === undefined || p.district === query.district) &&
          (query.industry === undefined || p.industry === query.industry) &&
          (query.size === undefined || p.aboveScale === (query.size === "above-scale")),
      );
    if (profiles.length > deps.maxEnterprises)
      throw new IngestError(
        "ONRAMP_PERIOD_TOO_LONG",
        `more than ${deps.maxEnterprises} enterprises; filter by district or industry`,
      );
    // since-registered: from the first registration of any of them (each device still counts from its own).
    const registrations = (await Promise.all(profiles.map((p) => firstRegistrationAt(ctx.sql, p.id)))).filter(
      (t): t is number => t !== undefined,
    );
    const resolved = resolvePeriod(query, {
      now: deps.now(),
      registeredAt: registrations.length === 0 ? undefined : Math.min(...registrations),
    });
    if (!resolved.ok) throw new IngestError("ONRAMP_API_VALIDATION", `query: ${resolved.message}`);
    const period: ResolvedPeriod = resolved.period;
    const { bucket, buckets, basis } = bucketsOf(period, query.bucket);
    // One enterprise at a time: each holds its whole input (or one day's) in memory while its trend is cut.
    const perEnterprise: TrendPoint[][] = [];
    for (const profile of profiles)
      perEnterprise.push(await enterpriseTrendOf(profile.id, period, buckets, basis));
    return {
      period,
      bucket,
      basis,
      enterprises: profiles.length,
      points: bureauTrend(buckets, perEnterprise),
    };
  };

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/trends",
    summary:
      "Verified networking rate, key-process CNC-ization rate and on-cloud share per hour, day or week of a period (issue 15)",
    tags: ["indicators"],
    params: EntParams,
    querystring: TrendQuery,
    handler: async ({ principal, params, query }) => {
      requireAccess(principal, params.ent, "read");
      return forEnterprise(params.ent, query);
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/trends.csv",
    summary: "The enterprise's trends as CSV (UTF-8 with BOM, Beijing time)",
    tags: ["indicators"],
    params: EntParams,
    querystring: TrendQuery,
    handler: async ({ principal, params, query }, _request, reply) => {
      requireAccess(principal, params.ent, "read");
      const { points } = await forEnterprise(params.ent, query);
      reply.header("content-type", "text/csv; charset=utf-8");
      reply.header("content-disposition", `attachment; filename="onramp-trends-${params.ent}.csv"`);
      return enterpriseTrendCsv(points);
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/bureau/trends",
    summary:
      "Per bucket, the mean of the enterprises' judged verified networking, CNC-ization and on-cloud figures (issue 15)",
    tags: ["indicators"],
    querystring: BureauTrendQuery,
    handler: async ({ principal, query }) => {
      requireRole(principal, "bureau", "admin");
      return forBureau(query);
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/bureau/trends.csv",
    summary: "The bureau's trends as CSV (UTF-8 with BOM, Beijing time)",
    tags: ["indicators"],
    querystring: BureauTrendQuery,
    handler: async ({ principal, query }, _request, reply) => {
      requireRole(principal, "bureau", "admin");
      const { points } = await forBureau(query);
      reply.header("content-type", "text/csv; charset=utf-8");
      reply.header("content-disposition", 'attachment; filename="onramp-bureau-trends.csv"');
      return bureauTrendCsv(points);
    },
  });
}
