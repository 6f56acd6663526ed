import { fileURLToPath } from "node:url";
import { type CompiledProfile, compileProfile, EXECUTION_STATES, loadProfileFile } from "@onramp/profiles";
import { ALWAYS_ON, type MtconnectAgentSimulator, startMtconnectAgentSimulator } from "@onramp/simulators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../../../test/peers/wait.js";
import { recordingSink, testContext, valuesOf } from "../modbus/testing/context.js";
import { createMtconnectDriverFactory } from "./factory.js";

const PROFILE = fileURLToPath(
  new URL("../../../../device-profiles/cnc_machine_tool/mtconnect-machine-tool.yaml", import.meta.url),
);

describe("MTConnect driver against the demo's simulated agent (a live buffer)", () => {
  let profile: CompiledProfile;
  let agent: MtconnectAgentSimulator;
  const factory = createMtconnectDriverFactory(testContext(), { degraded: { initialMs: 50, maxMs: 200 } });
  beforeAll(async () => {
    const loaded = await loadProfileFile(PROFILE);
    if (!loaded.ok) throw new Error(`cannot load ${PROFILE}`);
    profile = compileProfile(loaded.profile);
    agent = await startMtconnectAgentSimulator({
      host: "127.0.0.1",
      port: 0,
      seed: 3,
      schedule: ALWAYS_ON,
      updateMs: 50,
    });
  });
  afterAll(async () => {
    await factory.close();
    await agent?.stop();
  });
  const create = (id: string, port: number, query = "interval=50") => {
    const created = factory.create({ id, url: `mtconnect://127.0.0.1:${port}/VMC-1?${query}`, profile });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  };

  it("reads execution, program, part count and spindle speed, and the Device's identity", async () => {
    const driver = create("vmc-read", agent.port);
    const read = await driver.read();
    if (!read.ok) throw new Error(read.error.message);
    const values = valuesOf(read.value);
    const machine = agent.snapshot();
    expect(EXECUTION_STATES).toContain(values.execution);
    expect(values.program).toBe(machine.program.name);
    expect(values.part_count).toBe(machine.partCount);
    expect(typeof values.rotary_velocity).toBe("number");
    expect(values.system_condition).toMatch(/^(NORMAL|FAULT)$/);
    const identity = await driver.readIdentity();
    if (!identity.ok) throw new Error(identity.error.message);
    expect(identity.value.fields).toEqual({
      uuid: "onramp-sim-vmc-1-3",
      manufacturer: "Onramp",
      model: "Simulated VMC",
      serialNumber: "SIM000003",
    });
  });

  it("reports an agent restart on the same port as a gap, then reads the new instance", async () => {
    const first = await startMtconnectAgentSimulator({
      host: "127.0.0.1",
      port: 0,
      seed: 5,
      schedule: ALWAYS_ON,
    });
    const port = first.port;
    const driver = create("vmc-restart", port);
    const sink = recordingSink();
    driver.start(sink);
    await waitFor("connected", () => sink.states.some((s) => s.state === "connected"));
    await first.stop();
    const second = await startMtconnectAgentSimulator({
      host: "127.0.0.1",
      port,
      seed: 5,
      schedule: ALWAYS_ON,
    });
    try {
      const restart = await waitFor(
        "the restart gap",
        () => sink.states.find((s) => s.cause?.code === "ONRAMP_MTCONNECT_AGENT_RESTARTED"),
        { timeoutMs: 20_000 },
      );
      expect(restart.state).toBe("disconnected");
      await waitFor("connected again", () => sink.states.at(-1)?.state === "connected", {
        timeoutMs: 20_000,
      });
      await driver.close();
    } finally {
      await second.stop();
    }
  });
});
