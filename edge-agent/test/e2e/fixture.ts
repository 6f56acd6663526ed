import { type ChildProcess, spawn } from "node:child_process";
import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keyIdOf, publicJwk } from "@onramp/contract";
import modbusSerial from "modbus-serial";
import pino from "pino";
import { stringify } from "yaml";
import { type PymodbusServer, startPymodbus } from "../../../test/peers/pymodbus.js";
import { Agent } from "../../src/agent.js";
import { loadAgentConfig } from "../../src/config/load-agent-config.js";
import { createDriverRegistry } from "../../src/drivers/registry.js";
import { ENROLLMENT_FILE, type EnrollmentRecord, KEY_FILE } from "../../src/enroll/enrollment.js";
import { loadEnrollment } from "../../src/enroll/load-enrollment.js";
import { writePrivateFile } from "../../src/enroll/private-file.js";
import type { AgentSnapshot } from "../../src/status/snapshot.js";

/** A counting PLC: part_count and spindle_speed in holding registers 0 and 1, a serial number at 100. */
export const COUNTER_PROFILE = {
  schemaVersion: 1,
  id: "onramp-test/e2e-counter",
  version: "1.0.0",
  vendor: "Onramp",
  model: "e2e counter",
  class: "plc",
  protocol: "modbus",
  source: { kind: "template", document: "edge-agent end-to-end tests", note: "written by the tests" },
  defaults: { pollIntervalMs: 50, heartbeatMs: 200 },
  identity: {
    method: "modbus-serial-register",
    fields: { serial_number: { modbus: { table: "holding", address: 100, dataType: "uint16" } } },
  },
  signals: [
    {
      id: "part_count",
      role: "part_count",
      type: "integer",
      source: { modbus: { table: "holding", address: 0, dataType: "uint16" } },
    },
    {
      id: "spindle_speed",
      role: "spindle_speed",
      type: "number",
      unit: "r/min",
      source: { modbus: { table: "holding", address: 1, dataType: "uint16" } },
    },
  ],
};

export interface Workspace {
  readonly dir: string;
  readonly dataDir: string;
  readonly configPath: string;
  /** The gateway's public key by kid, for the collector. */
  readonly gatewayKeys: Map<string, KeyObject>;
  /** The cloud's cmd-signing key (private), whose public JWK the enrollment holds. */
  readonly cloudKey: { privateKey: KeyObject; kid: string };
  writeConfig(config: Record<string, unknown>): Promise<void>;
  remove(): Promise<void>;
}

