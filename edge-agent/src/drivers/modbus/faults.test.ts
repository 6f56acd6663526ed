import type { IServiceVector } from "modbus-serial";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../../test/peers/ports.js";
import { waitFor } from "../../../../test/peers/wait.js";
import { createModbusDriverFactory, type ModbusDriverFactory } from "./factory.js";
import type { ModbusDriver } from "./modbus-driver.js";
import { recordingSink, testContext, valuesOf } from "./testing/context.js";
import { type FaultServer, modbusException, startFaultServer } from "./testing/fault-server.js";
import { compileTestProfile, type SignalInput } from "./testing/test-profile.js";

/** Unit ids of the fault server and what each does. */
const HEALTHY = 1;
const SLOW = 2;
const CAPS_AT_4 = 20;
const DROPS_CONNECTION = 30;
const SLOW_ANSWER_MS = 400;

function registersOf(
  address: number,
  length: number,
  unit: number,
  server: () => FaultServer,
): Promise<number[]> {
  if (unit === SLOW) {
    return new Promise((resolve) => setTimeout(() => resolve(values(address, length)), SLOW_ANSWER_MS));
  }
  if (unit === DROPS_CONNECTION) {
    server().dropConnections();
    return new Promise(() => {});
  }
  // A device that only serves 4 registers per request answers 03 ILLEGAL DATA VALUE beyond that.
  if (unit === CAPS_AT_4 && length > 4) return Promise.reject(modbusException(3));
  if (unit !== HEALTHY && unit !== CAPS_AT_4) return Promise.reject(modbusException(unit));
  return Promise.resolve(values(address, length));
}

function values(address: number, length: number): number[] {
  return Array.from({ length }, (_, i) => (address + i) * 10);
}

/** Callback-style handlers: ServerTCP turns an error passed to the callback into an exception response. */
function faultVector(server: () => FaultServer): IServiceVector {
  const answer = (
    address: number,
    length: number,
    unit: number,
    done: (err: Error | null, v: number[]) => void,
  ) => {
    registersOf(address, length, unit, server).then(
      (registers) => done(null, registers),
      (error: Error) => done(error, []),
    );
  };
  return {
    getHoldingRegister: (address: number, unit: number, done: (err: Error | null, v: number) => void) =>
      answer(address, 1, unit, (err, registers) => done(err, registers[0] ?? 0)),
    getMultipleHoldingRegisters: answer,
  };
}

function uint16At(...addresses: number[]): SignalInput[] {
  return addresses.map((address) => ({
    id: `r${address}`,
    role: "other",
    type: "integer",
    source: { modbus: { table: "holding", address, dataType: "uint16" } },
  }));
}

