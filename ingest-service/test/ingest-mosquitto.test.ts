import { encodeFrame, generateGatewayKey } from "@onramp/contract";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SecuredMosquitto, SHIPPED_ACL, startSecuredMosquitto } from "../../test/peers/mosquitto-acl.js";
import { type Postgres, startPostgres } from "../../test/peers/postgres.js";
import { waitFor } from "../../test/peers/wait.js";
import { removeDataDirs } from "./helpers/data-dir.js";
import { samples, TestGateway } from "./helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "./helpers/harness.js";

let postgres: Postgres;
let broker: SecuredMosquitto;
let first: Harness;
let second: Harness;
const acme = new TestGateway("acme", "hall-1");
const globex = new TestGateway("globex", "plant-9");
let acmeClient: MqttClient;
let globexClient: MqttClient;

const connectAs = (gw: TestGateway) =>
  mqtt.connectAsync(broker.url, {
    clientId: `${gw.ent}/${gw.gw}`,
    username: `${gw.ent}/${gw.gw}`,
    password: `pw-${gw.gw}`,
    reconnectPeriod: 0,
  });
const ledgerFrames = async (h: Harness, gw: TestGateway) => {
  const rows = (await h.api("GET", `/api/v1/enterprises/${gw.ent}/ledger?from=0&gw=${gw.gw}`, h.adminToken))
    .json as { dev: string; frames: number }[];
  return rows.filter((r) => r.dev !== "").reduce((n, r) => n + r.frames, 0);
};
const rejections = async (h: Harness, code: string) =>
  ((await h.api("GET", "/api/v1/rejections", h.adminToken)).json as { totals: Record<string, number> })
    .totals[code] ?? 0;
const handledBy = async (h: Harness) => {
  const text = await (await fetch(`${h.http}/metrics`)).text();
  return Number(/onramp_ingest_frames_total\{outcome="stored"\} (\d+)/.exec(text)?.[1] ?? 0);
};

beforeAll(async () => {
  postgres = await startPostgres();
  broker = await startSecuredMosquitto({
    users: [
      { username: "onramp-ingest", password: "ingest-secret" },
      { username: "acme/hall-1", password: "pw-hall-1" },
      { username: "globex/plant-9", password: "pw-plant-9" },
    ],
    acl: SHIPPED_ACL,
  });
  // Two instances, one PostgreSQL, one shared subscription: they split the frames.
  const postgresUrl = await postgres.createDatabase("shared");
  const external = (clientId: string) => ({
    mode: "external" as const,
    url: broker.url,
    username: "onramp-ingest",
    password: "ingest-secret",
    clientId,
    // Two instances split the load: a shared subscription.
    group: "onramp-ingest",
  });
  first = await startHarness({ postgresUrl, broker: external("ingest-a") });
  second = await startHarness({ postgresUrl, broker: external("ingest-b") });
  // With an external broker the MQTT credentials are the broker's; enrollment registers the signing key.
  await acme.enroll(first.http, await enrollmentToken(first, "acme", "hall-1"));
  await globex.enroll(first.http, await enrollmentToken(first, "globex", "plant-9"));
  acmeClient = await connectAs(acme);
  globexClient = await connectAs(globex);
});

afterAll(async () => {
  await acmeClient?.endAsync(true);
  await globexClient?.endAsync(true);
  await first?.close();
  await second?.close();
  await broker?.stop();
  await postgres?.stop();
  await removeDataDirs();
});

describe("external Mosquitto broker, shared subscription, PostgreSQL state", () => {
  it("splits frames between two instances and accounts each frame exactly once", async () => {
    const count = 40;
    for (let i = 0; i < count; i++) {
      await acmeClient.publishAsync(
        acme.topic("data"),
        acme.sign(acme.data([{ dev: "meter-1", samples: samples("power_active", 3) }])),
        { qos: 1 },
      );
    }
    await waitFor("every frame in the ledger", async () => (await ledgerFrames(first, acme)) === count, {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    expect(await handledBy(first)).toBeGreaterThan(0);
    expect(await handledBy(second)).toBeGreaterThan(0);
    expect((await handledBy(first)) + (await handledBy(second))).toBe(count);
  });

  it("never receives a frame a gateway publishes under another enterprise's topic (Mosquitto ACL)", async () => {
    const body = {
      ...globex.data([{ dev: "meter-1", samples: samples("intrusion", 1) }]),
      ent: "acme",
      gw: "hall-1",
    };
    // Mosquitto acknowledges a denied publish and drops it (it has no negative PUBACK in 3.1.1).
    await globexClient.publishAsync(acme.topic("data"), globex.sign(body), { qos: 1 });
    const marker = globex.data([{ dev: "meter-1", samples: samples("marker", 1) }]);
    await globexClient.publishAsync(globex.topic("data"), globex.sign(marker), { qos: 1 });
    await waitFor("the marker frame", async () => (await ledgerFrames(first, globex)) === 1, {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    const read = await first.api(
      "GET",
      "/api/v1/enterprises/acme/gateways/hall-1/devices/meter-1/signals/intrusion?from=0",
      first.adminToken,
    );
    expect(read.json).toEqual([]);
  });

  it("refuses a forged frame and a revoked gateway's frame that the broker let through", async () => {
    const forged = encodeFrame(acme.data([{ dev: "meter-1", samples: samples("forged", 1) }]), {
      kid: acme.key.kid,
      privateKey: generateGatewayKey().privateKey,
    });
    await acmeClient.publishAsync(acme.topic("data"), forged, { qos: 1 });
    await waitFor(
      "the forged frame refused",
      async () =>
        (await rejections(first, "ONRAMP_FRAME_BAD_SIGNATURE")) +
          (await rejections(second, "ONRAMP_FRAME_BAD_SIGNATURE")) ===
        1,
    );

    await first.api("POST", "/api/v1/enterprises/globex/gateways/plant-9/revoke", first.adminToken);
    // The other instance may hold the key for its cache TTL (5 s); wait until both refuse.
    await waitFor(
      "both instances to refuse the revoked gateway",
      async () => {
        await globexClient.publishAsync(
          globex.topic("data"),
          globex.sign(globex.data([{ dev: "meter-1", samples: samples("revoked", 1) }])),
          { qos: 1 },
        );
        return (
          (await rejections(first, "ONRAMP_GATEWAY_REVOKED")) > 0 &&
          (await rejections(second, "ONRAMP_GATEWAY_REVOKED")) > 0
        );
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    const stored = await first.api(
      "GET",
      "/api/v1/enterprises/globex/gateways/plant-9/devices/meter-1/signals/forged?from=0",
      first.adminToken,
    );
    expect(stored.json).toEqual([]);
  });
});
