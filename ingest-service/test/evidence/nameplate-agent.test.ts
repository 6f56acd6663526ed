// A device that exposes no identity, with its rating-plate serial entered by the integrator: the
// real agent (edge-agent/bin) sends the serial with `onramp-agent enroll --config`, the ingest
// stores it, the birth announces the nameplate fingerprint, and the indicators accept it as
// confirmed — until the serial announced is one the enrollment never confirmed.
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { stopChild } from "../../../test/peers/child.js";
import { type PymodbusServer, startPymodbus } from "../../../test/peers/pymodbus.js";
import { waitFor } from "../../../test/peers/wait.js";
import type { EnterpriseReport } from "../../src/indicators/index.js";
import { enrollmentToken, type Harness, startHarness } from "../helpers/harness.js";

const AGENT_BIN = new URL("../../../edge-agent/bin/onramp-agent.js", import.meta.url).pathname;
const ENT = "press-co";
const GW = "gw-np";
const DEV = "press-1";

/** An old hydraulic press behind a Modbus I/O module: signals, but no identity register at all. */
const PROFILE = {
  schemaVersion: 1,
  id: "onramp-test/nameplate-press",
  version: "1.0.0",
  vendor: "Tianduan",
  model: "Y32-315",
  class: "press",
  protocol: "modbus",
  source: { kind: "template", document: "ingest-service nameplate tests", note: "written by the tests" },
  defaults: { pollIntervalMs: 100, heartbeatMs: 1000 },
  identity: { method: "nameplate" },
  signals: [
    {
      id: "part_count",
      role: "part_count",
      type: "integer",
      source: { modbus: { table: "holding", address: 0, dataType: "uint16" } },
    },
  ],
};

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function runAgent(args: string[]): ChildProcess {
  return spawn(process.execPath, [AGENT_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
}

async function runToExit(args: string[]): Promise<Outcome> {
  const child = runAgent(args);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number>((resolve) => child.once("exit", (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}

describe("nameplate identity confirmed at enrollment (real agent, real API)", () => {
  let dir: string;
  let press: PymodbusServer;
  let h: Harness;
  let agent: ChildProcess | undefined;
  let enrolled: Outcome;

  const writeConfig = (serial: string) =>
    writeFile(
      join(dir, "agent.yaml"),
      stringify({
        gateway: { dataDir: "data" },
        broker: { reconnectMinMs: 100, reconnectMaxMs: 500 },
        batch: { maxSamples: 50, maxAgeMs: 100 },
        status: { port: 0 },
        log: { level: "silent" },
        devices: [
          {
            id: DEV,
            profile: "press.yaml",
            connection: `modbus-tcp://127.0.0.1:${press.port}?unit=1&timeout=500`,
            identity: { nameplateSerial: serial },
          },
        ],
      }),
    );
  const startAgent = () => {
    agent = runAgent(["run", join(dir, "agent.yaml")]);
  };
  const stopAgent = async () => {
    const running = agent;
    agent = undefined;
    if (running) await stopChild(running);
  };
  const report = async (): Promise<EnterpriseReport> => {
    const res = await h.api(
      "GET",
      `/api/v1/enterprises/${ENT}/indicators?from=${Date.now() - 3_600_000}&to=${Date.now() + 1}`,
      h.adminToken,
    );
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json as EnterpriseReport;
  };
  /** Waits for the birth that brought the device's identity log to `count` entries (the first one included). */
  const announced = async (count: number) =>
    waitFor(
      `the birth recording identity #${count} of ${DEV}`,
      async () => {
        const res = await h.api("GET", `/api/v1/enterprises/${ENT}/devices`, h.adminToken);
        const rows = res.json as { id: string; fingerprint: string | null; identitySource: string | null }[];
        const row = rows.find((d) => d.id === DEV);
        const log = await h.app.ingest.sql.query<{ fingerprint: string }>(
          "SELECT fingerprint FROM identity_changes WHERE ent = $1 AND dev = $2 ORDER BY at",
          [ENT, DEV],
        );
        const isCurrent = log.length === count && log.at(-1)?.fingerprint === row?.fingerprint;
        return row?.identitySource === "nameplate" && isCurrent ? row : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "onramp-nameplate-"));
    await writeFile(join(dir, "press.yaml"), stringify(PROFILE));
    press = await startPymodbus({ units: { 1: { holding: { 0: [31] } } } }, { tcpPort: 0 });
    h = await startHarness({ profilesDir: dir });
    await writeConfig("Y32-2019-0815");
    const token = await enrollmentToken(h, ENT, GW);
    enrolled = await runToExit([
      "enroll",
      "--server",
      h.http,
      "--token",
      token,
      "--config",
      join(dir, "agent.yaml"),
    ]);
    startAgent();
  });
  afterAll(async () => {
    await stopAgent();
    await h?.close();
    await press?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("sends the gateway's nameplate serials with the enrollment, which stores them", async () => {
    expect(enrolled.code, enrolled.stderr).toBe(0);
    expect(enrolled.stdout).toContain(`nameplate serials confirmed for 1 device(s): ${DEV}`);
    const stored = (await h.app.ingest.enrollment.listNameplates(ENT)).filter((n) => n.gateway === GW);
    expect(stored).toEqual([
      {
        device: DEV,
        gateway: GW,
        serial: "Y32-2019-0815",
        fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        confirmedAt: expect.any(Number),
      },
    ]);
  });

  it("refuses malformed nameplates at the boundary, before the one-time token is spent", async () => {
    const token = await enrollmentToken(h, ENT, "gw-other");
    const { x } = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
    const key = { kty: "OKP", crv: "Ed25519", x };
    const fingerprint = `sha256:${"a".repeat(64)}`;
    const enroll = (nameplates: unknown) =>
      h.app.inject({ method: "POST", url: "/api/v1/enroll", payload: { token, publicJwk: key, nameplates } });
    const twice = await enroll([
      { device: "p-1", serial: "S-1", fingerprint },
      { device: "p-1", serial: "S-2", fingerprint },
    ]);
    expect(twice.statusCode, twice.body).toBe(400);
    expect(twice.body).toContain("one nameplate per device");
    const unhashed = await enroll([{ device: "p-1", serial: "S-1", fingerprint: "S-1" }]);
    expect(unhashed.statusCode).toBe(400);
    const accepted = await enroll([{ device: "p-1", serial: "S-1", fingerprint }]);
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json()).toMatchObject({ gateway: "gw-other", nameplatesConfirmed: 1 });
  });

  it("accepts the confirmed nameplate fingerprint and says it is weaker than a device read", async () => {
    const row = await announced(1);
    const confirmed = (await h.app.ingest.enrollment.listNameplates(ENT)).find((n) => n.device === DEV);
    expect(row.fingerprint).toBe(confirmed?.fingerprint);
    const device = (await report()).devices.find((d) => d.device === DEV);
    const requirement = device?.evidence.requirements.find((r) => r.requirement === "FINGERPRINT_READ");
    expect(requirement).toMatchObject({ met: true });
    expect(requirement?.detail).toContain("weaker than a read from the device");
    expect(device?.evidence.level, JSON.stringify(device?.evidence)).toBe("consistent");
  });

  it("flags a serial changed after enrollment: the change is audited and the identity unconfirmed", async () => {
    await stopAgent();
    await writeConfig("Y32-2021-0042");
    startAgent();
    const row = await announced(2);
    const confirmed = (await h.app.ingest.enrollment.listNameplates(ENT)).find((n) => n.device === DEV);
    expect(row.fingerprint).not.toBe(confirmed?.fingerprint);
    const result = await report();
    const codes = result.flags.filter((f) => f.device === DEV).map((f) => [f.code, f.severity]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ["IDENTITY_CHANGED", "warning"],
        ["IDENTITY_NAMEPLATE_UNCONFIRMED", "failure"],
      ]),
    );
    const device = result.devices.find((d) => d.device === DEV);
    expect(device?.identityChanges).toHaveLength(1);
    expect(device?.evidence.level).toBe("declared");
    expect(device?.evidence.blockingFlags).toContain("IDENTITY_NAMEPLATE_UNCONFIRMED");
  });

  it("fails the second swap of the period: machines changed in and out under one device id", async () => {
    await stopAgent();
    await writeConfig("Y32-2019-0815"); // the first press back under the same id
    startAgent();
    await announced(3);
    const result = await report();
    const swaps = result.flags.find((f) => f.device === DEV && f.code === "IDENTITY_REPEATED_CHANGES");
    expect(swaps?.severity).toBe("failure");
    expect(swaps?.data).toMatchObject({ changes: 2, maxChanges: 1 });
    const device = result.devices.find((d) => d.device === DEV);
    expect(device?.identityChanges).toHaveLength(2);
    expect(device?.evidence.blockingFlags).toContain("IDENTITY_REPEATED_CHANGES");
  });
});
