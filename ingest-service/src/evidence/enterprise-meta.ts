import { z } from "zod";
import {
  type Enterprise,
  type EnterpriseProfile,
  IndustryKindSchema,
  PILOT_INDUSTRIES,
  type WorkingCalendar,
  WorkingCalendarSchema,
} from "../indicators/index.js";
import type { SqlExecutor } from "../state/sql-client.js";

/**
 * An enterprise that declared no working calendar is judged on every hour of every day in
 * China's fixed offset (UTC+8): a missing declaration must not shrink the time it is judged on.
 */
export const ALL_HOURS_CALENDAR: WorkingCalendar = {
  utcOffsetMinutes: 480,
  weekly: [{ days: [1, 2, 3, 4, 5, 6, 7], start: "00:00", end: "24:00" }],
};

/** What an enterprise declares for the indicators and the bureau view (INDICATORS §3, §6). */
export const EnterpriseMetaSchema = z.strictObject({
  district: z.string().min(1).max(100).nullable(),
  developmentZone: z.string().min(1).max(100).nullable(),
  industry: z.enum(PILOT_INDUSTRIES),
  industryKind: IndustryKindSchema,
  aboveScale: z.boolean(),
  smeDigitalLevel: z.number().min(0).max(10).nullable(),
  calendar: WorkingCalendarSchema.nullable(),
});
export type EnterpriseMeta = z.infer<typeof EnterpriseMetaSchema>;

const META_COLUMNS = `id, name, district, development_zone AS "developmentZone", industry, industry_kind AS "industryKind",
       above_scale AS "aboveScale", sme_digital_level AS "smeDigitalLevel", calendar`;

/** Every enterprise's declarations in one query, ordered by id. */
export async function listEnterpriseMeta(
  sql: SqlExecutor,
): Promise<(EnterpriseMeta & { id: string; name: string })[]> {
  return sql.query<EnterpriseMeta & { id: string; name: string }>(
    `SELECT ${META_COLUMNS} FROM enterprises ORDER BY id`,
  );
}

export async function readEnterpriseMeta(
  sql: SqlExecutor,
  ent: string,
): Promise<(EnterpriseMeta & { id: string; name: string }) | undefined> {
  const rows = await sql.query<EnterpriseMeta & { id: string; name: string }>(
    `SELECT ${META_COLUMNS} FROM enterprises WHERE id = $1`,
    [ent],
  );
  return rows[0];
}

export async function writeEnterpriseMeta(
  sql: SqlExecutor,
  ent: string,
  meta: EnterpriseMeta,
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE enterprises SET district = $2, development_zone = $3, industry = $4, industry_kind = $5,
       above_scale = $6, sme_digital_level = $7, calendar = $8 WHERE id = $1 RETURNING id`,
    [
      ent,
      meta.district,
      meta.developmentZone,
      meta.industry,
      meta.industryKind,
      meta.aboveScale,
      meta.smeDigitalLevel,
      meta.calendar === null ? null : JSON.stringify(meta.calendar),
    ],
  );
  return rows.length > 0;
}

/** The indicators' view of the enterprise (calendar defaulted). */
export function indicatorEnterprise(meta: EnterpriseMeta & { id: string }): Enterprise {
  return { id: meta.id, industryKind: meta.industryKind, calendar: meta.calendar ?? ALL_HOURS_CALENDAR };
}

/**
 * The bureau's grouping of the enterprise. An enterprise with no declared district is grouped
 * under "undeclared", so it stays visible in the roll-up instead of disappearing from it.
 */
export function bureauProfile(meta: EnterpriseMeta & { id: string }): EnterpriseProfile {
  return {
    id: meta.id,
    district: meta.district ?? "undeclared",
    developmentZone: meta.developmentZone,
    industry: meta.industry,
    aboveScale: meta.aboveScale,
    smeDigitalLevel: meta.smeDigitalLevel,
  };
}
