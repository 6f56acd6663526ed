import { apiGet, seg } from "./client.js";
import type { TrendPoint } from "./types.js";

/** The periods a person can pick (issue 15 §4); "24h" is the API's default window (no `period`). */
export const PERIOD_OPTIONS = [
  "24h",
  "today",
  "7d",
  "30d",
  "12m",
  "month",
  "year",
  "custom",
  "since-registered",
] as const;
export type PeriodOption = (typeof PERIOD_OPTIONS)[number];

export interface PeriodChoice {
  option: PeriodOption;
  /** "YYYY-MM" for `month`. */
  month: string;
  /** "YYYY" for `year`. */
  year: string;
  /** "YYYY-MM-DDTHH:MM" in Beijing time for `custom`. */
  from: string;
  to: string;
}

export const DEFAULT_PERIOD: PeriodChoice = { option: "24h", month: "", year: "", from: "", to: "" };

/** A datetime-local value read as Beijing time (UTC+8), the time zone the periods are named in. */
const beijing = (local: string) => Date.parse(`${local}:00+08:00`);

/** The query the API takes for a choice; empty for the default window. */
export function periodParams(choice: PeriodChoice): URLSearchParams {
  const q = new URLSearchParams();
  switch (choice.option) {
    case "24h":
      break;
    case "month":
      q.set("period", `month:${choice.month}`);
      break;
    case "year":
      q.set("period", `year:${choice.year}`);
      break;
    case "custom":
      if (choice.from !== "") q.set("from", String(beijing(choice.from)));
      if (choice.to !== "") q.set("to", String(beijing(choice.to)));
      break;
    default:
      q.set("period", choice.option);
  }
  return q;
}

export const withQuery = (path: string, q: URLSearchParams) => (q.size === 0 ? path : `${path}?${q}`);

/** The period as the API serves it beside a report (absent from servers before issue 15). */
export interface ServedPeriod {
  from: number;
  to: number;
  kind?: string;
  label?: { zh: string; en: string };
  /** The period asked, when it was longer than a report holds and only its last 31 days were judged. */
  asked?: { from: number; to: number; label: { zh: string; en: string } };
}

/** Trend buckets: hours to weeks; months for trends longer than a year. */
export type TrendBucketName = "hour" | "day" | "week" | "month";

export interface EnterpriseTrend {
  period: ServedPeriod;
  bucket: TrendBucketName;
  points: TrendPoint[];
}

export interface BureauTrend {
  period: ServedPeriod;
  bucket: TrendBucketName;
  enterprises: number;
  points: {
    from: number;
    to: number;
    networking: { value: number | null; enterprises: number };
    cnc: { value: number | null; enterprises: number };
    onCloud: { value: number | null; enterprises: number };
  }[];
}

export const enterpriseTrendPath = (ent: string, q: URLSearchParams, csv = false) =>
  withQuery(`/enterprises/${seg(ent)}/trends${csv ? ".csv" : ""}`, q);

export const bureauTrendPath = (q: URLSearchParams, csv = false) =>
  withQuery(`/bureau/trends${csv ? ".csv" : ""}`, q);

export const enterpriseTrend = (ent: string, q: URLSearchParams) =>
  apiGet<EnterpriseTrend>(enterpriseTrendPath(ent, q));

export const bureauTrend = (q: URLSearchParams) => apiGet<BureauTrend>(bureauTrendPath(q));
