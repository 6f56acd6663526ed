import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ALWAYS_ON, type MtconnectAgentSimulator, startMtconnectAgentSimulator } from "@onramp/simulators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DocumentAgent, startDocumentAgent } from "./testing/document-agent.js";

// Each CLI start compiles the agent with tsx: about 20 s on a loaded 2-core machine, hence the
// generous timeouts below.
const BIN = fileURLToPath(new URL("../../../bin/onramp-agent.js", import.meta.url));
const PROFILE = fileURLToPath(
  new URL("../../../../device-profiles/cnc_machine_tool/mtconnect-machine-tool.yaml", import.meta.url),
);

async function agentCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("onramp-agent probe (child process) against an HTTP server answering fixed MTConnect documents", () => {
  let agent: DocumentAgent;
  beforeAll(async () => {
    agent = await startDocumentAgent();
  });
  afterAll(async () => {
    await agent?.close();
  }, 240_000);

  it("reads execution, program and spindle speed, and prints the Device's identity", async () => {
    const url = `mtconnect://127.0.0.1:${agent.port}/VMC-3`;
    const run = await agentCli("probe", "--connection", url, "--profile", PROFILE);
    // Four DataItems are missing from this device: they read bad (each says why), so the probe
    // exits 3, "some signals bad" (probe --help).
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/^execution\s+ACTIVE\s+good$/m);
    expect(run.stdout).toMatch(/^controller_mode\s+AUTOMATIC\s+good$/m);
    expect(run.stdout).toMatch(/^program\s+O1001\s+good$/m);
    expect(run.stdout).toMatch(/^spindle_speed\s+4500\s+r\/min\s+good$/m);
    expect(run.stdout).toMatch(/^part_count\s+—\s+\{count\}\s+bad$/m);
    expect(run.stdout).toMatch(/^identity \(mtconnect-device\): /m);
    expect(run.stdout).toMatch(/^fingerprint: sha256:[0-9a-f]{64}$/m);
    expect(run.stdout).toContain('uuid="onramp-test-vmc-3"');
    expect(run.stdout).toContain('manufacturer="Onramp Test Works"');
  }, 240_000);
});

// The fixed documents carry no PART_COUNT; the MTConnect agent simulator (packages/simulators,
// fed by the CNC model) does, so the probe's part count is shown against it.
describe("onramp-agent probe (child process) against the MTConnect agent simulator", () => {
  let simulator: MtconnectAgentSimulator;
  beforeAll(async () => {
    simulator = await startMtconnectAgentSimulator({
      host: "127.0.0.1",
      port: 0,
      seed: 7,
      schedule: ALWAYS_ON,
    });
  });
  afterAll(async () => {
    await simulator?.stop();
  }, 240_000);

  it("reads execution, program, part count and spindle speed (rotary velocity), with the Device's identity", async () => {
    const url = `mtconnect://127.0.0.1:${simulator.port}/${simulator.device}`;
    const run = await agentCli("probe", "--connection", url, "--profile", PROFILE, "--json");
    expect([0, 3], run.stderr).toContain(run.code);
    const read = JSON.parse(run.stdout.trim()) as {
      identity: { method: string; fingerprint: string };
      samples: { signal: string; value: unknown; quality: string }[];
    };
    const bySignal = new Map(read.samples.map((s) => [s.signal, s]));
    expect(bySignal.get("execution")).toMatchObject({ quality: "good", value: expect.any(String) });
    expect(bySignal.get("program")).toMatchObject({ quality: "good", value: expect.any(String) });
    expect(bySignal.get("part_count")).toMatchObject({ quality: "good", value: expect.any(Number) });
    // This agent reports the spindle as ROTARY_VELOCITY (MTConnect ≥ 1.2), the documents above
    // as SPINDLE_SPEED: the profile maps both.
    expect(bySignal.get("rotary_velocity")).toMatchObject({ quality: "good", value: expect.any(Number) });
    expect(read.identity.method).toBe("mtconnect-device");
    expect(read.identity.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  }, 240_000);
});
