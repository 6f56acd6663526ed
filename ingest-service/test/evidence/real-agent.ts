// A real edge agent (edge-agent/bin) reading a Modbus PLC (pymodbus) or an idle OPC UA CNC (the
// CNC simulator), enrolled with an ingest started in-process: the fixture of the challenge tests
// against a real agent.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALWAYS_ON, type CncSimulator, startCncSimulator } from "@onramp/simulators";
import { parse, stringify } from "yaml";
import { stopChild } from "../../../test/peers/child.js";
import { type PymodbusServer, startPymodbus } from "../../../test/peers/pymodbus.js";
import { waitFor } from "../../../test/peers/wait.js";
import type { IngestConfigInput } from "../../src/config.js";
import { enrollmentToken, type Harness, startHarness } from "../helpers/harness.js";

const AGENT_BIN = new URL("../../../edge-agent/bin/onramp-agent.js", import.meta.url).pathname;

export const AGENT_ENT = "chal-co";
export const AGENT_GW = "gw-chal";
export const AGENT_DEV = "plc-1";

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

const CNC_PROFILE = new URL(
  "../../../device-profiles/cnc_machine_tool/opcua-machine-tool.yaml",
  import.meta.url,
).pathname;
/** The heartbeat of the idle CNC's profile copy: presence and completeness are judged on it. */
export const IDLE_CNC_HEARTBEAT_MS = 1000;

/**
 * What the agent reads: the Modbus PLC, or an OPC UA CNC that sits idle — the simulator advances
 * its machine once at start and never again (a tick every hour), so no value changes for the
 * whole test, read through the library's machine-tool profile with a one-second heartbeat.
 */
export type AgentDevice = "modbus-plc" | "idle-opcua-cnc";

export interface AgentFixture {
  h: Harness;
  /** A bureau API token. */
  bureau: string;
  /** Stops the agent (its gateway goes offline); idempotent. */
  stopAgent(): Promise<void>;
  close(): Promise<void>;
}

function runAgent(args: string[]): ChildProcess {
  return spawn(process.execPath, [AGENT_BIN, ...args], { stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * Starts pymodbus (part_count 17, spindle_speed 1200, serial 4242), the ingest with `config`,
 * enrolls gateway `gw-chal` of `chal-co` with the real agent, runs it and waits until its data
 * is in the store. Whatever started is stopped again if a later step fails.
 */
export async function startAgentFixture(
  config: Partial<IngestConfigInput> = {},
  kind: AgentDevice = "modbus-plc",
  /** The agent's `frames.version`: 2 (its default) or 1, as an agent set up for an older ingest. */
  contractVersion: 1 | 2 = 2,
): Promise<AgentFixture> {
  const dir = await mkdtemp(join(tmpdir(), "onramp-challenge-"));
  let plc: PymodbusServer | undefined;
  let cnc: CncSimulator | undefined;
  let h: Harness | undefined;
  let agent: ChildProcess | undefined;
  const stopAgent = async () => {
    const running = agent;
    agent = undefined;
    if (running) await stopChild(running);
  };
  const close = async () => {
    await stopAgent();
    await h?.close();
    await plc?.stop();
    await cnc?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await writeFile(join(dir, "plc.yaml"), stringify(PROFILE));
    const idle = parse(await readFile(CNC_PROFILE, "utf8")) as {
      id: string;
      defaults: { heartbeatMs: number };
    };
    idle.id = "onramp-test/idle-cnc";
    idle.defaults.heartbeatMs = IDLE_CNC_HEARTBEAT_MS;
    await writeFile(join(dir, "cnc.yaml"), stringify(idle));
    let connection: string;
    if (kind === "modbus-plc") {
      plc = await startPymodbus(
        { units: { 1: { holding: { 0: [17, 1200], 100: [4242] } } } },
        { tcpPort: 0 },
      );
      connection = `modbus-tcp://127.0.0.1:${plc.port}?unit=1&timeout=500`;
    } else {
      cnc = await startCncSimulator({
        pkiDir: join(dir, "cnc-pki"),
        machines: 1,
        schedule: ALWAYS_ON,
        tickMs: 3_600_000,
      });
      const root = encodeURIComponent(cnc.machines[0]?.rootBrowsePath ?? "");
      connection = `${cnc.endpointUrl}?root=${root}&publishingIntervalMs=200&keepAliveCount=5`;
    }
    h = await startHarness({ profilesDir: dir, ...config });
    const harness = h;
    const bureau = (await h.app.ingest.apiTokens.create({ role: "bureau", ent: null, name: "bureau" })).token;
    const token = await enrollmentToken(h, AGENT_ENT, AGENT_GW);
    const enroll = runAgent([
      "enroll",
      "--server",
      h.http,
      "--token",
      token,
      "--data-dir",
      join(dir, "data"),
    ]);
    const code = await new Promise((resolve) => enroll.once("exit", resolve));
    if (code !== 0) throw new Error(`onramp-agent enroll exited with ${String(code)}`);
    await writeFile(
      join(dir, "agent.yaml"),
      stringify({
        gateway: { dataDir: "data" },
        broker: { reconnectMinMs: 100, reconnectMaxMs: 500 },
        batch: { maxSamples: 50, maxAgeMs: 100 },
        frames: { version: contractVersion },
        status: { port: 0 },
        log: { level: "silent" },
        devices: [
          {
            id: AGENT_DEV,
            profile: kind === "modbus-plc" ? "plc.yaml" : "cnc.yaml",
            connection,
          },
        ],
      }),
    );
    agent = runAgent(["run", join(dir, "agent.yaml")]);
    await waitFor(
      "the agent's data in the store",
      async () => {
        const points = await harness.app.ingest.store.readSignal({
          ent: AGENT_ENT,
          gw: AGENT_GW,
          dev: AGENT_DEV,
          signal: kind === "modbus-plc" ? "spindle_speed" : "execution",
          from: Date.now() - 60_000,
          to: Date.now() + 1,
          limit: 10,
        });
        return points.length >= 2;
      },
      // The agent process loads node-opcua and builds its certificate first: slow on a loaded machine.
      { timeoutMs: kind === "modbus-plc" ? 30_000 : 120_000, intervalMs: 100 },
    );
    return { h, bureau, stopAgent, close };
  } catch (error) {
    await close();
    throw error;
  }
}
