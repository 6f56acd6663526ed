import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopChild } from "../../test/peers/child.js";
import { freePort } from "../../test/peers/ports.js";
import { waitFor } from "../../test/peers/wait.js";
import { ApiTokens } from "../src/state/api-tokens.js";
import { Enrollment } from "../src/state/enrollment.js";
import { openState } from "../src/state/open-state.js";
import { Registry } from "../src/state/registry.js";
import { freshDataDir, removeDataDirs } from "./helpers/data-dir.js";
import { TestGateway } from "./helpers/gateway.js";

const BIN = fileURLToPath(new URL("../bin/onramp-ingest.js", import.meta.url));
const FRAMES = 300;
const SAMPLES_PER_FRAME = 20;

let dataDir: string;
let httpPort: number;
let mqttPort: number;
let adminToken: string;
let child: ChildProcess | undefined;
let client: MqttClient | undefined;
const gw = new TestGateway("acme", "hall-1");

/** The ingest as its own process (the bin shim), so it can be killed with SIGKILL. */
async function startIngest(): Promise<ChildProcess> {
  const started = spawn(
    process.execPath,
    [BIN, "serve", "--data-dir", dataDir, "--http-port", String(httpPort), "--mqtt-port", String(mqttPort)],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  started.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  await waitFor(
    "the ingest to answer /readyz",
    async () => {
      if (started.exitCode !== null) throw new Error(`ingest exited with ${started.exitCode}: ${stderr}`);
      return fetch(`http://127.0.0.1:${httpPort}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    { timeoutMs: 45_000, intervalMs: 200 },
  );
  return started;
}

const api = async (path: string) =>
  (
    await fetch(`http://127.0.0.1:${httpPort}${path}`, { headers: { authorization: `Bearer ${adminToken}` } })
  ).json();

beforeAll(async () => {
  dataDir = await freshDataDir();
  [httpPort, mqttPort] = [await freePort(), await freePort()];
  const sql = await openState({ dataDir, postgresUrl: undefined });
  await new Registry(sql).createEnterprise("acme", "Acme");
  adminToken = (await new ApiTokens(sql).create({ role: "admin", ent: null, name: "test" })).token;
  const { token } = await new Enrollment(sql).createToken({
    ent: "acme",
    gatewayId: "hall-1",
    ttlMs: 600_000,
    createdBy: "test",
  });
  await sql.close();
  child = await startIngest();
  await gw.enroll(`http://127.0.0.1:${httpPort}`, token);
});

afterAll(async () => {
  await client?.endAsync(true);
  if (child !== undefined) await stopChild(child);
  await removeDataDirs();
});

describe("ingest killed with -9 mid-stream", () => {
  it("loses nothing: acked frames were durable, the publisher redelivers the rest, dedupe keeps one copy", {
    timeout: 120_000,
  }, async () => {
    // The embedded broker dies with the ingest, so the publisher's own in-flight store is what
    // redelivers (as the agent's spool would): QoS 1, a persistent session, reconnection.
    client = await gw.connect(`mqtt://127.0.0.1:${mqttPort}`, { clean: false, reconnectPeriod: 300 });
    let acked = 0;
    let t = Date.now() - 3_600_000;
    const publishes: Promise<unknown>[] = [];
    for (let i = 0; i < FRAMES; i++) {
      const samples = Array.from({ length: SAMPLES_PER_FRAME }, () => ({
        s: "power_active",
        v: 2,
        q: "good" as const,
        t: t++,
      }));
      publishes.push(
        client
          .publishAsync(gw.topic("data"), gw.sign(gw.data([{ dev: "meter-1", samples }])), { qos: 1 })
          .then(() => acked++),
      );
    }
    await waitFor("a third of the frames acknowledged", () => acked >= FRAMES / 3, { timeoutMs: 60_000 });
    (child as ChildProcess).kill("SIGKILL");
    await new Promise((resolve) => (child as ChildProcess).once("exit", resolve));
    const ackedBeforeKill = acked;
    expect(ackedBeforeKill).toBeLessThan(FRAMES);

    child = await startIngest();
    await Promise.all(publishes);
    expect(acked).toBe(FRAMES);

    const ledger = (await api("/api/v1/enterprises/acme/ledger?from=0&gw=hall-1&dev=meter-1")) as {
      frames: number;
      samples: number;
    }[];
    expect(ledger.reduce((n, r) => n + r.frames, 0)).toBe(FRAMES);
    expect(ledger.reduce((n, r) => n + r.samples, 0)).toBe(FRAMES * SAMPLES_PER_FRAME);
    const points = (await api(
      `/api/v1/enterprises/acme/gateways/hall-1/devices/meter-1/signals/power_active?from=0&limit=10000`,
    )) as unknown[];
    expect(points).toHaveLength(FRAMES * SAMPLES_PER_FRAME);
  });
});
