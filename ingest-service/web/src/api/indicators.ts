import { apiGet, apiSend, seg } from "./client.js";
import type { EnterpriseReport } from "./types.js";

/** GET /enterprises/{ent}/indicators: the enterprise report of the indicators core. */
export async function enterpriseIndicators(ent: string): Promise<EnterpriseReport> {
  const body = await apiGet<EnterpriseReport | { report: EnterpriseReport }>(
    `/enterprises/${seg(ent)}/indicators`,
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
