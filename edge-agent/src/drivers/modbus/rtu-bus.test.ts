import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PymodbusServer, startPymodbus } from "../../../../test/peers/pymodbus.js";
import { type PtyPair, startPtyPair } from "../../../../test/peers/socat.js";
import { waitFor } from "../../../../test/peers/wait.js";
import { createModbusDriverFactory, type ModbusDriverFactory } from "./factory.js";
import type { ModbusDriver } from "./modbus-driver.js";
import { type Batch, recordingSink, testContext, valuesOf } from "./testing/context.js";
import { compileTestProfile } from "./testing/test-profile.js";

const INTERVAL_MS = 200;
const TIMEOUT_MS = 100;
const CYCLES_MEASURED = 12;

/** Intervals between consecutive sample batches, ms. */
function intervalsOf(batches: readonly Batch[]): number[] {
  return batches.slice(1).map((batch, i) => batch.at - (batches[i]?.at ?? batch.at));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

describe("two units on one RTU bus (socat pty pair, pymodbus RTU server)", () => {
  let pty: PtyPair;
  let server: PymodbusServer;
  let factory: ModbusDriverFactory;
  beforeAll(async () => {
    pty = await startPtyPair();
    server = await startPymodbus(
      { units: { 1: { holding: { 0: [11, 12, 13, 14] } }, 2: { holding: { 0: [21, 22, 23, 24] } } } },
      { serial: pty.server, baud: 19200 },
    );
    factory = createModbusDriverFactory(testContext(), { degraded: { initialMs: 800, maxMs: 1_600 } });
  });
  afterAll(async () => {
    await factory?.close();
    await server?.stop();
    await pty?.stop();
  });

  const create = (unit: number): ModbusDriver => {
    const profile = compileTestProfile(
      [0, 1, 2, 3].map((address) => ({
        id: `r${address}`,
        role: "other" as const,
        type: "integer" as const,
        source: { modbus: { table: "holding" as const, address, dataType: "uint16" as const } },
      })),
      { defaults: { pollIntervalMs: INTERVAL_MS, heartbeatMs: 60_000 } },
    );
    const url = `modbus-rtu://${pty.client}?baud=19200&parity=none&stopBits=1&unit=${unit}&timeout=${TIMEOUT_MS}`;
    const created = factory.create({ id: `unit-${unit}`, url, profile });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  };

  it("keeps unit 1 on its poll cadence within 10 % while unit 2 is silent, and takes unit 2 back when it answers", async () => {
    const unit1 = create(1);
    const unit2 = create(2);
    const sink1 = recordingSink();
    const sink2 = recordingSink();
    unit1.start(sink1);
    unit2.start(sink2);
    await waitFor("both units answering", () => sink1.batches.length >= 2 && sink2.batches.length >= 2);
    expect(valuesOf(sink2.batches[0]?.samples ?? [])).toEqual({ r0: 21, r1: 22, r2: 23, r3: 24 });

    await server.mute(2);
    const down = await waitFor("unit 2 disconnected", () =>
      sink2.states.find((s) => s.state === "disconnected"),
    );
    expect(down.cause?.code).toBe("ONRAMP_MODBUS_TIMEOUT");
    const from = sink1.batches.length;
    const failedBefore = unit2.counters().failedCycles ?? 0;
    await waitFor(
      `${CYCLES_MEASURED} cycles of unit 1`,
      () => sink1.batches.length > from + CYCLES_MEASURED,
      {
        timeoutMs: CYCLES_MEASURED * INTERVAL_MS * 3,
      },
    );
    const intervals = intervalsOf(sink1.batches.slice(from));
    const measured = `unit 1 intervals (ms): ${intervals.map((i) => i.toFixed(1)).join(", ")}`;
    expect(Math.abs(mean(intervals) / INTERVAL_MS - 1), measured).toBeLessThan(0.1);
    expect(Math.abs(median(intervals) / INTERVAL_MS - 1), measured).toBeLessThan(0.1);
    expect(sink1.states.map((s) => s.state)).toEqual(["connecting", "connected"]);
    // Unit 2 went to the degraded rate: far fewer attempts than unit 1's cycles meanwhile.
    expect((unit2.counters().failedCycles ?? 0) - failedBefore, measured).toBeLessThan(CYCLES_MEASURED / 2);

    await server.unmute(2);
    const answered = sink2.batches.length;
    await waitFor("unit 2 answering again", () => sink2.batches.length > answered, { timeoutMs: 5_000 });
    expect(sink2.states.at(-1)?.state).toBe("connected");
  });
});
