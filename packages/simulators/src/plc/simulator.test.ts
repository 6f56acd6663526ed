import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadProfileFile } from "@onramp/profiles";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALWAYS_ON } from "../behaviour/shift-schedule.js";
import { connectTestClient, type TestClient } from "../testing/opcua-test-client.js";
import { PLC_APPLICATION_NAMESPACE, type PlcSimulator, startPlcSimulator } from "./simulator.js";

const PROFILE = new URL("../../../../device-profiles/plc/opcua-generic-plc.yaml", import.meta.url).pathname;

describe("PLC simulator", () => {
  let pkiDir: string;
  let sim: PlcSimulator;
  let client: TestClient;

  beforeAll(async () => {
    pkiDir = await mkdtemp(join(tmpdir(), "onramp-plc-sim-"));
    sim = await startPlcSimulator({ pkiDir, lines: 2, schedule: ALWAYS_ON, speed: 50 });
    client = await connectTestClient(sim.endpointUrl);
  });

  afterAll(async () => {
    await client?.close();
    await sim?.stop();
    await rm(pkiDir, { recursive: true, force: true });
  });

  it("serves every variable of the generic PLC profile under each line, in the profile's namespace", async () => {
    const loaded = await loadProfileFile(PROFILE);
    if (!loaded.ok) throw new Error("cannot load the PLC profile");
    expect(loaded.profile.namespaces?.app).toBe(PLC_APPLICATION_NAMESPACE);
    for (const line of sim.lines) {
      for (const signal of loaded.profile.signals) {
        const path = "opcua" in signal.source ? signal.source.opcua.browsePath : undefined;
        const nodeId = await client.resolve(
          `${line.rootBrowsePath}/${path}`,
          loaded.profile.namespaces ?? {},
        );
        expect(nodeId, `${line.id} ${path}`).not.toBeNull();
        expect((await client.read(nodeId ?? "")).statusCode.name).toBe("Good");
      }
    }
  });

  it("counts good parts as the line runs", async () => {
    const ns = { app: PLC_APPLICATION_NAMESPACE };
    const good = await client.resolve(`${sim.lines[0]?.rootBrowsePath}/app:GoodParts`, ns);
    const start = (await client.read(good ?? "")).value.value as number;
    const deadline = Date.now() + 20_000;
    let now = start;
    while (now <= start && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      now = (await client.read(good ?? "")).value.value as number;
    }
    expect(now).toBeGreaterThan(start);
  });
});
