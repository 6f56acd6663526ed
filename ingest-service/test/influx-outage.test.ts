import { setTimeout as sleep } from "node:timers/promises";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Influxd, startInfluxd } from "../../test/peers/influxd.js";
import { waitFor } from "../../test/peers/wait.js";
import { InfluxQLReader } from "../src/store/influxql.js";
import { removeDataDirs } from "./helpers/data-dir.js";
import { TestGateway } from "./helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "./helpers/harness.js";

const OUTAGE_MS = 30_000;
const SAMPLES_PER_FRAME = 50;

let influxd: Influxd;
let h: Harness;
let client: MqttClient;
const gw = new TestGateway("acme", "hall-1");
let nextT = Date.now() - 3_600_000;

/** A frame with fresh, unique sample timestamps: every point is a distinct InfluxDB point. */
function frame(): Buffer {
  const samples = Array.from({ length: SAMPLES_PER_FRAME }, () => ({
    s: "power_active",
    v: 1.5,
    q: "good" as const,
    t: nextT++,
  }));
  return gw.sign(gw.data([{ dev: "meter-1", samples }]));
}

beforeAll(async () => {
  influxd = await startInfluxd();
  h = await startHarness({ telemetry: { kind: "influx-v1", url: influxd.url, db: "onramp" } });
  await gw.enroll(h.http, await enrollmentToken(h, "acme", "hall-1"));
  client = await gw.connect(h.mqtt, { clean: false, reconnectPeriod: 500, keepalive: 120 });
});

afterAll(async () => {
  await client?.endAsync(true);
  await h?.close();
  await influxd?.destroy();
  await removeDataDirs();
});

describe("InfluxDB down for 30 s", () => {
  it("stops acknowledging, loses nothing, and drains the backlog exactly once when InfluxDB returns", {
    timeout: 120_000,
  }, async () => {
    let acked = 0;
    const publish = () => client.publishAsync(gw.topic("data"), frame(), { qos: 1 }).then(() => void acked++);
    const before = Array.from({ length: 10 }, publish);
    await Promise.all(before);

    await influxd.stop();
    const during: Promise<void>[] = [];
    const ackedAtOutage = acked;
    for (let elapsed = 0; elapsed < OUTAGE_MS; elapsed += 500) {
      during.push(publish());
      await sleep(500);
    }
    // Nothing published during the outage was acknowledged: the agents' spools would keep it.
    expect(acked).toBe(ackedAtOutage);
    const failures = /onramp_ingest_commit_failures_total\{stage="telemetry"\} (\d+)/.exec(
      await (await fetch(`${h.http}/metrics`)).text(),
    );
    expect(Number(failures?.[1] ?? 0)).toBeGreaterThan(0);

    await influxd.restart();
    await Promise.all(during);
    const frames = before.length + during.length;
    expect(acked).toBe(frames);

    const reader = new InfluxQLReader({ url: influxd.url, db: "onramp" });
    const result = await waitFor("every point in InfluxDB", async () => {
      const body = await reader.query(
        `SELECT count("power_active") FROM "onramp_device" WHERE "device" = 'meter-1'`,
      );
      const count = body.results?.[0]?.series?.[0]?.values?.[0]?.[1];
      return count === frames * SAMPLES_PER_FRAME ? count : undefined;
    });
    expect(result).toBe(frames * SAMPLES_PER_FRAME);
    const ledger = (
      await h.api("GET", "/api/v1/enterprises/acme/ledger?from=0&gw=hall-1&dev=meter-1", h.adminToken)
    ).json as { frames: number }[];
    expect(ledger.reduce((n, r) => n + r.frames, 0)).toBe(frames);
  });
});
