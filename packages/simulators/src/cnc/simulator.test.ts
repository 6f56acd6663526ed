import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadProfileFile, type Profile } from "@onramp/profiles";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALWAYS_ON, type ShiftSchedule } from "../behaviour/shift-schedule.js";
import { connectTestClient, type TestClient } from "../testing/opcua-test-client.js";
import { type CncSimulator, startCncSimulator } from "./simulator.js";

const LIBRARY = new URL("../../../../device-profiles/cnc_machine_tool/", import.meta.url).pathname;
const NEVER: ShiftSchedule = { workdays: [], shifts: [], utcOffsetMinutes: 0 };
const WELL_KNOWN = {
  machinery: "http://opcfoundation.org/UA/Machinery/",
  cnc: "http://opcfoundation.org/UA/CNC",
};

async function profile(file: string): Promise<Profile> {
  const loaded = await loadProfileFile(join(LIBRARY, file));
  if (!loaded.ok) throw new Error(`cannot load ${file}`);
  return loaded.profile;
}

/** Every browse path a profile reads: its signals and its identity fields. */
function browsePathsOf(p: Profile): string[] {
  const sources = [...p.signals.map((s) => s.source), ...Object.values(p.identity?.fields ?? {})];
  return sources.flatMap((s) => ("opcua" in s && s.opcua.browsePath ? [s.opcua.browsePath] : []));
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("CNC simulator (OPC 40501 / 40502)", () => {
  let pkiDir: string;
  let sim: CncSimulator;
  let client: TestClient;

  beforeAll(async () => {
    pkiDir = await mkdtemp(join(tmpdir(), "onramp-cnc-sim-"));
    sim = await startCncSimulator({
      pkiDir,
      machines: [{}, { behaviour: { schedule: NEVER } }],
      schedule: ALWAYS_ON,
      speed: 600,
      seed: 3,
    });
    client = await connectTestClient(sim.endpointUrl);
  });

  afterAll(async () => {
    await client?.close();
    await sim?.stop();
    await rm(pkiDir, { recursive: true, force: true });
  });

  it("exposes every browse path of both OPC 40501 profiles under each machine", async () => {
    for (const file of ["opcua-machine-tool.yaml", "opcua-machine-tool-1.02.yaml"]) {
      const p = await profile(file);
      for (const machine of sim.machines) {
        for (const path of browsePathsOf(p)) {
          const nodeId = await client.resolve(`${machine.rootBrowsePath}/${path}`, {
            ...WELL_KNOWN,
            ...p.namespaces,
          });
          expect(nodeId, `${file} ${machine.id} ${path}`).not.toBeNull();
        }
      }
    }
  });

  it("exposes every browse path of the OPC 40502 profile at its default root and under each machine", async () => {
    const p = await profile("opcua-cnc-system.yaml");
    const roots = [p.root ?? "", ...sim.machines.map((m) => m.cncInterfaceBrowsePath)];
    for (const root of roots) {
      for (const path of browsePathsOf(p)) {
        const nodeId = await client.resolve(`${root}/${path}`, { ...WELL_KNOWN, ...p.namespaces });
        expect(nodeId, `${root}/${path}`).not.toBeNull();
      }
    }
  });

  it("publishes the nameplate and counts parts as simulated time runs", async () => {
    const [first] = sim.machines;
    const mt = {
      mt: "http://opcfoundation.org/UA/MachineTool/",
      di: "http://opcfoundation.org/UA/DI/",
      ...WELL_KNOWN,
    };
    const serial = await client.resolve(`${first?.rootBrowsePath}/di:Identification/di:SerialNumber`, mt);
    expect((await client.read(serial ?? "")).value.value).toBe(first?.serialNumber);
    const parts = await client.resolve(
      `${first?.rootBrowsePath}/mt:Production/mt:Statistics/mt:PartsProducedInLifetime`,
      mt,
    );
    const start = (await client.read(parts ?? "")).value.value as number;
    await until(
      async () => (((await client.read(parts ?? "")).value.value as number) > start ? true : undefined),
      "a part",
    );
  });

  it("reports a powered-off machine's live state as Bad_OutOfService and keeps its counters readable", async () => {
    const off = sim.machines[1];
    const mt = { mt: "http://opcfoundation.org/UA/MachineTool/", ...WELL_KNOWN };
    const state = await client.resolve(
      `${off?.rootBrowsePath}/mt:Monitoring/mt:Channel1/mt:ChannelState`,
      mt,
    );
    expect((await client.read(state ?? "")).statusCode.name).toBe("BadOutOfService");
    const hours = await client.resolve(
      `${off?.rootBrowsePath}/mt:Monitoring/mt:MachineTool/mt:PowerOnDuration`,
      mt,
    );
    const read = await client.read(hours ?? "");
    expect(read.statusCode.name).toBe("Good");
    expect(read.value.value).toBe(8000);
  });
});
