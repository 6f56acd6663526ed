import { describe, expect, it } from "vitest";
import { Profile } from "./profile.js";

function issues(signal: object, extra: object = {}): string[] {
  const result = Profile.safeParse({
    schemaVersion: 1,
    id: "acme/x1",
    version: "1.0.0",
    vendor: "Acme",
    model: "X1",
    class: "plc",
    protocol: "opcua" in (signal as { source: object }).source ? "opcua" : "modbus",
    source: { kind: "standard", document: "test map" },
    signals: [{ id: "s", role: "other", type: "number", ...signal }],
    ...extra,
  });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("Profile schema cross-checks", () => {
  it("takes a sparkplug section mapping metrics and template members to its signals, refusing unknown ones", () => {
    const signal = { source: { modbus: { table: "holding", address: 0, dataType: "uint16" } } };
    const sparkplug = { metrics: { "Line/Speed": "s" }, templates: { Motor: { Rpm: "s" } } };
    expect(issues(signal, { sparkplug })).toEqual([]);
    expect(issues(signal, { sparkplug: { metrics: { "Line/Speed": "nope" } } })).toEqual([
      'sparkplug: sparkplug maps to unknown signal "nope"',
    ]);
    expect(issues(signal, { sparkplug: { metrics: {} } })).toEqual([
      "sparkplug: a sparkplug mapping names at least one metric or template member",
    ]);
  });

  it("takes a nameplate identity without fields, and refuses fields on it (nothing is read)", () => {
    const signal = { source: { modbus: { table: "holding", address: 0, dataType: "uint16" } } };
    expect(issues(signal, { identity: { method: "nameplate" } })).toEqual([]);
    const serial = { modbus: { table: "holding", address: 10, dataType: "uint32" } };
    expect(issues(signal, { identity: { method: "nameplate", fields: { serial_number: serial } } })).toEqual([
      "identity.fields: a nameplate identity reads nothing from the device: the serial comes from the agent config",
    ]);
  });

  it("reports an address past 65535 once, and a value running past the last register", () => {
    expect(issues({ source: { modbus: { table: "holding", address: 70000, dataType: "uint16" } } })).toEqual([
      "signals.0.source.modbus.address: Too big: expected number to be <=65535",
    ]);
    expect(issues({ source: { modbus: { table: "holding", address: 65535, dataType: "float32" } } })).toEqual(
      ["signals.0.source.modbus.address: value runs past register 65535"],
    );
  });

  it("refuses a value wider than workarounds.maxRegistersPerRead, which the planner could not read", () => {
    const signal = {
      type: "string",
      source: { modbus: { table: "holding", address: 0, dataType: "string", length: 10 } },
    };
    expect(issues(signal, { workarounds: { maxRegistersPerRead: 8 } })).toEqual([
      "signals.0.source.modbus: this value spans 10 registers, more than workarounds.maxRegistersPerRead (8)",
    ]);
  });

  it("lets a string register feed only a string or enum signal", () => {
    const source = { modbus: { table: "holding", address: 0, dataType: "string", length: 4 } };
    expect(issues({ source })).toEqual([
      "signals.0.type: a string register feeds a string or enum signal only",
    ]);
    expect(issues({ type: "string", source })).toEqual([]);
  });

  it("names each undeclared namespace alias of a browse path once", () => {
    expect(
      issues({ source: { opcua: { browsePath: "mt:A/mt:B/di:C" } } }, { namespaces: { di: "urn:di" } }),
    ).toEqual(['signals.0.source.opcua.browsePath: namespace alias "mt" is not declared in namespaces']);
  });
});
