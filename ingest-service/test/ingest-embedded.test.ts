import { buildTopic, encodeFrame, generateGatewayKey } from "@onramp/contract";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../test/peers/wait.js";
import { removeDataDirs } from "./helpers/data-dir.js";
import { samples, TestGateway } from "./helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "./helpers/harness.js";

const MAPPING = `sha256:${"a".repeat(64)}`;
const device = (id: string) => ({
  id,
  profile: "eastron/sdm630@1.0.0",
  class: "energy_meter",
  mapping: MAPPING,
  identity: null,
});

let h: Harness;
let acme: TestGateway;
let other: TestGateway;
let client: MqttClient;
let otherClient: MqttClient;

const signal = (gw: TestGateway, dev: string, name: string) =>
  h.api(
    "GET",
    `/api/v1/enterprises/${gw.ent}/gateways/${gw.gw}/devices/${dev}/signals/${name}?from=0`,
    h.adminToken,
  );
const rejectionsOf = async (code: string) =>
  ((await h.api("GET", "/api/v1/rejections", h.adminToken)).json as { totals: Record<string, number> })
    .totals[code] ?? 0;
interface LedgerRow {
  gaps: number;
  duplicates: number;
  rejections: number;
}
/** The gateway's own ledger rows (dev ''), summed over hours. */
const gatewayLedger = async (gw: TestGateway): Promise<LedgerRow> => {
  const rows = (
    await h.api("GET", `/api/v1/enterprises/${gw.ent}/ledger?from=0&gw=${gw.gw}&dev=`, h.adminToken)
  ).json as LedgerRow[];
  const sum = { gaps: 0, duplicates: 0, rejections: 0 };
  for (const r of rows) {
    sum.gaps += r.gaps;
    sum.duplicates += r.duplicates;
    sum.rejections += r.rejections;
  }
  return sum;
};

beforeAll(async () => {
  h = await startHarness({ profilesDir: new URL("../../device-profiles", import.meta.url).pathname });
  acme = new TestGateway("acme", "hall-1");
  other = new TestGateway("globex", "plant-9");
  await acme.enroll(h.http, await enrollmentToken(h, "acme", "hall-1"));
  await other.enroll(h.http, await enrollmentToken(h, "globex", "plant-9"));
  client = await acme.connect(h.mqtt);
  otherClient = await other.connect(h.mqtt);
  await client.publishAsync(acme.topic("birth"), acme.sign(acme.birth([device("meter-1")])), { qos: 1 });
});

afterAll(async () => {
  await client?.endAsync(true);
  await otherClient?.endAsync(true);
  await h?.close();
  await removeDataDirs();
});

