import { describe, expect, it } from "vitest";
import type { MappingChange } from "../inputs.js";
import { auditMappingChanges } from "./mapping-changes.js";

const change = (at: number, overrides: Partial<MappingChange> = {}): MappingChange => ({
  device: "m-1",
  at,
  gateway: "gw-1",
  previousHash: "h0",
  hash: "h1",
  previousClass: "energy_meter",
  class: "energy_meter",
  previousProfile: "schneider/pm5560@2",
  profile: "schneider/pm5560@3",
  ...overrides,
});
const period = { from: 0, to: 1_000 };

describe("auditMappingChanges (mapping audit trail)", () => {
  it("records every change of the mapping hash in the period, oldest first, as info", () => {
    const audit = auditMappingChanges(
      "m-1",
      [change(500, { previousHash: "h1", hash: "h2" }), change(100)],
      period,
    );
    expect(audit.changes.map((c) => c.at)).toEqual([100, 500]);
    expect(audit.flags.map((f) => [f.code, f.severity])).toEqual([
      ["MAPPING_CHANGED", "info"],
      ["MAPPING_CHANGED", "info"],
    ]);
    expect(audit.flags[0]?.reason).toContain('gateway "gw-1"');
  });

  it("flags a remap that turns a meter into a CNC machine", () => {
    const audit = auditMappingChanges(
      "m-1",
      [change(100, { class: "cnc_machine_tool", profile: "generic/cnc-over-modbus@1" })],
      period,
    );
    expect(audit.flags.map((f) => [f.code, f.severity])).toEqual([
      ["MAPPING_CHANGED", "info"],
      ["MAPPING_PROMOTED_TO_PRODUCTION", "warning"],
    ]);
    expect(audit.flags[1]?.reason).toContain("remapped from energy_meter to cnc_machine_tool");
  });

  it("does not count a first mapping, an unchanged hash, another device or another period", () => {
    const changes = [
      change(100, {
        previousHash: null,
        previousClass: null,
        previousProfile: null,
        class: "cnc_machine_tool",
      }),
      change(200, { hash: "h0" }),
      change(300, { device: "m-2" }),
      change(2_000),
    ];
    expect(auditMappingChanges("m-1", changes, period)).toEqual({ changes: [], flags: [] });
  });
});