/** A temp dir with a profile, a data dir enrolled as the enroll command would leave it, and a config. */
export async function createWorkspace(brokerUrl: string): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), "onramp-e2e-"));
  const dataDir = join(dir, "data");
  await mkdir(dataDir, { mode: 0o700 });
  await writeFile(join(dir, "counter.yaml"), stringify(COUNTER_PROFILE));
  const gateway = generateKeyPairSync("ed25519");
  const cloud = generateKeyPairSync("ed25519");
  await writePrivateFile(
    join(dataDir, KEY_FILE),
    gateway.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  );
  const record: EnrollmentRecord = {
    enterprise: "acme",
    gateway: "gw-1",
    mqtt: { url: brokerUrl, username: "acme/gw-1", password: "test-password", clientId: "acme/gw-1" },
    cmdKeys: [publicJwk(cloud.publicKey)],
    server: "http://127.0.0.1",
    kid: keyIdOf(gateway.publicKey),
    enrolledAt: new Date(0).toISOString(),
  };
  await writePrivateFile(join(dataDir, ENROLLMENT_FILE), JSON.stringify(record));
  const configPath = join(dir, "agent.yaml");
  return {
    dir,
    dataDir,
    configPath,
    gatewayKeys: new Map([[keyIdOf(gateway.publicKey), createPublicKey(gateway.privateKey)]]),
    cloudKey: { privateKey: cloud.privateKey, kid: keyIdOf(cloud.publicKey) },
    writeConfig: (config) => writeFile(configPath, stringify(config)),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A device of the tests: a unit of the counting PLC, or any profile (path from the workspace) and connection URL. */
export type TestDevice =
  | { id: string; port: number; unit: number }
  | { id: string; profile: string; connection: string; overrides?: Record<string, unknown> };

/** The config of the tests: fast polls and batches, status on an ephemeral port. */
export function testConfig(devices: TestDevice[], extra: Record<string, unknown> = {}) {
  return {
    gateway: { dataDir: "data" },
    broker: { reconnectMinMs: 100, reconnectMaxMs: 500, catchUpFramesPerSecond: 2000 },
    batch: { maxSamples: 50, maxAgeMs: 100 },
    status: { port: 0 },
    log: { level: process.env.LOG_LEVEL ?? "silent" },
    devices: devices.map((d) =>
      "connection" in d
        ? d
        : {
            id: d.id,
            profile: "counter.yaml",
            connection: `modbus-tcp://127.0.0.1:${d.port}?unit=${d.unit}&timeout=500`,
          },
    ),
    ...extra,
  };
}

/** Two units on one pymodbus server, each with its own serial number. */
export function startCounterPlc(units: number[]): Promise<PymodbusServer> {
  return startPymodbus(
    { units: Object.fromEntries(units.map((u) => [u, { holding: { 0: [0, 1200], 100: [4000 + u] } }])) },
    { tcpPort: 0 },
  );
}

/**
 * Starts the agent in this process, exactly as `onramp-agent run` wires it; `now` is the
 * gateway's clock (a skewed one in the fault tests).
 */
export async function startAgent(configPath: string, now: () => number = Date.now): Promise<Agent> {
  const loaded = await loadAgentConfig(configPath);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
  const enrollment = await loadEnrollment(loaded.resolved.dataDir);
  if (!enrollment.ok) throw new Error(enrollment.message);
  const logger = pino({ level: loaded.resolved.config.log.level });
  const registry = createDriverRegistry({ logger, dataDir: loaded.resolved.dataDir, now });
  return Agent.start({ resolved: loaded.resolved, enrollment: enrollment.enrollment, registry, logger, now });
}

/**
 * The "production" of the counting PLCs: a Modbus client writes an increasing part count into
 * each unit's register 0 every `periodMs`, as the machine would. Returns the stopper and the
 * last value written per unit.
 */
export async function startCounting(port: number, units: number[], periodMs = 25) {
  // modbus-serial is CommonJS: its class is the default export's `default`.
  const client = new modbusSerial.default();
  await client.connectTCP("127.0.0.1", { port });
  client.setTimeout(1000);
  const written = new Map(units.map((u) => [u, 0]));
  let isRunning = true;
  const loop = (async () => {
    while (isRunning) {
      for (const unit of units) {
        const next = (written.get(unit) ?? 0) + 1;
        client.setID(unit);
        await client.writeRegister(0, next);
        written.set(unit, next);
      }
      await new Promise((resolve) => setTimeout(resolve, periodMs));
    }
  })();
  return {
    written,
    async stop() {
      isRunning = false;
      await loop;
      await new Promise<void>((resolve) => client.close(() => resolve()));
    },
  };
}

const RUN_CLI = new URL("../../src/cli/run.ts", import.meta.url).pathname;

/** `onramp-agent run <config>` in a child process, as on a gateway. */
export function spawnAgent(configPath: string): ChildProcess {
  const script = `import { runCommand } from ${JSON.stringify(RUN_CLI)}; process.exitCode = await runCommand([${JSON.stringify(configPath)}]);`;
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export async function statusOf(port: number): Promise<AgentSnapshot | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/status`);
    return response.ok ? ((await response.json()) as AgentSnapshot) : undefined;
  } catch {
    return undefined;
  }
}
