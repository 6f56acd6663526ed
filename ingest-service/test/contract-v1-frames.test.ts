import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { type DataBody, decodeFrame, keyIdOf } from "@onramp/contract";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDirs } from "./helpers/data-dir.js";
import { TestGateway } from "./helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "./helpers/harness.js";

/** Frames a contract v1 agent signed, recorded before v2 existed (fixtures/write-contract-v1-frames.ts). */
const recorded = JSON.parse(
  readFileSync(new URL("fixtures/contract-v1-frames.json", import.meta.url), "utf8"),
) as {
  ent: string;
  gw: string;
  publicJwk: { kid: string };
  frames: { topic: string; base64: string }[];
};
const frames = recorded.frames.map((f) => ({ topic: f.topic, bytes: Buffer.from(f.base64, "base64") }));
const recordedKey = createPublicKey({ key: recorded.publicJwk, format: "jwk" });

let h: Harness;
let field: MqttClient;
let upgraded: MqttClient;
let v2: TestGateway;

interface Point {
  t: string | number;
  value: unknown;
  quality?: string;
}
const series = async (gw: string, dev: string, signal: string) =>
  (
    await h.api(
      "GET",
      `/api/v1/enterprises/${recorded.ent}/gateways/${gw}/devices/${dev}/signals/${signal}?from=0`,
      h.adminToken,
    )
  ).json as Point[];
const frameOutcomes = async () => {
  const metrics = await (await fetch(`${h.http}/metrics`)).text();
  const count = (outcome: string) =>
    Number(new RegExp(`onramp_ingest_frames_total\\{outcome="${outcome}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  return { stored: count("stored"), rejected: count("rejected") };
};

beforeAll(async () => {
  h = await startHarness({ profilesDir: new URL("../../device-profiles", import.meta.url).pathname });
  // The field agent enrolled its key long ago: enroll the recorded public key as it would have.
  const response = await fetch(`${h.http}/api/v1/enroll`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      token: await enrollmentToken(h, recorded.ent, recorded.gw),
      publicJwk: recorded.publicJwk,
      agent: { name: "onramp-agent", version: "0.1.0" },
    }),
  });
  expect(response.status).toBe(201);
  const { mqtt: credentials } = (await response.json()) as {
    mqtt: { username: string; password: string; clientId: string };
  };
  field = await mqtt.connectAsync(h.mqtt, { ...credentials, reconnectPeriod: 0 });
  // A second gateway of the same enterprise runs an upgraded agent that sends version 2.
  v2 = new TestGateway(recorded.ent, "hall-2");
  v2.contractVersion = 2;
  await v2.enroll(h.http, await enrollmentToken(h, recorded.ent, "hall-2"));
  upgraded = await v2.connect(h.mqtt);
}, 120_000);

afterAll(async () => {
  await field?.endAsync(true);
  await upgraded?.endAsync(true);
  await h?.close();
  await removeDataDirs();
});

describe("frames recorded from a contract v1 agent, through the real ingest", () => {
  it("are signed by the recorded key (the fixture is what it says)", () => {
    expect(keyIdOf(recordedKey)).toBe(recorded.publicJwk.kid);
    for (const { bytes, topic } of frames)
      expect(decodeFrame(bytes, () => recordedKey, { topic })).toMatchObject({ ok: true, version: 1 });
  });

  it("are all stored, none rejected, with every value as the agent signed it", async () => {
    const before = await frameOutcomes();
    for (const { topic, bytes } of frames) await field.publishAsync(topic, bytes, { qos: 1 });
    const after = await frameOutcomes();
    expect(after.stored - before.stored).toBe(frames.length);
    expect(after.rejected - before.rejected).toBe(0);

    const speeds = await series(recorded.gw, "press-1", "spindle_speed");
    expect(speeds.map((p) => p.value)).toEqual([1250.5, 1251.5, 1252.5]);
    expect((await series(recorded.gw, "press-1", "execution")).map((p) => p.value)).toEqual([
      "READY",
      "ACTIVE",
      "ACTIVE",
    ]);
    expect((await series(recorded.gw, "meter-1", "voltage_l1")).map((p) => p.value)).toEqual([251.3]);
  });

  it("land exactly as the same samples sent in version 2 by an upgraded agent", async () => {
    v2.sess = "v2AgentUpgraded01";
    await upgraded.publishAsync(v2.topic("birth"), v2.sign(v2.birth([])), { qos: 1 });
    const dataFrames = frames.filter((f) => f.topic.endsWith("/data"));
    for (const { bytes, topic } of dataFrames) {
      const decoded = decodeFrame(bytes, () => recordedKey, { topic });
      if (!decoded.ok) throw new Error(decoded.error.message);
      const { devices, loss } = decoded.body as DataBody;
      const body = { ...v2.data(devices), ...(loss === undefined ? {} : { loss }) };
      const frame = v2.sign(body);
      expect(JSON.parse(Buffer.from(JSON.parse(frame.toString()).payload, "base64url").toString()).v).toBe(2);
      await upgraded.publishAsync(v2.topic("data"), frame, { qos: 1 });
    }
    for (const [dev, signal] of [
      ["press-1", "spindle_speed"],
      ["press-1", "part_count"],
      ["press-1", "execution"],
      ["press-1", "door_open"],
      ["meter-1", "power_active"],
      ["meter-1", "energy_total"],
      ["meter-1", "voltage_l1"],
    ] as const) {
      const fromV1 = await series(recorded.gw, dev, signal);
      expect(fromV1.length, `${dev}.${signal}`).toBeGreaterThan(0);
      expect(await series("hall-2", dev, signal), `${dev}.${signal}`).toEqual(fromV1);
    }
  });
});
