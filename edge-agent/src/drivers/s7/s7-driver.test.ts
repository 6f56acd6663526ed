import { createRequire } from "node:module";
import type { Sample } from "@onramp/profiles";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../../test/peers/ports.js";
import { type Snap7Server, startSnap7 } from "../../../../test/peers/snap7.js";
import { waitFor } from "../../../../test/peers/wait.js";
import { recordingSink, testContext, valuesOf } from "../modbus/testing/context.js";
import { createS7DriverFactory, type S7DriverFactory } from "./factory.js";
import type { S7Driver } from "./s7-driver.js";
import { type FaultProxy, startFaultProxy } from "./testing/fault-proxy.js";
import { compileS7Profile, type SignalInput, s7Signal } from "./testing/test-profile.js";

const require = createRequire(import.meta.url);

/** nodes7 (plcpeople), an independent pure-JS S7 client: it checks that the peer serves what we think. */
interface NodeS7 {
  initiateConnection(opts: object, done: (err?: unknown) => void): void;
  addItems(items: string[]): void;
  readAllItems(done: (anythingBad: boolean, values: Record<string, unknown>) => void): void;
  dropConnection(done: () => void): void;
}

function readWithNodes7(port: number, items: string[]): Promise<Record<string, unknown>> {
  const NodeS7Class = require("nodes7") as new (opts: object) => NodeS7;
  const conn = new NodeS7Class({ silent: true });
  return new Promise((resolve, reject) => {
    conn.initiateConnection({ host: "127.0.0.1", port, rack: 0, slot: 1, timeout: 3000 }, (err) => {
      if (err) return reject(new Error(`nodes7 could not connect: ${String(err)}`));
      conn.addItems(items);
      conn.readAllItems((bad, values) =>
        conn.dropConnection(() => (bad ? reject(new Error("nodes7: bad values")) : resolve(values))),
      );
    });
  });
}

/** The part of node-snap7's S7Client (Snap7's own client) the cross-check uses. */
interface Snap7Client {
  readonly RemotePort: number;
  SetConnectionParams(host: string, localTsap: number, remoteTsap: number): boolean;
  SetParam(param: number, value: number): boolean;
  Connect(): boolean;
  CTRead(start: number, amount: number): Buffer;
  TMRead(start: number, amount: number): Buffer;
  Disconnect(): void;
}

const real = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatBE(n);
  return b;
};
const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const sampleOf = (samples: readonly Sample[], id: string) => samples.find((s) => s.signal === id);

const LINE_SIGNALS: SignalInput[] = [
  s7Signal("speed", "integer", { area: "db", db: 10, offset: 0, dataType: "int" }),
  s7Signal("temperature", "number", { area: "db", db: 10, offset: 4, dataType: "real" }),
  s7Signal("parts", "integer", { area: "db", db: 10, offset: 8, dataType: "dint" }),
  s7Signal("energy", "number", { area: "db", db: 10, offset: 12, dataType: "lreal" }),
  s7Signal("program", "string", { area: "db", db: 10, offset: 20, dataType: "string", length: 10 }),
  s7Signal("running", "boolean", { area: "m", offset: 2, bit: 0, dataType: "bool" }),
  s7Signal("fault", "boolean", { area: "m", offset: 2, bit: 3, dataType: "bool" }),
  s7Signal("door_closed", "boolean", { area: "i", offset: 0, bit: 1, dataType: "bool" }),
];

