import type { z } from "zod";
import { WindowQuery } from "../api/schemas.js";
import { IngestError } from "../errors.js";
import {
  judgedPeriod,
  PeriodParamSchema,
  type PeriodRequest,
  type ResolvedPeriod,
  resolvePeriod,
} from "../indicators/index.js";
import { Registry } from "../state/registry.js";
import type { SqlExecutor } from "../state/sql-client.js";
import { LIMITS } from "./load-input.js";

/**
 * `?period=today|7d|30d|month:YYYY-MM|since-registered` beside the existing `from`/`to` (issue 15
 * §4): without `period`, `from`/`to` keep their meaning; with it, `to` may end the period early.
 */
export const PeriodQuery = WindowQuery.extend({ period: PeriodParamSchema.optional() });
export type PeriodQuery = z.infer<typeof PeriodQuery>;

/**
 * When the enterprise's first device was registered: its first birth, or an earlier declaration
 * of equipment no gateway has announced yet. undefined when it has none.
 */
export async function firstRegistrationAt(sql: SqlExecutor, ent: string): Promise<number | undefined> {
  const registry = new Registry(sql);
  const times = [
    ...(await registry.listDevices(ent)).map((d) => d.firstBirthAt),
    ...(await registry.listDeclaredEquipment(ent)).map((e) => e.registeredAt),
  ];
  return times.length === 0 ? undefined : Math.min(...times);
}

/** The period of a request for one enterprise, or ONRAMP_API_VALIDATION with the reason. */
export async function enterprisePeriod(
  sql: SqlExecutor,
  ent: string,
  query: PeriodRequest,
  now: number,
): Promise<ResolvedPeriod> {
  const registeredAt = query.period === "since-registered" ? await firstRegistrationAt(sql, ent) : undefined;
  const resolved = resolvePeriod(query, { now, registeredAt });
  if (!resolved.ok) throw new IngestError("ONRAMP_API_VALIDATION", `query: ${resolved.message}`);
  return resolved.period;
}

/**
 * The period a report of one enterprise judges: the period asked, or for a named period longer
 * than a report holds (since-registered, registered over 31 days ago) its last 31 days, with the
 * period asked beside it (`asked`) and both in words. A custom range longer than that is refused
 * by the load with ONRAMP_PERIOD_TOO_LONG, naming the limit.
 */
export async function enterpriseJudgedPeriod(
  sql: SqlExecutor,
  ent: string,
  query: PeriodRequest,
  now: number,
): Promise<ResolvedPeriod> {
  return judgedPeriod(await enterprisePeriod(sql, ent, query, now), LIMITS.maxPeriodMs);
}
