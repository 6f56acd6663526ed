import { describe, expect, it } from "vitest";
import { Profile, type ProfileInput } from "../schema/profile.js";
import { compileProfile } from "./compile-profile.js";

const AT = 1_764_072_000_000;

function modbusProfile(signals: object[], extra: Partial<ProfileInput> = {}) {
  return compileProfile(
    Profile.parse({
      schemaVersion: 1,
      id: "acme/meter-1",
      version: "1.0.0",
      vendor: "Acme",
      model: "Meter 1",
      class: "energy_meter",
      protocol: "modbus",
      source: { kind: "template", document: "test profile", note: "none" },
      signals,
      ...extra,
    }),
  );
}
const hr = (address: number, dataType = "uint16", extra: object = {}) => ({
  modbus: { table: "holding", address, dataType, ...extra },
});
const num = (id: string, source: object, extra: object = {}) => ({
  id,
  role: "other",
  type: "number",
  source,
  ...extra,
});

describe("compileProfile().decode", () => {
  it("applies engineering = raw × scale + offset without binary noise", () => {
    const p = modbusProfile([
      num("v", hr(0), { scale: 0.1 }),
      num("t", hr(1, "int16"), { scale: 0.5, offset: -40 }),
    ]);
    expect(p.decode("v", [2301], AT)).toEqual({ signal: "v", value: 230.1, quality: "good", sourceTs: AT });
    expect(p.decode("t", [0xfffe], AT)).toMatchObject({ value: -41, quality: "good" });
  });

  it("flags a value outside its range as uncertain, never clamping it", () => {
    const p = modbusProfile([num("speed", hr(0), { range: [0, 12000] })]);
    expect(p.decode("speed", [12000], AT)).toEqual({
      signal: "speed",
      value: 12000,
      quality: "good",
      sourceTs: AT,
    });
    expect(p.decode("speed", [65000], AT)).toEqual({
      signal: "speed",
      value: 65000,
      quality: "uncertain",
      sourceTs: AT,
      outOfRange: true,
    });
  });

  it("requires an integral result for integer signals, else quality uncertain", () => {
    const p = modbusProfile([
      { id: "parts", role: "part_count", type: "integer", scale: 0.1, source: hr(0) },
      { id: "raw", role: "counter", type: "integer", source: hr(2, "float32") },
    ]);
    expect(p.decode("parts", [30], AT)).toMatchObject({ value: 3, quality: "good" });
    expect(p.decode("parts", [35], AT)).toMatchObject({ value: 3.5, quality: "uncertain" });
    expect(p.decode("raw", [0x3fc0, 0], AT)).toMatchObject({ value: 1.5, quality: "uncertain" });
  });

  it("maps enum raw values to labels, keeping an unknown one as text with quality uncertain", () => {
    const p = modbusProfile([
      { id: "mode", role: "other", type: "enum", enum: { 0: "OFF", 1: "RUN", 2: "FAULT" }, source: hr(0) },
    ]);
    expect(p.decode("mode", [1], AT)).toMatchObject({ value: "RUN", quality: "good" });
    expect(p.decode("mode", [9], AT)).toMatchObject({ value: "9", quality: "uncertain" });
  });

  it("makes booleans from bits and from 0/1 registers, flagging other numbers", () => {
    const p = modbusProfile([
      { id: "run", role: "other", type: "boolean", source: hr(0, "bit", { bit: 3 }) },
      { id: "door", role: "other", type: "boolean", source: hr(1) },
      {
        id: "estop",
        role: "emergency_stop",
        type: "boolean",
        source: { modbus: { table: "coil", address: 0, dataType: "bool" } },
      },
    ]);
    expect(p.decode("run", [0b1000], AT)).toMatchObject({ value: true, quality: "good" });
    expect(p.decode("door", [0], AT)).toMatchObject({ value: false, quality: "good" });
    expect(p.decode("door", [2], AT)).toMatchObject({ value: true, quality: "uncertain" });
    expect(p.decode("estop", [true], AT)).toMatchObject({ value: true, quality: "good" });
  });

  it("reports NaN and infinities as bad, since a sample cannot carry them", () => {
    const p = modbusProfile([num("p", hr(0, "float32"))]);
    expect(p.decode("p", [0x7fc0, 0], AT)).toMatchObject({
      value: null,
      quality: "bad",
      error: { code: "ONRAMP_DECODE_NOT_FINITE" },
    });
  });

  it("reports too few registers as a bad sample, not an exception", () => {
    const p = modbusProfile([num("p", hr(0, "float32"))]);
    expect(p.decode("p", [1], AT)).toMatchObject({
      value: null,
      quality: "bad",
      error: { code: "ONRAMP_DECODE_SHAPE" },
    });
  });

  it("throws on a signal id the profile does not have (a caller bug)", () => {
    expect(() => modbusProfile([num("p", hr(0))]).decode("nope", [1], AT)).toThrow(/no signal "nope"/);
  });
});