describe("embedded broker → verify → store", () => {
  it("stores a data frame before acknowledging it, with the device's profile from its birth", async () => {
    await client.publishAsync(
      acme.topic("data"),
      acme.sign(acme.data([{ dev: "meter-1", samples: samples("power_active", 5) }])),
      { qos: 1 },
    );
    // PUBACK came back: the points are durable, so they are readable at once.
    const read = await signal(acme, "meter-1", "power_active");
    expect(read.status).toBe(200);
    expect((read.json as { value: number }[]).map((p) => p.value)).toEqual([0.5, 1.5, 2.5, 3.5, 4.5]);
    const devices = (await h.api("GET", "/api/v1/enterprises/acme/devices", h.adminToken)).json as {
      id: string;
      expectedSamplesPerHour: number | null;
    }[];
    expect(devices[0]).toMatchObject({ id: "meter-1" });
    expect(devices[0]?.expectedSamplesPerHour).toBeGreaterThan(0);
    const presence = (await h.api("GET", "/api/v1/enterprises/acme/presence", h.adminToken)).json as {
      dev: string;
      state: string;
    }[];
    expect(presence).toEqual([expect.objectContaining({ dev: "meter-1", state: "online" })]);
  });

  it("drops a replayed frame and counts it as a duplicate", async () => {
    const frame = acme.sign(acme.data([{ dev: "meter-1", samples: samples("voltage", 2) }]));
    await client.publishAsync(acme.topic("data"), frame, { qos: 1 });
    const before = await gatewayLedger(acme);
    await client.publishAsync(acme.topic("data"), frame, { qos: 1 });
    const after = await gatewayLedger(acme);
    expect(after.duplicates - before.duplicates).toBe(1);
    const metrics = await (await fetch(`${h.http}/metrics`)).text();
    expect(metrics).toMatch(/onramp_ingest_frames_total\{outcome="duplicate"\} [1-9]/);
  });

  it("counts a seq gap once, and takes it back when the missing frame arrives late", async () => {
    const skipped = acme.data([{ dev: "meter-1", samples: samples("frequency", 1) }]);
    const before = await gatewayLedger(acme);
    await client.publishAsync(
      acme.topic("data"),
      acme.sign(acme.data([{ dev: "meter-1", samples: samples("frequency", 1) }])),
      { qos: 1 },
    );
    expect((await gatewayLedger(acme)).gaps - before.gaps).toBe(1);
    await client.publishAsync(acme.topic("data"), acme.sign(skipped), { qos: 1 });
    expect((await gatewayLedger(acme)).gaps - before.gaps).toBe(0);
  });

  it("refuses a forged frame (signed by another key) and never stores it", async () => {
    const forger = generateGatewayKey();
    const body = acme.data([{ dev: "meter-1", samples: [{ s: "forged", v: 1, q: "good", t: Date.now() }] }]);
    const before = await rejectionsOf("ONRAMP_FRAME_UNKNOWN_KEY");
    await client.publishAsync(acme.topic("data"), encodeFrame(body, forger), { qos: 1 });
    // Same kid, wrong key: the signature check fails.
    await client.publishAsync(
      acme.topic("data"),
      encodeFrame(body, { kid: acme.key.kid, privateKey: forger.privateKey }),
      { qos: 1 },
    );
    expect(await rejectionsOf("ONRAMP_FRAME_UNKNOWN_KEY")).toBe(before + 1);
    expect(await rejectionsOf("ONRAMP_FRAME_BAD_SIGNATURE")).toBeGreaterThanOrEqual(1);
    expect((await signal(acme, "meter-1", "forged")).json).toEqual([]);
    await waitFor(
      "the rejections in the gateway's ledger row",
      async () => (await gatewayLedger(acme)).rejections >= 2,
    );
  });

  it("refuses a frame whose body names another gateway than its topic", async () => {
    const body = { ...acme.data([{ dev: "meter-1", samples: samples("wrong_topic", 1) }]), gw: "hall-2" };
    const before = await rejectionsOf("ONRAMP_FRAME_TOPIC_MISMATCH");
    await client.publishAsync(acme.topic("data"), acme.sign(body), { qos: 1 });
    expect(await rejectionsOf("ONRAMP_FRAME_TOPIC_MISMATCH")).toBe(before + 1);
  });

  it("disconnects a gateway publishing under another enterprise's topic, and stores nothing", async () => {
    const intruder = await other.connect(h.mqtt);
    const closed = new Promise<void>((resolve) => intruder.once("close", () => resolve()));
    const body = {
      ...other.data([{ dev: "meter-1", samples: samples("intrusion", 1) }]),
      ent: "acme",
      gw: "hall-1",
    };
    intruder.publish(buildTopic("acme", "hall-1", "data"), other.sign(body), { qos: 1 });
    await closed;
    expect(await rejectionsOf("ONRAMP_ACL_PUBLISH_DENIED")).toBeGreaterThanOrEqual(1);
    expect((await signal(acme, "meter-1", "intrusion")).json).toEqual([]);
    await intruder.endAsync(true);
  });

  it("refuses subscriptions beyond the gateway's own cmd topic", async () => {
    const subscriber = await other.connect(h.mqtt);
    const granted = await subscriber.subscribeAsync(buildTopic("globex", "plant-9", "cmd"), { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1]);
    // SUBACK 0x80 (failure), which mqtt.js turns into an error.
    await expect(subscriber.subscribeAsync("onramp/v1/acme/#", { qos: 1 })).rejects.toThrow(
      /Subscribe error/,
    );
    await subscriber.endAsync(true);
  });

  it("refuses a connection with a wrong password or a client id other than the username", async () => {
    await expect(acme.connect(h.mqtt, { password: "wrong" })).rejects.toThrow();
    await expect(acme.connect(h.mqtt, { clientId: "someone-else" })).rejects.toThrow();
  });

  it("drops a revoked gateway's connection and refuses its reconnection", async () => {
    const gw = new TestGateway("acme", "hall-9");
    await gw.enroll(h.http, await enrollmentToken(h, "acme", "hall-9"));
    const c = await gw.connect(h.mqtt);
    const closed = new Promise<void>((resolve) => c.once("close", () => resolve()));
    expect(
      (await h.api("POST", "/api/v1/enterprises/acme/gateways/hall-9/revoke", h.adminToken)).status,
    ).toBe(200);
    await closed;
    await c.endAsync(true);
    await expect(gw.connect(h.mqtt)).rejects.toThrow(/Bad username or password/i);
  });

  it("takes a device offline when its gateway's death arrives", async () => {
    await client.publishAsync(acme.topic("death"), acme.sign(acme.death("graceful")), { qos: 1 });
    const presence = (await h.api("GET", "/api/v1/enterprises/acme/presence", h.adminToken)).json as {
      state: string;
      cause: string;
    }[];
    expect(presence[0]).toMatchObject({ state: "offline", cause: "gateway-death:graceful" });
    const transitions = await h.api(
      "GET",
      "/api/v1/enterprises/acme/gateways/hall-1/devices/meter-1/transitions?from=0",
      h.adminToken,
    );
    expect((transitions.json as { from: string; to: string }[]).map((t) => `${t.from}→${t.to}`)).toEqual([
      "never→online",
      "online→offline",
    ]);
  });
});