describe("Modbus faults injected with modbus-serial's ServerTCP", () => {
  let server: FaultServer;
  let factory: ModbusDriverFactory;
  const urlOf = (unit: number, extra = ""): string =>
    `modbus-tcp://127.0.0.1:${server.port}?unit=${unit}&timeout=300${extra}`;
  const create = (id: string, url: string, signals: SignalInput[], pollIntervalMs = 100): ModbusDriver => {
    const profile = compileTestProfile(signals, { defaults: { pollIntervalMs, heartbeatMs: 60_000 } });
    const created = factory.create({ id, url, profile });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  };

  beforeAll(async () => {
    server = await startFaultServer(faultVector(() => server));
    factory = createModbusDriverFactory(testContext(), {
      reconnect: { initialMs: 50, maxMs: 200 },
      degraded: { initialMs: 200, maxMs: 400 },
    });
  });
  afterAll(async () => {
    await factory.close();
    await server.close();
  });

  it.each([
    [4, "exception 04 SERVER DEVICE FAILURE"],
    [6, "exception 06 SERVER DEVICE BUSY"],
    [10, "exception 0A GATEWAY PATH UNAVAILABLE"],
    [11, "exception 0B GATEWAY TARGET DEVICE FAILED TO RESPOND"],
  ])("names exception %i and its name in the cause, with the device and its URL", async (unit, named) => {
    const url = urlOf(unit);
    const driver = create(`unit-${unit}`, url, uint16At(0, 1));
    const result = await driver.read();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("ONRAMP_MODBUS_EXCEPTION");
    expect(result.error.message).toContain(named);
    expect(result.error.message).toContain(`device "unit-${unit}" at ${url}`);
    await driver.close();
  });

  it("reports a slow answer as a timeout, and the late answer does not confuse the next request", async () => {
    const slow = create("slow", urlOf(SLOW), uint16At(0, 1));
    const healthy = create("healthy", urlOf(HEALTHY), uint16At(0, 1));
    const late = await slow.read();
    expect(late.ok ? "answered" : late.error.code).toBe("ONRAMP_MODBUS_TIMEOUT");
    expect(late.ok ? "" : late.error.message).toContain("no answer within 300 ms");
    // The slow answer lands while the healthy unit is being read on the same connection.
    for (let i = 0; i < 5; i++) {
      const fresh = await healthy.read();
      expect(fresh.ok ? valuesOf(fresh.value) : fresh.error).toEqual({ r0: 0, r1: 10 });
      await new Promise((resolve) => setTimeout(resolve, SLOW_ANSWER_MS / 5));
    }
    await slow.close();
    await healthy.close();
  });

  it("skips a silent unit for the rest of its cycle instead of waiting out every read", async () => {
    // Three reads per cycle (addresses too far apart to coalesce); the first one times out.
    const driver = create("slow-cycle", urlOf(SLOW), uint16At(0, 200, 400), 5_000);
    const sink = recordingSink();
    driver.start(sink);
    const down = await waitFor("disconnected", () => sink.states.find((s) => s.state === "disconnected"));
    expect(down.cause?.code).toBe("ONRAMP_MODBUS_TIMEOUT");
    expect(down.cause?.message).toContain("unit 2, FC3 holding 0+1");
    expect(driver.counters()).toMatchObject({ requests: 1, timeouts: 1, failedCycles: 1 });
    await driver.close();
  });

  it("splits reads down to what a device that caps its register count accepts (03), and remembers the splits", async () => {
    const driver = create("capped", urlOf(CAPS_AT_4), uint16At(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    const first = await driver.read();
    expect(first.ok ? valuesOf(first.value) : first.error).toEqual(
      Object.fromEntries(values(0, 10).map((v, i) => [`r${i}`, v])),
    );
    const afterFirst = driver.counters();
    expect(afterFirst?.splits).toBeGreaterThan(0);
    const second = await driver.read();
    expect(second.ok).toBe(true);
    const requests = (driver.counters()?.requests ?? 0) - (afterFirst?.requests ?? 0);
    // splitRead halves at the middle: 10 → 5 + 5 → 2 + 3 + 3 + 2, sent straight away, none refused.
    expect(afterFirst?.splits).toBe(3);
    expect(requests).toBe(4);
    expect(driver.counters()?.exceptions).toBe(afterFirst?.exceptions);
    await driver.close();
  });

  it("retries a dropped connection on a fresh one, then reports it lost; the next read reconnects", async () => {
    const dropping = create("dropping", urlOf(DROPS_CONNECTION), uint16At(0));
    const result = await dropping.read();
    expect(result.ok ? "answered" : result.error.code).toBe("ONRAMP_MODBUS_CONNECTION_LOST");
    expect(dropping.counters()?.retries).toBe(1);
    const healthy = create("after-drop", urlOf(HEALTHY), uint16At(5));
    const fresh = await healthy.read();
    expect(fresh.ok ? valuesOf(fresh.value) : fresh.error).toEqual({ r5: 50 });
    await dropping.close();
    await healthy.close();
  });

  it("reports a refused connection with its cause", async () => {
    const url = `modbus-tcp://127.0.0.1:${await freePort()}?unit=1&timeout=300`;
    const driver = create("nobody-home", url, uint16At(0));
    const sink = recordingSink();
    driver.start(sink);
    const down = await waitFor("disconnected", () => sink.states.find((s) => s.state === "disconnected"));
    expect(down.cause?.code).toBe("ONRAMP_MODBUS_CONNECTION_REFUSED");
    expect(down.cause?.message).toContain(`device "nobody-home" at ${url}`);
    await driver.close();
  });
});

describe("a ServerTCP that goes away and comes back", () => {
  it("marks the device disconnected, then resumes polling by itself on the same driver", async () => {
    let server = await startFaultServer(faultVector(() => server));
    const port = server.port;
    const factory = createModbusDriverFactory(testContext(), {
      reconnect: { initialMs: 50, maxMs: 200 },
      degraded: { initialMs: 100, maxMs: 300 },
    });
    const profile = compileTestProfile(uint16At(3), {
      defaults: { pollIntervalMs: 100, heartbeatMs: 60_000 },
    });
    const created = factory.create({
      id: "comes-back",
      url: `modbus-tcp://127.0.0.1:${port}?unit=1&timeout=300`,
      profile,
    });
    if (!created.ok) throw new Error(created.error.message);
    const sink = recordingSink();
    created.value.start(sink);
    await waitFor("first samples", () => sink.batches.length > 0);
    await server.close();
    const down = await waitFor("disconnected", () => sink.states.find((s) => s.state === "disconnected"));
    expect(["ONRAMP_MODBUS_CONNECTION_LOST", "ONRAMP_MODBUS_CONNECTION_REFUSED"]).toContain(down.cause?.code);
    server = await startFaultServer(
      faultVector(() => server),
      port,
    );
    const seen = sink.batches.length;
    await waitFor("samples after the return", () => sink.batches.length > seen, { timeoutMs: 5_000 });
    expect(sink.states.at(-1)?.state).toBe("connected");
    expect(valuesOf(sink.batches.at(-1)?.samples ?? [])).toEqual({ r3: 30 });
    await factory.close();
    await server.close();
  });
});