describe("compileProfile().decodeModbusRead", () => {
  it("slices each signal's registers out of the block of a planned read", () => {
    const p = modbusProfile([
      num("a", hr(10, "float32")),
      num("b", hr(12), { scale: 0.01 }),
      { id: "ready", role: "other", type: "boolean", source: hr(14, "bit", { bit: 0 }) },
    ]);
    const [group] = p.readPlan;
    const [read] = group?.reads ?? [];
    expect(read).toMatchObject({ table: "holding", address: 10, count: 5 });
    if (!read) return;
    expect(p.decodeModbusRead(read, [0x4366, 0, 12345, 0, 1], AT)).toEqual([
      { signal: "a", value: 230, quality: "good", sourceTs: AT },
      { signal: "b", value: 123.45, quality: "good", sourceTs: AT },
      { signal: "ready", value: true, quality: "good", sourceTs: AT },
    ]);
    expect(p.decodeModbusRead(read, [0x4366, 0, 12345], AT).map((s) => s.quality)).toEqual([
      "good",
      "good",
      "bad",
    ]);
  });

  it("plans reads once per poll interval, honouring the profile's workarounds", () => {
    const p = modbusProfile([num("fast", hr(0), { pollIntervalMs: 100 }), num("a", hr(1)), num("b", hr(3))], {
      workarounds: { maxGap: 0 },
    });
    expect(p.readPlan.map((g) => [g.intervalMs, g.reads.map((r) => r.address)])).toEqual([
      [100, [0]],
      [1000, [1, 3]],
    ]);
  });
});

describe("compileProfile().decode for OPC UA", () => {
  const p = compileProfile(
    Profile.parse({
      schemaVersion: 1,
      id: "acme/cnc-5",
      version: "1.0.0",
      vendor: "Acme",
      model: "CNC 5",
      class: "cnc_machine_tool",
      protocol: "opcua",
      source: { kind: "standard", document: "OPC 40501-1" },
      namespaces: { mt: "http://opcfoundation.org/UA/MachineTool/" },
      signals: [
        {
          id: "override",
          role: "feed_override",
          type: "number",
          unit: "%",
          source: { opcua: { browsePath: "mt:Monitoring/mt:FeedOverride" } },
        },
        {
          id: "execution",
          role: "execution",
          type: "enum",
          enum: { 0: "ACTIVE", 1: "READY", 2: "STOPPED" },
          source: { opcua: { nodeId: "ns=3;s=Machine.State" } },
        },
      ],
    }),
  );

  it("maps Int32 enumerations, keeps the device timestamp and drops bad values", () => {
    expect(p.decode("execution", { value: { dataType: "Int32", value: 2 } }, AT)).toMatchObject({
      value: "STOPPED",
      quality: "good",
      sourceTs: AT,
    });
    const dv = {
      value: { dataType: 11, value: 95 },
      statusCode: { value: 0x40000000 },
      sourceTimestamp: new Date(5),
    };
    expect(p.decode("override", dv, AT)).toEqual({
      signal: "override",
      value: 95,
      quality: "uncertain",
      sourceTs: 5,
    });
    expect(p.decode("override", { value: { dataType: 11, value: 95 }, statusCode: 0x80000000 }, AT)).toEqual({
      signal: "override",
      value: null,
      quality: "bad",
      sourceTs: AT,
    });
  });

  it("gives a bad sample with a typed error for registers handed to an OPC UA signal", () => {
    expect(p.decode("override", [1, 2], AT)).toMatchObject({
      quality: "bad",
      error: { code: "ONRAMP_DECODE_SHAPE" },
    });
  });
});
