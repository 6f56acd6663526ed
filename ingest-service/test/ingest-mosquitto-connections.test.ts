import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SecuredMosquitto, SHIPPED_ACL, startSecuredMosquitto } from "../../test/peers/mosquitto-acl.js";
import { type Postgres, startPostgres } from "../../test/peers/postgres.js";
import { waitFor } from "../../test/peers/wait.js";
import type { IngestConfigInput } from "../src/config.js";
import { removeDataDirs } from "./helpers/data-dir.js";
import { samples, TestGateway } from "./helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "./helpers/harness.js";

// One instance, several connections (`--broker-connections`) in one shared-subscription group of a
// real Mosquitto: each connection is its own persistent session with one message in flight.

const SAMPLES_PER_FRAME = 3;

let postgres: Postgres;
let broker: SecuredMosquitto;
let postgresUrl: string;
const gateways = [
  new TestGateway("acme", "hall-1"),
  new TestGateway("acme", "hall-2"),
  new TestGateway("globex", "plant-9"),
];
let clients: MqttClient[] = [];
const running: Harness[] = [];

const external = (clientId: string, group: string, connections: number): Partial<IngestConfigInput> => ({
  postgresUrl,
  broker: {
    mode: "external",
    url: broker.url,
    username: "onramp-ingest",
    password: "ingest-secret",
    clientId,
    group,
    connections,
  },
});
const start = async (config: Partial<IngestConfigInput>) => {
  const h = await startHarness(config);
  running.push(h);
  return h;
};
const stop = async (h: Harness) => {
  running.splice(running.indexOf(h), 1);
  await h.close();
};
/** `/metrics` samples of one metric, keyed by their label text (`""` when unlabelled). */
const metric = async (h: Harness, name: string) => {
  const text = await (await fetch(`${h.http}/metrics`)).text();
  const values = new Map<string, number>();
  for (const m of text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\d+)$`, "gm")))
    values.set(m[1] ?? "", Number(m[2]));
  return values;
};
const sum = (values: Map<string, number>) => [...values.values()].reduce((a, b) => a + b, 0);
const ledgerFrames = async (h: Harness, gw: TestGateway) => {
  const rows = (await h.api("GET", `/api/v1/enterprises/${gw.ent}/ledger?from=0&gw=${gw.gw}`, h.adminToken))
    .json as { dev: string; frames: number }[];
  return rows.filter((r) => r.dev !== "").reduce((n, r) => n + r.frames, 0);
};
const storedValues = async (h: Harness, gw: TestGateway, signal: string) =>
  (
    (
      await h.api(
        "GET",
        `/api/v1/enterprises/${gw.ent}/gateways/${gw.gw}/devices/meter-1/signals/${signal}?from=0&limit=10000`,
        h.adminToken,
      )
    ).json as unknown[]
  ).length;
/** `frames` frames per gateway, all gateways at once; each frame's samples at their own timestamps. */
const publishFrames = async (signal: string, frames: number) => {
  const start = Date.now() - frames * SAMPLES_PER_FRAME * 1000;
  await Promise.all(
    gateways.map(async (gw, g) => {
      const client = clients[g] as MqttClient;
      for (let i = 0; i < frames; i++) {
        const at = start + i * SAMPLES_PER_FRAME * 1000;
        const body = gw.data([{ dev: "meter-1", samples: samples(signal, SAMPLES_PER_FRAME, at) }]);
        await client.publishAsync(gw.topic("data"), gw.sign(body), { qos: 1 });
      }
    }),
  );
};
const ledgerCounts = (h: Harness) => Promise.all(gateways.map((gw) => ledgerFrames(h, gw)));
/** Waits until each gateway's ledger holds `frames` more frames than `before` (tests share one database). */
const everyFrameInLedger = (h: Harness, before: number[], frames: number) =>
  waitFor(
    "every frame in the ledger",
    async () => (await ledgerCounts(h)).every((n, g) => n === (before[g] as number) + frames),
    { timeoutMs: 20_000, intervalMs: 100 },
  );

beforeAll(async () => {
  postgres = await startPostgres();
  broker = await startSecuredMosquitto({
    users: [
      { username: "onramp-ingest", password: "ingest-secret" },
      ...gateways.map((gw) => ({ username: `${gw.ent}/${gw.gw}`, password: `pw-${gw.gw}` })),
    ],
    acl: SHIPPED_ACL,
  });
  postgresUrl = await postgres.createDatabase("connections");
  // Enrollment registers the gateways' signing keys; the MQTT credentials are Mosquitto's.
  const enroller = await startHarness({ postgresUrl });
  for (const gw of gateways) await gw.enroll(enroller.http, await enrollmentToken(enroller, gw.ent, gw.gw));
  await enroller.close();
  clients = await Promise.all(
    gateways.map((gw) =>
      mqtt.connectAsync(broker.url, {
        clientId: `${gw.ent}/${gw.gw}`,
        username: `${gw.ent}/${gw.gw}`,
        password: `pw-${gw.gw}`,
        reconnectPeriod: 0,
      }),
    ),
  );
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  for (const h of running.splice(0)) await h.close();
  await broker?.stop();
  await postgres?.stop();
  await removeDataDirs();
});

describe("one instance, several connections in a Mosquitto shared-subscription group", () => {
  it("stores every frame of several gateways exactly once, spread over its connections", async () => {
    const connections = 4;
    // The longest client id config accepts (128): Mosquitto takes the derived `…-c3` (131) too.
    const h = await start(external(`spread-${"a".repeat(121)}`, "spread", connections));
    expect(sum(await metric(h, "onramp_ingest_mqtt_clients"))).toBe(connections);
    const frames = 40;
    const before = await ledgerCounts(h);
    await publishFrames("spread", frames);
    await everyFrameInLedger(h, before, frames);

    const received = await metric(h, "onramp_ingest_broker_messages_total");
    expect(sum(received)).toBe(frames * gateways.length);
    // The broker dealt the messages to more than one of the instance's sessions.
    expect([...received.values()].filter((n) => n > 0).length).toBeGreaterThan(1);
    expect([...received.keys()].every((k) => /^\{connection="[0-3]"\}$/.test(k))).toBe(true);
    expect((await metric(h, "onramp_ingest_frames_total")).get('{outcome="stored"}')).toBe(
      frames * gateways.length,
    );
    expect(sum(await metric(h, "onramp_ingest_points_written_total"))).toBe(
      frames * gateways.length * SAMPLES_PER_FRAME,
    );
    for (const gw of gateways) expect(await storedValues(h, gw, "spread")).toBe(frames * SAMPLES_PER_FRAME);
    await stop(h);
  });

  it("keeps dealing a stopped member its share, queued in its sessions until it restarts", async () => {
    // Mosquitto 2.0.11 picks the next member of the group round-robin among its subscriptions,
    // connected or not: a stopped member's persistent sessions keep their share (README "Scale-out").
    const a = await start(external("queued-a", "queued", 2));
    let b = await start(external("queued-b", "queued", 2));
    await stop(b);

    const frames = 30;
    const before = await ledgerCounts(a);
    // Mosquitto routes a QoS 1 message to its subscribers before it sends the PUBACK.
    await publishFrames("queued", frames);
    b = await start(external("queued-b", "queued", 2));
    await everyFrameInLedger(a, before, frames);

    // B was stopped while every frame was published: all it received was queued for it.
    const receivedByB = sum(await metric(b, "onramp_ingest_broker_messages_total"));
    const receivedByA = sum(await metric(a, "onramp_ingest_broker_messages_total"));
    expect(receivedByB).toBeGreaterThan(0);
    expect(receivedByA + receivedByB).toBe(frames * gateways.length);
    for (const gw of gateways) expect(await storedValues(a, gw, "queued")).toBe(frames * SAMPLES_PER_FRAME);
  });

  it("loses nothing while every member of the group is stopped: it all waits in their sessions", async () => {
    let only = await start(external("alone-a", "alone", 3));
    const before = await ledgerCounts(only);
    await stop(only);

    const frames = 20;
    await publishFrames("alone", frames);
    only = await start(external("alone-a", "alone", 3));
    await everyFrameInLedger(only, before, frames);
    expect(sum(await metric(only, "onramp_ingest_broker_messages_total"))).toBe(frames * gateways.length);
    for (const gw of gateways) expect(await storedValues(only, gw, "alone")).toBe(frames * SAMPLES_PER_FRAME);
  });
});
