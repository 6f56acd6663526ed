import { fileURLToPath } from "node:url";
import { compileProfile, EXECUTION_STATES, loadProfileFile } from "@onramp/profiles";
import { ALWAYS_ON, type S7LineSimulator, startS7LineSimulator } from "@onramp/simulators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testContext, valuesOf } from "../modbus/testing/context.js";
import { createS7DriverFactory } from "./factory.js";

const PROFILE = fileURLToPath(
  new URL("../../../../device-profiles/plc/siemens-s7-1200-1500.yaml", import.meta.url),
);

describe("S7 driver against the demo's simulated S7 line (Snap7 serving DB100)", () => {
  let line: S7LineSimulator;
  const factory = createS7DriverFactory(testContext());
  beforeAll(async () => {
    line = await startS7LineSimulator({
      host: "127.0.0.1",
      port: 0,
      seed: 2,
      schedule: ALWAYS_ON,
      updateMs: 100,
    });
  });
  afterAll(async () => {
    await factory.close();
    await line?.stop();
  });

  it("reads the line's PackML state, counters and recipe with the shipped template, and the CPU identity", async () => {
    const loaded = await loadProfileFile(PROFILE);
    if (!loaded.ok) throw new Error(`cannot load ${PROFILE}`);
    const created = factory.create({
      id: "plc-s7-1",
      url: `s7://127.0.0.1:${line.port}`,
      profile: compileProfile(loaded.profile),
    });
    if (!created.ok) throw new Error(created.error.message);
    const before = line.snapshot();
    const read = await created.value.read();
    if (!read.ok) throw new Error(read.error.message);
    const values = valuesOf(read.value);
    expect(EXECUTION_STATES).toContain(values.execution);
    expect(values.part_count).toBeGreaterThanOrEqual(before.goodParts);
    expect(values.recipe_name).toBe("RCP-102");
    expect(values.last_cycle_end).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    expect(read.value.every((s) => s.quality !== "bad")).toBe(true);
    const identity = await created.value.readIdentity();
    expect(identity.ok && identity.value.fields.orderNumber).toBe("6ES7 315-2EH14-0AB0");
  });
});
