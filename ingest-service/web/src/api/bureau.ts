import { apiGet, seg } from "./client.js";

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
}

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
}

export interface BureauOverview {
  period: { from: number; to: number };
  view: { targets: { minCncRate: number; minAboveScaleNetworkingRate: number; minSmeDigitalLevel: number } };
  enterprises: BureauRow[];
}

export function bureauQuery(filter: BureauFilter): string {
  const q = new URLSearchParams();
  if (filter.district !== "") q.set("district", filter.district);
  if (filter.industry !== "") q.set("industry", filter.industry);
  if (filter.size !== "") q.set("size", filter.size);
  return q.toString();
}

/** GET /bureau/overview, filtered by district, industry and size on the server. */
export const bureauOverview = (filter: BureauFilter) =>
  apiGet<BureauOverview>(`/bureau/overview?${bureauQuery(filter)}`);

export const evidencePath = (ent: string) => `/enterprises/${seg(ent)}/evidence`;
