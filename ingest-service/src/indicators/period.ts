import { z } from "zod";
import type { Period } from "./inputs.js";

/**
 * The periods a person can choose for an indicator view (issue 15 §4), resolved to a half-open
 * [from, to) on the cloud clock, with a label in words. Pure: `now` comes in as data.
 *
 * Days and months are calendar days and months in the pilot's time zone, Asia/Shanghai: China has
 * had no daylight saving since 1991, so it is the fixed offset UTC+8 all year (the same offset
 * `ALL_HOURS_CALENDAR` judges working hours in). A period never runs past `now`: time that has not
 * happened yet would count as time off cloud.
 */

export const PERIOD_KINDS = [
  "today",
  "7d",
  "30d",
  "12m",
  "month",
  "year",
  "custom",
  "since-registered",
] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** Asia/Shanghai, fixed (no DST since 1991). */
export const PILOT_UTC_OFFSET_MINUTES = 480;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The `period` query value: `today`, `7d`, `30d`, `12m`, `month:YYYY-MM`, `year:YYYY`,
 * `since-registered` (`custom` = from/to). `12m` and a year are longer than a report holds: a
 * report judges their last 31 days and says so (`judgedPeriod`); a trend covers them whole.
 */
export const PeriodParamSchema = z.union([
  z.enum(["today", "7d", "30d", "12m", "since-registered", "custom"]),
  z.string().regex(/^month:\d{4}-(0[1-9]|1[0-2])$/, "month must be month:YYYY-MM"),
  z.string().regex(/^year:\d{4}$/, "year must be year:YYYY"),
]);
export type PeriodParam = z.infer<typeof PeriodParamSchema>;

export interface PeriodLabel {
  readonly zh: string;
  readonly en: string;
}

/** A period as the API serves it beside a report (shape shared with issue 15's other branches). */
export interface ResolvedPeriod extends Period {
  readonly kind: PeriodKind;
  readonly label: PeriodLabel;
  /**
   * Present when the period asked for is longer than a report can hold and only its most recent
   * part was judged (`judgedPeriod`): the period asked, in bounds and words. `from`/`to`/`label`
   * are then the period judged.
   */
  readonly asked?: { readonly from: number; readonly to: number; readonly label: PeriodLabel };
}

