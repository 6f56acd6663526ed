import { apiGet, seg } from "./client.js";
import type { ServedPeriod } from "./period.js";
import type { EvidenceLevel, FlagCode } from "./types.js";

export const INDUSTRIES = [
  "auto-parts",
  "advanced-transport-equipment",
  "integrated-circuits-and-communication-equipment",
  "advanced-structural-and-composite-materials",
  "other",
] as const;

export interface BureauFilter {
  district: string;
  industry: string;
  size: "" | "above-scale" | "sme";
}

export interface DeclaredVerified {
  declared: number | null;
  verified: number | null;
  /** Devices of the verified rate's denominator it did not count (INDICATORS §4). */
  leftOut: number;
  /** false: observed too briefly to judge (issue 15 §4); absent from servers before it. */
  judged?: boolean;
  notJudgedReason?: { zh: string; en: string };
}

/** The orders GET /bureau/overview sorts by: `-` for descending, ties broken by enterprise id. */
export const BUREAU_SORTS = [
  "id",
  "-id",
  "cnc",
  "-cnc",
  "networking",
  "-networking",
  "flags",
  "-flags",
] as const;
export type BureauSort = (typeof BUREAU_SORTS)[number];

/** One enterprise of GET /bureau/overview (the indicators core's BureauEntry with its id). */
export interface BureauRow {
  id: string;
  profile: {
    district: string;
    developmentZone: string | null;
    industry: string;
    aboveScale: boolean;
    smeDigitalLevel: number | null;
  };
  cnc: DeclaredVerified;
  networking: DeclaredVerified;
  digitalisation: DeclaredVerified;
  devices: number;
  /** Devices at each evidence level (INDICATORS §4). */
  evidenceLevels: Record<EvidenceLevel, number>;
  /** Devices connected through an unsigned source (Sparkplug B), within the counts above (issue 20). */
  unsignedDevices: number;
  /** Flags by code (INDICATORS §5), codes without flags left out. */
  flags: Partial<Record<FlagCode, number>>;
  /** INDICATORS §7 from the questionnaire; absent from a server without it. */
  digitalLevel?: {
    declared: { score: number; level: number } | null;
    evidenceAdjusted: { score: number; level: number } | null;
    flags: string[];
  };
}

export interface BureauOverview {
  period: ServedPeriod;
  view: { targets: { minCncRate: number; minAboveScaleNetworkingRate: number; minSmeDigitalLevel: number } };
  /** Enterprises matching the filter, over all pages. */
  total: number;
  page: number;
  pageSize: number;
  sort: BureauSort;
  /** This page's enterprises only. */
  enterprises: BureauRow[];
}

/** The server's largest page. */
export const MAX_PAGE_SIZE = 200;

/** The filter's query, after the period's (`periodParams`) when given. */
export function bureauQuery(filter: BureauFilter, period = ""): string {
  const q = new URLSearchParams(period);
  if (filter.district !== "") q.set("district", filter.district);
  if (filter.industry !== "") q.set("industry", filter.industry);
  if (filter.size !== "") q.set("size", filter.size);
  return q.toString();
}

/** One page of GET /bureau/overview, filtered, sorted and paged on the server. */
export function bureauOverview(
  filter: BureauFilter,
  page: { page: number; pageSize: number; sort: BureauSort },
  period = "",
): Promise<BureauOverview> {
  const q = new URLSearchParams(bureauQuery(filter, period));
  q.set("page", String(page.page));
  q.set("pageSize", String(page.pageSize));
  q.set("sort", page.sort);
  return apiGet<BureauOverview>(`/bureau/overview?${q}`);
}

/** Every enterprise matching the filter (for the CSV export), fetched page by page. */
export async function bureauAll(filter: BureauFilter, sort: BureauSort, period = ""): Promise<BureauRow[]> {
  const rows: BureauRow[] = [];
  for (let page = 1; ; page++) {
    const answer = await bureauOverview(filter, { page, pageSize: MAX_PAGE_SIZE, sort }, period);
    rows.push(...answer.enterprises);
    if (answer.enterprises.length === 0 || rows.length >= answer.total) return rows;
  }
}

export const evidencePath = (ent: string) => `/enterprises/${seg(ent)}/evidence`;
