// The whole pipeline for the fault scenarios: counting PLC (pymodbus) → edge agent → Mosquitto →
// ingest (its own process, external-broker mode, embedded telemetry store) — and the count that
// every scenario ends with: every sample the agent reported is in the store exactly once.
import { type ChildProcess, spawn } from "node:child_process";
import type { KeyObject } from "node:crypto";
import { fileURLToPath } from "node:url";
import { publicJwk } from "@onramp/contract";
import { ApiTokens } from "../../ingest-service/src/state/api-tokens.js";
import { Enrollment } from "../../ingest-service/src/state/enrollment.js";
import { openState } from "../../ingest-service/src/state/open-state.js";
import { Registry } from "../../ingest-service/src/state/registry.js";
import { freshDataDir } from "../../ingest-service/test/helpers/data-dir.js";
import { stopChild } from "../peers/child.js";
import { freePort } from "../peers/ports.js";
import { waitFor } from "../peers/wait.js";

const BIN = fileURLToPath(new URL("../../ingest-service/bin/onramp-ingest.js", import.meta.url));
/** The workspace of edge-agent/test/e2e/fixture.ts enrolls gateway acme/gw-1. */
const ENT = "acme";
const GW = "gw-1";
export const SIGNALS = ["part_count", "spindle_speed"] as const;

export interface IngestProcess {
  readonly http: string;
  readonly adminToken: string;
  /** The gateway's MQTT credentials from its enrollment (for the embedded broker). */
  readonly mqtt: { url: string; username: string; password: string; clientId: string };
  /** The running child's pid (to read its memory from /proc). */
  pid(): number | undefined;
  /** SIGKILL, mid-stream: nothing flushed, nothing said to the broker. */
  kill9(): Promise<void>;
  /** Starts it again on the same data dir, port and broker client id (its persistent session). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** A counter of /metrics, summed over the series whose labels contain `labels`. */
  metric(name: string, labels?: string): Promise<number>;
  api<T>(path: string): Promise<T>;
}

/**
 * The ingest as a child process (the bin shim) consuming `brokerUrl` with a persistent session,
 * or serving its embedded broker on `{ embeddedMqttPort }` (the same port across restarts), with
 * enterprise acme and the gateway key of the agent's workspace enrolled as acme/gw-1.
 */
export async function startIngest(
  broker: string | { embeddedMqttPort: number },
  gatewayKeys: ReadonlyMap<string, KeyObject>,
) {
  const dataDir = await freshDataDir();
  const httpPort = await freePort();
  const sql = await openState({ dataDir, postgresUrl: undefined });
  await new Registry(sql).createEnterprise(ENT, "Acme");
  const adminToken = (await new ApiTokens(sql).create({ role: "admin", ent: null, name: "faults" })).token;
  const { token } = await new Enrollment(sql).createToken({
    ent: ENT,
    gatewayId: GW,
    ttlMs: 600_000,
    createdBy: "faults",
  });
  await sql.close();
  const http = `http://127.0.0.1:${httpPort}`;
  const clientId = `onramp-ingest-faults-${process.pid}-${httpPort}`;
  let child: ChildProcess | undefined;
  const launch = async () => {
    const started = spawn(
      process.execPath,
      [
        BIN,
        "serve",
        "--data-dir",
        dataDir,
        "--http-port",
        String(httpPort),
        ...(typeof broker === "string"
          ? ["--broker", broker, "--broker-client-id", clientId]
          : ["--mqtt-host", "127.0.0.1", "--mqtt-port", String(broker.embeddedMqttPort)]),
      ],
      { stdio: ["ignore", process.env.FAULTS_INGEST_LOG ? "inherit" : "ignore", "pipe"] },
    );
    child = started;
    let stderr = "";
    started.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    await waitFor(
      "the ingest to answer /readyz",
      async () => {
        if (started.exitCode !== null) throw new Error(`ingest exited with ${started.exitCode}: ${stderr}`);
        return fetch(`${http}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
      },
      { timeoutMs: 45_000, intervalMs: 100 },
    );
  };
  await launch();
  const [publicKey] = gatewayKeys.values();
  if (publicKey === undefined) throw new Error("the workspace has no gateway key");
  const enrolled = await fetch(`${http}/api/v1/enroll`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, publicJwk: publicJwk(publicKey), agent: { name: "faults", version: "0" } }),
  });
  if (enrolled.status !== 201)
    throw new Error(`enroll answered ${enrolled.status}: ${await enrolled.text()}`);
  const { mqtt } = (await enrolled.json()) as { mqtt: IngestProcess["mqtt"] };
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${http}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const ingest: IngestProcess = {
    http,
    adminToken,
    mqtt,
    pid: () => child?.pid,
    async kill9() {
      const running = child;
      if (running?.pid === undefined || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      process.kill(running.pid, "SIGKILL");
      await exited;
    },
    restart: launch,
    async stop() {
      if (child !== undefined) await stopChild(child, 5_000);
    },
    async metric(name, labels = "") {
      const text = await (await fetch(`${http}/metrics`)).text();
      let sum = 0;
      for (const line of text.split("\n")) {
        if (!line.startsWith(name) || !line.includes(labels)) continue;
        if (line[name.length] !== " " && line[name.length] !== "{") continue;
        sum += Number(line.slice(line.lastIndexOf(" ") + 1));
      }
      return sum;
    },
    api,
  };
  return ingest;
}

export interface StoreCount {
  /** Points the telemetry store returns for the devices' signals. */
  readonly points: number;
  /** Distinct (device, signal, source timestamp): what is left after de-duplication. */
  readonly distinct: number;
  /** Samples of distinct frames (the ledger de-duplicates on session and seq). */
  readonly ledgerSamples: number;
}

/** What the store holds for `devices` of acme/gw-1. `to` must cover a skewed gateway's timestamps. */
export async function countStored(
  ingest: IngestProcess,
  devices: readonly string[],
  to = Date.now() + 86_400_000,
): Promise<StoreCount> {
  let points = 0;
  const keys = new Set<string>();
  for (const dev of devices) {
    for (const signal of SIGNALS) {
      const list = await ingest.api<{ t: number }[]>(
        `/api/v1/enterprises/${ENT}/gateways/${GW}/devices/${dev}/signals/${signal}?from=0&to=${to}&limit=10000`,
      );
      if (list.length >= 10_000) throw new Error(`${dev}/${signal}: more points than one read returns`);
      points += list.length;
      for (const p of list) keys.add(`${dev}/${signal}/${p.t}`);
    }
  }
  const ledger = await ingest.api<{ dev: string; samples: number }[]>(
    `/api/v1/enterprises/${ENT}/ledger?from=0&to=${to}&gw=${GW}`,
  );
  const ledgerSamples = ledger.filter((r) => devices.includes(r.dev)).reduce((n, r) => n + r.samples, 0);
  return { points, distinct: keys.size, ledgerSamples };
}

/** Waits until the store holds at least `expected` distinct samples, then returns the count. */
export async function waitForStored(
  ingest: IngestProcess,
  devices: readonly string[],
  expected: number,
  to?: number,
): Promise<StoreCount> {
  return waitFor(
    `${expected} samples in the store`,
    async () => {
      const count = await countStored(ingest, devices, to);
      return count.distinct >= expected && count.ledgerSamples >= expected && count;
    },
    { timeoutMs: 40_000, intervalMs: 250 },
  );
}
