import type { Sample } from "@onramp/contract";
import type { MqttClient } from "mqtt";
import { TestGateway } from "./gateway.js";
import { enrollmentToken, type Harness } from "./harness.js";

const MAPPING = `sha256:${"d".repeat(64)}`;

/** mulberry32: a seeded random walk, as a meter's power reported on change at irregular times. */
export function powerSamples(seed: number, count: number, from: number): Sample[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const samples: Sample[] = [];
  let t = from;
  let v = 12_000;
  for (let i = 0; i < count; i++) {
    t += 1_000 + Math.floor(next() * 5_000);
    v = Math.max(500, v + (next() - 0.5) * 600);
    samples.push({ s: "power_active", v: Math.round(v), q: "good", t });
  }
  return samples;
}

/**
 * Enrolls a gateway of `ent`, announces one SDM630 meter `dev` and sends its power samples in
 * 400-sample frames; returns the connected client for the caller to end.
 */
export async function publishMeter(
  h: Harness,
  ent: string,
  dev: string,
  samples: Sample[],
): Promise<MqttClient> {
  const gateway = new TestGateway(ent, "gw-1");
  await gateway.enroll(h.http, await enrollmentToken(h, ent, "gw-1"));
  const client = await gateway.connect(h.mqtt);
  const birth = gateway.birth([
    { id: dev, profile: "eastron/sdm630@1.0.0", class: "energy_meter", mapping: MAPPING, identity: null },
  ]);
  await client.publishAsync(gateway.topic("birth"), gateway.sign(birth), { qos: 1 });
  for (let i = 0; i < samples.length; i += 400) {
    const frame = gateway.data([{ dev, samples: samples.slice(i, i + 400) }]);
    await client.publishAsync(gateway.topic("data"), gateway.sign(frame), { qos: 1 });
  }
  return client;
}
