import type { MqttClient } from "mqtt";
import { samples, TestGateway } from "../helpers/gateway.js";
import { enrollmentToken, type Harness } from "../helpers/harness.js";

const MAPPING = `sha256:${"ab".repeat(32)}`;

export interface SeededGateway {
  gateway: TestGateway;
  client: MqttClient;
}

/** An enrolled gateway connected to the embedded broker, its birth announcing `devices`. */
export async function connectGateway(
  h: Harness,
  ent: string,
  gw: string,
  devices: { id: string; class: string }[],
): Promise<SeededGateway> {
  const gateway = new TestGateway(ent, gw);
  await gateway.enroll(h.http, await enrollmentToken(h, ent, gw));
  const client = await gateway.connect(h.mqtt);
  const birth = gateway.birth(
    devices.map((d) => ({
      id: d.id,
      profile: "test/cnc@1.0.0",
      class: d.class,
      mapping: MAPPING,
      identity: null,
    })),
  );
  await client.publishAsync(gateway.topic("birth"), gateway.sign(birth), { qos: 1 });
  return { gateway, client };
}

/** A signed data frame with `count` spindle_speed samples for `dev`, acknowledged once durable. */
export async function publishData(g: SeededGateway, dev: string, count = 30): Promise<void> {
  const frame = g.gateway.data([
    { dev, samples: samples("spindle_speed", count, Date.now() - count * 1000) },
  ]);
  await g.client.publishAsync(g.gateway.topic("data"), g.gateway.sign(frame), { qos: 1 });
}

export async function createToken(
  h: Harness,
  role: "enterprise" | "integrator" | "bureau",
  enterprise?: string,
): Promise<string> {
  const answer = await h.api("POST", "/api/v1/tokens", h.adminToken, {
    role,
    enterprise,
    name: `${role}-user`,
  });
  if (answer.status !== 201) throw new Error(`token: ${JSON.stringify(answer.json)}`);
  return (answer.json as { token: string }).token;
}
