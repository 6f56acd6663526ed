import { describe, expect, it } from "vitest";
import { loadProfileFile, parseProfile } from "./parse-profile.js";
import { formatPath, formatProfileError } from "./profile-error.js";

const VALID = `schemaVersion: 1
id: acme/meter-1
version: 1.0.0
vendor: Acme
model: Meter 1
class: energy_meter
protocol: modbus
source: { kind: vendor-document, document: "Acme Meter 1 Modbus map, rev 3" }
signals:
  - id: voltage_l1
    role: voltage
    type: number
    unit: V
    source:
      modbus: { table: input, address: 0, dataType: float32 }
  - id: state
    role: other
    type: enum
    enum: { 0: "OFF", 1: "ON" }
    source:
      modbus: { table: holding, address: 4096, dataType: uint16 }
`;

const lines = (text: string) => {
  const result = parseProfile(text, "x.yaml");
  return result.ok ? [] : result.errors.map(formatProfileError);
};

describe("parseProfile", () => {
  it("loads a valid profile, filling the defaults", () => {
    const result = parseProfile(VALID, "x.yaml");
    expect(result.ok && result.profile.defaults).toEqual({ pollIntervalMs: 1000, heartbeatMs: 60_000 });
    expect(result.ok && result.profile.signals[0]?.source).toEqual({
      modbus: { table: "input", address: 0, dataType: "float32", order: "ABCD", encoding: "ascii" },
    });
  });

  it("names file, line, column and path of a bad value", () => {
    expect(lines(VALID.replace("address: 4096", "address: 70000"))).toEqual([
      "x.yaml:21:42 signals[1].source.modbus.address: Too big: expected number to be <=65535",
    ]);
  });

  it("reports an unknown key at the key itself", () => {
    expect(lines(VALID.replace("    unit: V\n", "    unit: V\n    units: V\n"))).toEqual([
      'x.yaml:14:5 signals[0].units: unknown key "units"',
    ]);
  });

  it("reports a missing key at the mapping that lacks it", () => {
    expect(lines(VALID.replace("vendor: Acme\n", ""))).toEqual([
      'x.yaml:1:1 vendor: missing required key "vendor" (expected string)',
    ]);
  });

  it("quotes keys that are not identifiers in the path", () => {
    expect(lines(VALID.replace("role: other", "role: execution"))).toEqual([
      'x.yaml:19:16 signals[1].enum["0"]: "OFF" is not in the execution vocabulary; use one of READY, ACTIVE, INTERRUPTED, FEED_HOLD, STOPPED, OPTIONAL_STOP, PROGRAM_STOPPED, PROGRAM_COMPLETED, WAIT, UNAVAILABLE',
      'x.yaml:19:26 signals[1].enum["1"]: "ON" is not in the execution vocabulary; use one of READY, ACTIVE, INTERRUPTED, FEED_HOLD, STOPPED, OPTIONAL_STOP, PROGRAM_STOPPED, PROGRAM_COMPLETED, WAIT, UNAVAILABLE',
    ]);
  });

  it("says which keys a source expected when it has neither", () => {
    expect(lines(VALID.replace("      modbus: { table: input", "      modbuss: { table: input"))).toEqual([
      'x.yaml:15:7 signals[0].source: expected exactly one of "modbus" or "opcua" or "s7" or "mtconnect"',
      'x.yaml:15:7 signals[0].source.modbuss: unknown key "modbuss"',
    ]);
  });

  it("reports a record key that breaks its rule at the key", () => {
    const text = VALID.replace("protocol: modbus\n", "protocol: modbus\nnamespaces:\n  1bad: urn:x\n");
    expect(lines(text)).toEqual([
      'x.yaml:9:3 namespaces["1bad"]: invalid key "1bad": Invalid string: must match pattern /^[A-Za-z][A-Za-z0-9]*$/',
    ]);
  });

  it("reports YAML syntax errors with their position", () => {
    expect(lines(`${VALID}vendor: again\n`)).toEqual([
      "x.yaml:22:1 YAML syntax error: Map keys must be unique",
    ]);
    expect(lines("a: [1, 2\n")[0]).toMatch(/^x\.yaml:2:1 YAML syntax error: /);
    expect(lines("a: 1\n---\nb: 2\n")).toEqual([
      "x.yaml:2:1 YAML syntax error: a file holds one document; remove the second `---`",
    ]);
  });

  it("rejects a document that is not a mapping", () => {
    expect(lines("")).toEqual(["x.yaml:1:1 Invalid input: expected object, received null"]);
  });

  it("rejects a missing or newer schemaVersion with a clear message", () => {
    const missing = parseProfile(VALID.replace("schemaVersion: 1\n", ""), "x.yaml");
    expect(missing.ok ? [] : missing.errors).toEqual([
      {
        code: "ONRAMP_PROFILE_SCHEMA_VERSION",
        file: "x.yaml",
        line: 1,
        column: 1,
        path: "schemaVersion",
        message: "schemaVersion is missing: add `schemaVersion: 1` at the top",
      },
    ]);
    expect(lines(VALID.replace("schemaVersion: 1", "schemaVersion: 2"))).toEqual([
      "x.yaml:1:16 schemaVersion: schemaVersion 2 is newer than this engine understands (1): upgrade Onramp",
    ]);
  });

  it("follows a YAML alias to the anchored value when locating an error", () => {
    const anchored = VALID.replace('enum: { 0: "OFF", 1: "ON" }', 'enum: &states { 0: "OFF", 1: "ON" }');
    const text = `${anchored}  - id: power\n    role: controller_mode\n    type: enum\n    enum: *states\n    source: { modbus: { table: holding, address: 7, dataType: uint16 } }\n`;
    expect(lines(text).map((l) => l.slice(0, l.indexOf(" is not")))).toEqual([
      'x.yaml:19:24 signals[2].enum["0"]: "OFF"',
      'x.yaml:19:34 signals[2].enum["1"]: "ON"',
    ]);
  });
});

describe("loadProfileFile", () => {
  it("returns an unreadable file as an error value naming the file", async () => {
    const result = await loadProfileFile("/nonexistent/x.yaml", { file: "device-profiles/x.yaml" });
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.errors[0]).toMatchObject({
      code: "ONRAMP_PROFILE_UNREADABLE",
      file: "device-profiles/x.yaml",
    });
  });
});

describe("formatPath", () => {
  it("writes indexes in brackets and quotes keys that are not identifiers", () => {
    expect(formatPath(["signals", 3, "source", "modbus", "address"])).toBe(
      "signals[3].source.modbus.address",
    );
    expect(formatPath(["opcua", "mt:Monitoring/mt:Spindle"])).toBe('opcua["mt:Monitoring/mt:Spindle"]');
    expect(formatPath([])).toBe("");
  });
});
