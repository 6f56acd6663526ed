import { apiGet, apiSend, seg } from "./client.js";
import { type ServedPeriod, withQuery } from "./period.js";
import type { EnterpriseReport } from "./types.js";

/** The report as served: its period in words beside the bounds (issue 15; absent before it). */
export type ServedReport = Omit<EnterpriseReport, "period"> & { period: ServedPeriod };

/** GET /enterprises/{ent}/indicators for a period (`periodParams`): the indicators core's report. */
export async function enterpriseIndicators(
  ent: string,
  period: URLSearchParams = new URLSearchParams(),
): Promise<ServedReport> {
  const body = await apiGet<ServedReport | { report: ServedReport }>(
    withQuery(`/enterprises/${seg(ent)}/indicators`, period),
  );
  return "report" in body ? body.report : body;
}

/** As recorded by the challenge service (src/challenges). */
export interface ChallengeOutcome {
  id: string;
  outcome: "passed" | "failed";
  roundTripMs: number | null;
  /** The device's own signature over the nonce, re-verified: verified, invalid, missing (required) or absent (info). */
  deviceProof: { status: "verified" | "absent" | "missing" | "invalid"; reason: string } | null;
  causes: { code: string; reason: string }[];
}

/** POST /devices/{dev}/challenge (bureau, admin): a fresh read answered by the device (INDICATORS §5). */
export async function challengeDevice(ent: string, gw: string, dev: string): Promise<ChallengeOutcome> {
  return apiSend<ChallengeOutcome>("POST", `/devices/${seg(dev)}/challenge`, {
    enterprise: ent,
    gateway: gw,
  });
}
