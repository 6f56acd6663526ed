import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PymodbusServer, startPymodbus } from "../../../../test/peers/pymodbus.js";
import { waitFor } from "../../../../test/peers/wait.js";
import type { DriverCounters } from "../driver.js";
import { createModbusDriverFactory, type ModbusDriverFactory } from "./factory.js";
import { recordingSink, testContext, valuesOf } from "./testing/context.js";
import { compileTestProfile, type SignalInput } from "./testing/test-profile.js";

const signals: SignalInput[] = [0, 1, 2, 3, 8, 9, 10, 11, 30].map((address) => ({
  id: `r${address}`,
  role: "other",
  type: "integer",
  source: { modbus: { table: "holding", address, dataType: "uint16" } },
}));

describe("a device with holes in its register map (pymodbus sparse blocks)", () => {
  let server: PymodbusServer;
  let factory: ModbusDriverFactory;
  beforeAll(async () => {
    // Registers 4–7 and 30 do not exist: a read touching them answers 02 ILLEGAL DATA ADDRESS.
    server = await startPymodbus(
      { units: { 1: { holding: { 0: [1, 2, 3, 4], 8: [5, 6, 7, 8] } } } },
      { tcpPort: 0 },
    );
    factory = createModbusDriverFactory(testContext());
  });
  afterAll(async () => {
    await factory.close();
    await server.stop();
  });

  it("splits the coalesced block across the hole once, and later cycles use the split plan", async () => {
    const profile = compileTestProfile(signals, { defaults: { pollIntervalMs: 100, heartbeatMs: 60_000 } });
    // The planner reads through the 4-register hole (maxGap 10): one read 0+12, one read 30+1.
    expect(profile.readPlan[0]?.reads.map((r) => `${r.address}+${r.count}`)).toEqual(["0+12", "30+1"]);
    const created = factory.create({
      id: "holey",
      url: `modbus-tcp://127.0.0.1:${server.port}?unit=1`,
      profile,
    });
    if (!created.ok) throw new Error(created.error.message);
    const driver = created.value;
    const countersAtBatch: DriverCounters[] = [];
    const sink = recordingSink();
    driver.start({
      samples(device, samples) {
        countersAtBatch.push(driver.counters());
        sink.samples(device, samples);
      },
      state: sink.state,
      faults: (device, list) => sink.faults?.(device, list),
    });
    await waitFor("three poll cycles", () => sink.batches.length >= 3);
    await driver.close();

    const [first, second, third] = countersAtBatch;
    // Cycle 1: 0+12 refused, then 0+4 and 8+4; 30+1 refused and not splittable.
    expect(first).toMatchObject({ requests: 4, splits: 1, exceptions: 2 });
    // Cycles 2 and 3: the remembered halves straight away, and 30+1 (still refused).
    expect((second?.requests ?? 0) - (first?.requests ?? 0)).toBe(3);
    expect((third?.requests ?? 0) - (second?.requests ?? 0)).toBe(3);
    expect(third?.splits).toBe(1);

    const samples = sink.batches[2]?.samples ?? [];
    expect(valuesOf(samples)).toEqual({
      r0: 1,
      r1: 2,
      r2: 3,
      r3: 4,
      r8: 5,
      r9: 6,
      r10: 7,
      r11: 8,
      r30: null,
    });
    expect(samples.find((s) => s.signal === "r30")?.quality).toBe("bad");
    // Reported once as a signal fault, not again while it stays the same.
    expect(sink.faultLists).toHaveLength(1);
    expect(sink.faultLists[0]).toEqual([
      {
        signal: "r30",
        cause: {
          code: "ONRAMP_MODBUS_EXCEPTION",
          message: `device "holey" at modbus-tcp://127.0.0.1:${server.port}?unit=1: FC3 holding 30+1 refused with exception 02 ILLEGAL DATA ADDRESS`,
        },
      },
    ]);
    // A refused register is a profile problem, not a dead device: it stays connected.
    expect(sink.states.map((s) => s.state)).toEqual(["connecting", "connected"]);
  });
});
