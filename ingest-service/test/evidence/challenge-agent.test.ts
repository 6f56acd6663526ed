import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { stopChild } from "../../../test/peers/child.js";
import { type PymodbusServer, startPymodbus } from "../../../test/peers/pymodbus.js";
import { waitFor } from "../../../test/peers/wait.js";
import type { ChallengeOutcome } from "../../src/challenges/challenge-service.js";
import { enrollmentToken, type Harness, startHarness } from "../helpers/harness.js";

const AGENT_BIN = new URL("../../../edge-agent/bin/onramp-agent.js", import.meta.url).pathname;

/** A PLC with a part counter and a spindle speed, one second heartbeat. */
const PROFILE = {
  schemaVersion: 1,
  id: "onramp-test/challenge-plc",
  version: "1.0.0",
  vendor: "Onramp",
  model: "challenge plc",
  class: "plc",
  protocol: "modbus",
  source: { kind: "template", document: "ingest-service challenge tests", note: "written by the tests" },
  defaults: { pollIntervalMs: 100, heartbeatMs: 1000 },
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
      source: { modbus: { table: "holding", address: 1, dataType: "uint16" } },
    },
  ],
};

let h: Harness;
let plc: PymodbusServer;
let agent: ChildProcess | undefined;
let dir: string;
let bureau: string;

function runAgent(args: string[]): ChildProcess {
  return spawn(process.execPath, [AGENT_BIN, ...args], { stdio: ["ignore", "ignore", "pipe"] });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "onramp-challenge-"));
  await writeFile(join(dir, "plc.yaml"), stringify(PROFILE));
  plc = await startPymodbus({ units: { 1: { holding: { 0: [17, 1200], 100: [4242] } } } }, { tcpPort: 0 });
  h = await startHarness({ profilesDir: dir });
  bureau = (await h.app.ingest.apiTokens.create({ role: "bureau", ent: null, name: "bureau" })).token;
  const token = await enrollmentToken(h, "chal-co", "gw-chal");
  const enroll = runAgent(["enroll", "--server", h.http, "--token", token, "--data-dir", join(dir, "data")]);
  const code = await new Promise((resolve) => enroll.once("exit", resolve));
  expect(code).toBe(0);
  await writeFile(
    join(dir, "agent.yaml"),
    stringify({
      gateway: { dataDir: "data" },
      broker: { reconnectMinMs: 100, reconnectMaxMs: 500 },
      batch: { maxSamples: 50, maxAgeMs: 100 },
      status: { port: 0 },
      log: { level: "silent" },
      devices: [
        {
          id: "plc-1",
          profile: "plc.yaml",
          connection: `modbus-tcp://127.0.0.1:${plc.port}?unit=1&timeout=500`,
        },
      ],
    }),
  );
  agent = runAgent(["run", join(dir, "agent.yaml")]);
  await waitFor(
    "the agent's data in the store",
    async () => {
      const points = await h.app.ingest.store.readSignal({
        ent: "chal-co",
        gw: "gw-chal",
        dev: "plc-1",
        signal: "spindle_speed",
        from: Date.now() - 60_000,
        to: Date.now() + 1,
        limit: 10,
      });
      return points.length >= 2;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}, 60_000);

afterAll(async () => {
  if (agent) await stopChild(agent);
  await h?.close();
  await plc?.stop();
  await rm(dir, { recursive: true, force: true });
});

const challenge = (token: string, deadlineMs: number) =>
  h.api("POST", "/api/v1/devices/plc-1/challenge", token, { enterprise: "chal-co", deadlineMs });

describe("challenges against a real edge agent reading a Modbus PLC (pymodbus)", () => {
  it("passes: the signed reply echoes the nonce, in time, with fresh values consistent with the stream", async () => {
    const res = await challenge(bureau, 10_000);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const outcome = res.json as ChallengeOutcome;
    expect(outcome.causes).toEqual([]);
    expect(outcome).toMatchObject({ outcome: "passed", dev: "plc-1", gw: "gw-chal" });
    expect(outcome.roundTripMs).toBeLessThan(10_000);
    expect(outcome.reply?.samples.map((s) => [s.s, s.v]).sort()).toEqual([
      ["part_count", 17],
      ["spindle_speed", 1200],
    ]);
    const recorded = await h.api("GET", "/api/v1/enterprises/chal-co/challenges", bureau);
    expect((recorded.json as { id: string; outcome: string }[])[0]).toMatchObject({
      id: outcome.id,
      outcome: "passed",
    });
  });

  it("is the bureau's: an integrator of the enterprise may not challenge", async () => {
    const { token } = await h.app.ingest.apiTokens.create({
      role: "integrator",
      ent: "chal-co",
      name: "integrator",
    });
    expect((await challenge(token, 1000)).status).toBe(403);
  });

  it("fails with the cause when the device's gateway is down", async () => {
    if (agent) await stopChild(agent);
    agent = undefined;
    await waitFor(
      "the gateway offline",
      async () => {
        const gws = await h.api("GET", "/api/v1/enterprises/chal-co/gateways", h.adminToken);
        return (gws.json as { status: string }[])[0]?.status === "offline";
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    const res = await challenge(bureau, 1000);
    expect(res.status).toBe(200);
    const outcome = res.json as ChallengeOutcome;
    expect(outcome.outcome).toBe("failed");
    expect(outcome.reply).toBeNull();
    expect(outcome.causes.map((c) => c.code)).toEqual(["LIVENESS_NO_REPLY", "GATEWAY_STATE"]);
    expect(outcome.causes[1]?.reason).toMatch(/was offline/);
  });
});