describe("S7 driver against Snap7's S7Server", () => {
  let server: Snap7Server;
  let factory: S7DriverFactory;
  const drivers: S7Driver[] = [];
  const create = (signals: SignalInput[], url: string, pollIntervalMs = 100): S7Driver => {
    const profile = compileS7Profile(signals, { defaults: { pollIntervalMs, heartbeatMs: 60_000 } });
    const created = factory.create({ id: `plc-${drivers.length}`, url, profile });
    if (!created.ok) throw new Error(created.error.message);
    drivers.push(created.value);
    return created.value;
  };
  const urlOf = (port: number, extra = "") => `s7://127.0.0.1:${port}?rack=0&slot=1&timeout=1500${extra}`;

  beforeAll(async () => {
    server = await startSnap7([
      { area: "db", index: 10, size: 64 },
      { area: "db", index: 20, size: 400 },
      { area: "m", size: 16 },
      { area: "i", size: 8 },
      { area: "c", size: 16 },
      { area: "t", size: 16 },
    ]);
    await server.set("db", 10, 0, int16(1450));
    await server.set("db", 10, 4, real(71.25));
    await server.set("db", 10, 8, Buffer.from([0x00, 0x01, 0xe2, 0x40])); // 123456
    const energy = Buffer.alloc(8);
    energy.writeDoubleBE(98765.4321);
    await server.set("db", 10, 12, energy);
    await server.set("db", 10, 20, Buffer.from([10, 5, ...Buffer.from("O1234")]));
    await server.set("m", 0, 2, Buffer.from([0b0000_1001]));
    await server.set("i", 0, 0, Buffer.from([0b0000_0010]));
    factory = createS7DriverFactory(testContext(), {
      failedCyclesBeforeDegraded: 3,
      degraded: { initialMs: 100, maxMs: 300 },
    });
  }, 30_000);

  afterAll(async () => {
    await factory?.close();
    await server?.stop();
  });

  it("reads DB values, merker and input bits and a REAL, and nodes7 reads the same from the peer", async () => {
    const driver = create(LINE_SIGNALS, urlOf(server.port));
    const read = await driver.read();
    if (!read.ok) throw new Error(read.error.message);
    expect(valuesOf(read.value)).toEqual({
      speed: 1450,
      temperature: 71.25,
      parts: 123456,
      energy: 98765.4321,
      program: "O1234",
      running: true,
      fault: true,
      door_closed: true,
    });
    expect(read.value.every((s) => s.quality === "good")).toBe(true);
    const other = await readWithNodes7(server.port, [
      "DB10,INT0",
      "DB10,REAL4",
      "DB10,DINT8",
      "M2.0",
      "M2.3",
      "I0.1",
    ]);
    expect(other).toEqual({
      "DB10,INT0": 1450,
      "DB10,REAL4": 71.25,
      "DB10,DINT8": 123456,
      "M2.0": true,
      "M2.3": true,
      "I0.1": true,
    });
  });

  it("reads the counters Snap7's own client reads", async () => {
    await server.set("c", 0, 0, Buffer.from([0x01, 0x23, 0x04, 0x56]));
    const client = new (require("node-snap7") as { S7Client: new () => Snap7Client }).S7Client();
    client.SetConnectionParams("127.0.0.1", 0x0100, 0x0101);
    client.SetParam(client.RemotePort, server.port);
    expect(client.Connect()).toBe(true);
    const theirs = [0, 2].map((n) => client.CTRead(n, 1).readUInt16BE(0) & 0x0fff);
    client.Disconnect();
    // One counter per read: Snap7's server places counter N at byte N/2 of its counter area (its own
    // client reads the same), so only single-counter items compare with a CPU's layout.
    const ours: number[] = [];
    for (const n of [0, 2]) {
      const driver = create(
        [s7Signal(`c${n}`, "integer", { area: "c", offset: n, dataType: "counter" })],
        urlOf(server.port),
      );
      const read = await driver.read();
      if (!read.ok) throw new Error(read.error.message);
      ours.push(read.value[0]?.value as number);
    }
    // Counters are BCD (S7 manual, "Counter"): 0x123 reads 123.
    const bcd = (word: number) => Number.parseInt(word.toString(16), 10);
    expect(ours).toEqual(theirs.map(bcd));
    expect(ours[0]).toBe(123);
  });

  it("reads the timers Snap7's own client reads, as S5TIME in milliseconds", async () => {
    // S5TIME (S7 manual, "S5TIME"): bits 12–13 the time base (10 ms, 100 ms, 1 s, 10 s), bits
    // 0–11 three BCD digits. 0x2123 is 123 × 1 s.
    await server.set("t", 0, 0, Buffer.from([0x21, 0x23, 0x00, 0x45]));
    const client = new (require("node-snap7") as { S7Client: new () => Snap7Client }).S7Client();
    client.SetConnectionParams("127.0.0.1", 0x0100, 0x0101);
    client.SetParam(client.RemotePort, server.port);
    expect(client.Connect()).toBe(true);
    const theirs = [0, 2].map((n) => client.TMRead(n, 1).readUInt16BE(0));
    client.Disconnect();
    // One timer per read, as for counters: Snap7's server places timer N at byte N/2 (its own
    // client reads the same), so only single-timer items compare with a CPU's layout.
    const ours: number[] = [];
    for (const n of [0, 2]) {
      const driver = create(
        [s7Signal(`t${n}`, "integer", { area: "t", offset: n, dataType: "timer" })],
        urlOf(server.port),
      );
      const read = await driver.read();
      if (!read.ok) throw new Error(read.error.message);
      expect(read.value[0]?.quality).toBe("good");
      ours.push(read.value[0]?.value as number);
    }
    const s5time = (word: number) =>
      Number.parseInt((word & 0x0fff).toString(16), 10) * ([10, 100, 1000, 10_000][(word >> 12) & 3] ?? 0);
    expect(ours).toEqual(theirs.map(s5time));
    expect(ours[0]).toBe(123_000);
  });

  it("follows values the PLC program changes while it polls", async () => {
    const driver = create(LINE_SIGNALS.slice(0, 2), urlOf(server.port));
    const sink = recordingSink();
    driver.start(sink);
    await server.set("db", 10, 4, real(-3.5));
    await waitFor("the new REAL", () =>
      sink.batches.some((b) => sampleOf(b.samples, "temperature")?.value === -3.5),
    );
    expect(sink.states.map((s) => s.state)).toContain("connected");
    await server.set("db", 10, 4, real(71.25));
  });

  it("reads a 50-signal scattered DB map in a handful of requests instead of 50", async () => {
    const offsets = Array.from({ length: 50 }, (_, i) => i * 7 + (i % 3));
    const signals = offsets.map((offset, i) =>
      s7Signal(`v${i}`, "integer", { area: "db", db: 20, offset, dataType: i % 2 ? "int" : "byte" }),
    );
    for (const [i, offset] of offsets.entries())
      await server.set("db", 20, offset, i % 2 ? int16(-i) : Buffer.from([i]));
    const driver = create(signals, urlOf(server.port));
    const read = await driver.read();
    if (!read.ok) throw new Error(read.error.message);
    expect(valuesOf(read.value)).toEqual(
      Object.fromEntries(offsets.map((_, i) => [`v${i}`, i % 2 ? -i : i])),
    );
    const requests = driver.counters().requests ?? 0;
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(2);
  });

  it("reads the CPU's identity from the SZL: order number, serial number, module name", async () => {
    const driver = create(LINE_SIGNALS.slice(0, 1), urlOf(server.port));
    const first = await driver.readIdentity();
    const second = await driver.readIdentity();
    if (!first.ok || !second.ok) throw new Error("identity read failed");
    // What Snap7's server answers for SZL 0x0011 and 0x001C (its built-in CPU 315-2 PN/DP lists).
    expect(first.value.fields).toMatchObject({
      orderNumber: "6ES7 315-2EH14-0AB0",
      moduleName: "CPU 315-2 PN/DP",
      serialNumber: "S C-C2UR28922012",
    });
    expect(first.value.method).toBe("s7-szl");
    expect(second.value.fingerprint).toBe(first.value.fingerprint);
  });

  it("reads the identity at the smallest PDU (240), where Snap7 cuts SZL 0x001C short instead of fragmenting it", async () => {
    // Snap7's server answers SZL 0x001C with 6 of its 10 records when they do not fit a 240-byte
    // PDU, flagged as the last data unit (no follow-up fragment to ask for): records 1–6 still
    // hold the module name (2) and the serial number (5), so the identity is the same.
    const small = create(LINE_SIGNALS.slice(0, 1), urlOf(server.port, "&pduSize=240"));
    const big = create(LINE_SIGNALS.slice(0, 1), urlOf(server.port, "&pduSize=960"));
    const [a, b] = [await small.readIdentity(), await big.readIdentity()];
    if (!a.ok || !b.ok) throw new Error("identity read failed");
    expect(a.value.fields).toMatchObject({ moduleName: "CPU 315-2 PN/DP", serialNumber: "S C-C2UR28922012" });
    expect(a.value.fingerprint).toBe(b.value.fingerprint);
  });

  it("reports a missing DB and an address past a DB's end as bad signals, keeps the others, and remembers the split", async () => {
    const driver = create(
      [
        s7Signal("first", "integer", { area: "db", db: 10, offset: 0, dataType: "int" }),
        s7Signal("last_word", "integer", { area: "db", db: 10, offset: 62, dataType: "int" }),
        // DB10 is 64 bytes long: this one ends past it, close enough to be coalesced with the others.
        s7Signal("past_end", "integer", { area: "db", db: 10, offset: 66, dataType: "int" }),
        s7Signal("no_db", "integer", { area: "db", db: 99, offset: 0, dataType: "int" }),
      ],
      urlOf(server.port),
    );
    const sink = recordingSink();
    driver.start(sink);
    await waitFor("three cycles", () => (driver.counters().cycles ?? 0) >= 3 && sink.faultLists.length > 0);
    const last = sink.batches.at(-1)?.samples ?? [];
    expect(sampleOf(last, "first")).toMatchObject({ value: 1450, quality: "good" });
    expect(sampleOf(last, "last_word")).toMatchObject({ quality: "good" });
    expect(sampleOf(last, "past_end")).toMatchObject({ value: null, quality: "bad" });
    expect(sampleOf(last, "no_db")).toMatchObject({ value: null, quality: "bad" });
    const faults = sink.faultLists.at(-1) ?? [];
    expect(Object.fromEntries(faults.map((f) => [f.signal, f.cause.code]))).toEqual({
      past_end: "ONRAMP_S7_ITEM_ERROR",
      no_db: "ONRAMP_S7_ITEM_ERROR",
    });
    expect(faults.find((f) => f.signal === "past_end")?.cause.message).toContain(
      "0x05 (address out of range)",
    );
    expect(faults.find((f) => f.signal === "no_db")?.cause.message).toContain("0x0a (object does not exist)");
    // Split once, then read value by value: no new split on later cycles.
    expect(driver.counters().splits).toBe(1);
    expect(sink.states.some((s) => s.state === "disconnected")).toBe(false);
  });

  it("reports an unreachable PLC as disconnected with the cause, and keeps trying", async () => {
    const port = await freePort();
    const driver = create(LINE_SIGNALS.slice(0, 1), urlOf(port));
    const sink = recordingSink();
    driver.start(sink);
    const down = await waitFor("disconnected", () => sink.states.find((s) => s.state === "disconnected"));
    expect(down.cause?.code).toBe("ONRAMP_S7_CONNECTION_REFUSED");
    expect(down.cause?.message).toContain(`device "${driver.device}" at s7://127.0.0.1:${port}`);
    await waitFor("retries", () => (driver.counters().cycles ?? 0) >= 2);
    expect(sink.batches).toHaveLength(0);
  });

  describe("behind a fault proxy (faults Snap7 cannot produce itself)", () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy(server.port);
    });
    afterAll(async () => {
      await proxy?.close();
    });

    it("packs its jobs to the smaller PDU the CPU agrees to, never to the one it asked for", async () => {
      proxy.agreePdu(240);
      const offsets = Array.from({ length: 30 }, (_, i) => i * 12);
      const signals = offsets.map((offset, i) =>
        s7Signal(`w${i}`, "integer", { area: "db", db: 20, offset, dataType: "int" }),
      );
      for (const [i, offset] of offsets.entries()) await server.set("db", 20, offset, int16(1000 + i));
      const driver = create(signals, urlOf(proxy.port, "&pduSize=480"));
      const before = proxy.readRequests;
      const read = await driver.read();
      proxy.agreePdu(undefined);
      if (!read.ok) throw new Error(read.error.message);
      expect(valuesOf(read.value)).toEqual(Object.fromEntries(offsets.map((_, i) => [`w${i}`, 1000 + i])));
      expect(driver.counters().pduSize).toBe(240);
      expect(proxy.largestRequest).toBeLessThanOrEqual(240 + 7);
      // 360 bytes of DB20 do not fit one 240-byte answer: two jobs at least.
      expect(proxy.readRequests - before).toBeGreaterThanOrEqual(2);
    });

    it("reports a connection dropped mid-read as lost, then reconnects and reads again", async () => {
      const driver = create(LINE_SIGNALS.slice(0, 2), urlOf(proxy.port));
      const sink = recordingSink();
      driver.start(sink);
      await waitFor("connected", () => sink.states.some((s) => s.state === "connected"));
      proxy.dropNextRead();
      const lost = await waitFor("disconnected", () => sink.states.find((s) => s.state === "disconnected"));
      expect(lost.cause?.code).toBe("ONRAMP_S7_CONNECTION_LOST");
      const batchesBefore = sink.batches.length;
      await waitFor("connected again", () => sink.states.filter((s) => s.state === "connected").length >= 2);
      await waitFor("values again", () => sink.batches.length > batchesBefore);
      expect(driver.counters().connects).toBeGreaterThanOrEqual(2);
    });
  });
});
