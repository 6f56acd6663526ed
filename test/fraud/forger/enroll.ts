// The documented enrollment flow (ingest-service/README.md, edge-agent/src/enroll/README.md): an
// admin creates the enterprise and a one-time token, the gateway POSTs its public JWK to /enroll
// with it and receives its MQTT credentials and the cloud's cmd keys.
import type { JWK } from "jose";
import { z } from "zod";
import type { Api } from "../../../scripts/demo/ingest.js";
import { type ForgerKey, generateForgerKey } from "./jws.js";

const EnrollResponse = z.object({
  enterprise: z.string(),
  gateway: z.string(),
  mqtt: z.object({
    url: z.string(),
    username: z.string(),
    password: z.string(),
    clientId: z.string().optional(),
  }),
  cmdKeys: z.array(z.record(z.string(), z.unknown())).min(1),
});

export interface Enrollment {
  readonly ent: string;
  readonly gw: string;
  readonly key: ForgerKey;
  readonly mqtt: z.infer<typeof EnrollResponse>["mqtt"];
  readonly cmdKeys: readonly JWK[];
}

export async function enrollForger(api: Api, ent: string, gw: string): Promise<Enrollment> {
  const token = await api.enrollmentToken(ent, gw);
  const key = await generateForgerKey();
  const response = await fetch(`${api.url}/api/v1/enroll`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      token,
      publicJwk: key.publicJwk,
      agent: { name: "onramp-agent", version: "0.1.0" },
    }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`enroll ${ent}/${gw}: HTTP ${response.status} ${text}`);
  const answer = EnrollResponse.parse(JSON.parse(text));
  return { ent, gw, key, mqtt: answer.mqtt, cmdKeys: answer.cmdKeys as JWK[] };
}