export interface PeriodRequest {
  readonly period?: PeriodParam | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

export interface PeriodContext {
  /** The cloud clock now; an open period ends here. */
  readonly now: number;
  /** When the enterprise's first device was registered: the start of `since-registered`. */
  readonly registeredAt?: number | undefined;
  readonly utcOffsetMinutes?: number;
}

export type PeriodResolution =
  | { readonly ok: true; readonly period: ResolvedPeriod }
  | { readonly ok: false; readonly message: string };

/**
 * Resolves a period request. Without `period`, `from`/`to` keep their old meaning (a custom range,
 * defaulting to the 24 hours up to now). `to` may still bound a named period (an explicit end),
 * never extend it.
 */
export function resolvePeriod(request: PeriodRequest, context: PeriodContext): PeriodResolution {
  const offsetMs = (context.utcOffsetMinutes ?? PILOT_UTC_OFFSET_MINUTES) * MINUTE_MS;
  const now = context.now;
  const kind = request.period;
  const done = (k: PeriodKind, from: number, to: number): PeriodResolution => {
    const end = Math.min(to, request.to ?? to);
    if (end <= from) return { ok: false, message: `the period ${k} is empty: it would end before it starts` };
    return { ok: true, period: { kind: k, from, to: end, label: labelOf(k, from, end, offsetMs) } };
  };
  if (kind === undefined || kind === "custom") {
    const to = request.to ?? now + 1;
    const from = request.from ?? to - DAY_MS;
    return done("custom", from, to);
  }
  if (kind === "today") {
    const midnight = localMidnight(now, offsetMs);
    return done("today", midnight, Math.min(midnight + DAY_MS, now + 1));
  }
  if (kind === "7d") return done("7d", now + 1 - 7 * DAY_MS, now + 1);
  if (kind === "30d") return done("30d", now + 1 - 30 * DAY_MS, now + 1);
  if (kind === "12m") {
    // The same local clock time a calendar year earlier (29 February → 1 March).
    const local = new Date(now + 1 + offsetMs);
    const yearAgo =
      Date.UTC(
        local.getUTCFullYear() - 1,
        local.getUTCMonth(),
        local.getUTCDate(),
        local.getUTCHours(),
        local.getUTCMinutes(),
        local.getUTCSeconds(),
        local.getUTCMilliseconds(),
      ) - offsetMs;
    return done("12m", yearAgo, now + 1);
  }
  if (kind === "since-registered") {
    if (context.registeredAt === undefined)
      return { ok: false, message: "since-registered: no device of this enterprise is registered yet" };
    return done("since-registered", Math.max(context.registeredAt, request.from ?? 0), now + 1);
  }
  if (kind.startsWith("year:")) {
    const year = Number(kind.slice("year:".length));
    const from = Date.UTC(year, 0, 1) - offsetMs;
    if (from > now) return { ok: false, message: `${kind} has not started yet` };
    return done("year", from, Math.min(Date.UTC(year + 1, 0, 1) - offsetMs, now + 1));
  }
  const [year, month] = kind.slice("month:".length).split("-").map(Number) as [number, number];
  const from = Date.UTC(year, month - 1, 1) - offsetMs;
  const next = Date.UTC(year, month, 1) - offsetMs;
  if (from > now) return { ok: false, message: `${kind} has not started yet` };
  return done("month", from, Math.min(next, now + 1));
}

function localMidnight(t: number, offsetMs: number): number {
  return Math.floor((t + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
}

/** "2026-12-07 11:42" in local time. */
function localText(t: number, offsetMs: number): string {
  return new Date(t + offsetMs).toISOString().slice(0, 16).replace("T", " ");
}

const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** The period in words, zh-CN and English, with its bounds in local time and the zone named. */
export function labelOf(kind: PeriodKind, from: number, to: number, offsetMs: number): PeriodLabel {
  const zone = offsetMs === PILOT_UTC_OFFSET_MINUTES * MINUTE_MS ? null : offsetText(offsetMs);
  const zhZone = zone === null ? "北京时间" : zone;
  const enZone = zone === null ? "Beijing time" : zone;
  // The last instant inside [from, to), shown to the minute.
  const a = localText(from, offsetMs);
  const b = localText(to, offsetMs);
  const range = { zh: `${a} 至 ${b}（${zhZone}）`, en: `${a} to ${b} (${enZone})` };
  switch (kind) {
    case "today":
      return {
        zh: `今天（${a.slice(0, 10)}，截至 ${b.slice(11)}，${zhZone}）`,
        en: `Today (${a.slice(0, 10)}, up to ${b.slice(11)}, ${enZone})`,
      };
    case "7d":
      return { zh: `最近 7 天：${range.zh}`, en: `Last 7 days: ${range.en}` };
    case "30d":
      return { zh: `最近 30 天：${range.zh}`, en: `Last 30 days: ${range.en}` };
    case "12m":
      return { zh: `最近 12 个月：${range.zh}`, en: `Last 12 months: ${range.en}` };
    case "year": {
      const y = Number(a.slice(0, 4));
      const fullYear = localText(Date.UTC(y + 1, 0, 1) - offsetMs, offsetMs) === b;
      return fullYear
        ? { zh: `${y}年（${zhZone}）`, en: `Year ${y} (${enZone})` }
        : { zh: `${y}年（截至 ${b}，${zhZone}）`, en: `Year ${y} (up to ${b}, ${enZone})` };
    }
    case "month": {
      const [y, m] = a.slice(0, 7).split("-").map(Number) as [number, number];
      const fullMonth = localText(Date.UTC(y, m, 1) - offsetMs, offsetMs) === b;
      const zh = `${y}年${m}月`;
      const en = `${EN_MONTHS[m - 1]} ${y}`;
      return fullMonth
        ? { zh: `${zh}（${zhZone}）`, en: `${en} (${enZone})` }
        : { zh: `${zh}（截至 ${b}，${zhZone}）`, en: `${en} (up to ${b}, ${enZone})` };
    }
    case "since-registered":
      return { zh: `自注册起：${range.zh}`, en: `Since registration: ${range.en}` };
    case "custom":
      return { zh: `自定义：${range.zh}`, en: `Custom range: ${range.en}` };
  }
}

function offsetText(offsetMs: number): string {
  const minutes = Math.round(offsetMs / MINUTE_MS);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * A named period longer than a report holds (`since-registered` of an enterprise registered more
 * than `maxMs` ago) judged on its most recent `maxMs`, and saying so in words: the period asked
 * and the part judged (issue 15 §4: never a failure of the whole view). A custom range is returned
 * as it is — a person who typed both bounds gets the report's limit as an error, not a shorter
 * report than the one asked for. Shorter periods are returned unchanged.
 */
export function judgedPeriod(
  period: ResolvedPeriod,
  maxMs: number,
  utcOffsetMinutes = PILOT_UTC_OFFSET_MINUTES,
): ResolvedPeriod {
  if (period.kind === "custom" || period.to - period.from <= maxMs) return period;
  const offsetMs = utcOffsetMinutes * MINUTE_MS;
  const from = period.to - maxMs;
  const days = Math.round(maxMs / DAY_MS);
  const range = labelOf("custom", from, period.to, offsetMs);
  const strip = (text: string, prefix: RegExp) => text.replace(prefix, "");
  return {
    kind: period.kind,
    from,
    to: period.to,
    label: {
      zh: `${period.label.zh}；评判最近 ${days} 天：${strip(range.zh, /^自定义：/)}`,
      en: `${period.label.en}; judged on the last ${days} days: ${strip(range.en, /^Custom range: /)}`,
    },
    asked: { from: period.from, to: period.to, label: period.label },
  };
}
