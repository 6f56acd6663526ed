import { describe, expect, it } from "vitest";
import { type DigitalisationFacts, digitalisationRates } from "./digitalisation-rate.js";
import type { EvidenceLevel } from "./evidence-level.js";
import type { FlagCode } from "./flags.js";
import type { EvidenceStanding } from "./left-out.js";
import { type NetworkingFacts, networkingRates } from "./networking-rate.js";

const standing = (level: EvidenceLevel, blockingFlags: FlagCode[] = []): EvidenceStanding => ({
  level,
  blockingFlags,
  requirements:
    level === "declared"
      ? [
          {
            level: "connected",
            requirement: "FINGERPRINT_READ",
            met: false,
            detail: "no identity read from the device",
          },
        ]
      : [],
});

const fact = (device: string, overrides: Partial<NetworkingFacts> = {}): NetworkingFacts => ({
  device,
  isProduction: true,
  declaredNetworked: true,
  sentValidTelemetry: true,
  onCloud: true,
  onlineShare: 0.95,
  completeness: 0.99,
  shortfalls: [],
  evidence: standing("live-verified"),
  ...overrides,
});

describe("networkingRates (INDICATORS §2.1)", () => {
  it("divides by all production equipment, digital or not, and leaves meters out", () => {
    const rates = networkingRates(
      [
        fact("lathe-1"),
        fact("lathe-2", {
          onCloud: false,
          onlineShare: 0.234,
          completeness: 0.4,
          shortfalls: ["ONLINE_SHARE_BELOW_MINIMUM", "COMPLETENESS_BELOW_MINIMUM"],
        }),
        fact("press-1", { declaredNetworked: false, sentValidTelemetry: false, onCloud: false }),
        fact("saw-1", { declaredNetworked: false, onCloud: null }),
        fact("meter-1", { isProduction: false }),
      ],
      true,
    );
    expect(rates.declared).toMatchObject({ numerator: 2, denominator: 4, value: 0.5, sme: { points: 4.5 } });
    expect(rates.verified).toMatchObject({
      numeratorDevices: ["lathe-1"],
      denominatorDevices: ["lathe-1", "lathe-2", "press-1", "saw-1"],
      value: 0.25,
      sme: { band: "(20,40]", points: 3 },
    });
    expect(rates.verified.leftOut.map((d) => [d.device, d.reasons.map((r) => r.detail)])).toEqual([
      ["lathe-2", ["not on cloud: online 23 % of working time, completeness 40 %"]],
      ["press-1", ["never sent data in the period"]],
      ["saw-1", ["no working time while registered"]],
    ]);
    expect(rates.verified.leftOut[0]?.reasons[0]?.data).toEqual({
      onlineShare: 0.234,
      completeness: 0.4,
      shortfalls: ["ONLINE_SHARE_BELOW_MINIMUM", "COMPLETENESS_BELOW_MINIMUM"],
    });
  });

  it("counts an on-cloud device only at consistent or above, naming the failed check (INDICATORS §4)", () => {
    const rates = networkingRates(
      [
        fact("lathe-1", { evidence: standing("consistent") }),
        fact("lathe-2", { evidence: standing("connected", ["LIVENESS_NO_REPLY"]) }),
        fact("lathe-3", { evidence: standing("declared") }),
      ],
      true,
    );
    expect(rates.verified).toMatchObject({ numeratorDevices: ["lathe-1"], numerator: 1, denominator: 3 });
    expect(rates.verified.leftOut).toEqual([
      {
        device: "lathe-2",
        level: "connected",
        reasons: [
          {
            code: "BELOW_CONSISTENT",
            detail: "only connected: LIVENESS_NO_REPLY",
            data: { level: "connected", flags: ["LIVENESS_NO_REPLY"], unmet: [] },
          },
        ],
      },
      {
        device: "lathe-3",
        level: "declared",
        reasons: [
          {
            code: "BELOW_CONSISTENT",
            detail: "only declared: no identity read from the device",
            data: { level: "declared", flags: [], unmet: ["FINGERPRINT_READ"] },
          },
        ],
      },
    ]);
  });

  it("has no verified rate in a period without working hours, and none at all without production equipment", () => {
    const noWork = networkingRates([fact("lathe-1")], false).verified;
    expect(noWork).toMatchObject({ value: null, reason: { code: "NO_WORKING_TIME" }, sme: null });
    expect(noWork.leftOut).toMatchObject([{ device: "lathe-1", reasons: [{ code: "NO_WORKING_TIME" }] }]);
    const none = networkingRates([fact("meter-1", { isProduction: false })], true);
    expect(none.declared.reason?.code).toBe("NO_PRODUCTION_EQUIPMENT");
    expect(none.verified.reason?.code).toBe("NO_PRODUCTION_EQUIPMENT");
  });
});

describe("digitalisationRates (INDICATORS §2.2)", () => {
  const digital = (device: string, overrides: Partial<DigitalisationFacts> = {}): DigitalisationFacts => ({
    device,
    isProduction: true,
    declaredDigital: true,
    sentValidTelemetry: true,
    evidence: standing("consistent"),
    ...overrides,
  });

  it("verifies digital equipment by the valid telemetry it sent, at consistent or above", () => {
    const rates = digitalisationRates([
      digital("lathe-1"),
      digital("press-1", { sentValidTelemetry: false, evidence: standing("declared") }),
      digital("saw-1", { declaredDigital: false, sentValidTelemetry: false, evidence: standing("declared") }),
      digital("mill-1", { evidence: standing("connected", ["PLAUSIBILITY_PART_COUNT_STALLED"]) }),
      digital("meter-1", { isProduction: false }),
    ]);
    expect(rates.declared).toMatchObject({
      numerator: 3,
      denominator: 4,
      sme: { band: "(60,100]", points: 6 },
    });
    expect(rates.verified).toMatchObject({ numeratorDevices: ["lathe-1"], denominator: 4 });
    expect(rates.verified.leftOut.map((d) => [d.device, d.reasons.map((r) => r.code)])).toEqual([
      ["mill-1", ["BELOW_CONSISTENT"]],
      ["press-1", ["NEVER_SENT_DATA"]],
      ["saw-1", ["NEVER_SENT_DATA"]],
    ]);
  });

  it("leaves an unsigned (Sparkplug B) device out as UNSIGNED_SOURCE by default, counts it under policy count", () => {
    const unsigned = (countsAsVerified: boolean): EvidenceStanding => ({
      level: "connected",
      blockingFlags: [],
      requirements: [
        {
          level: "consistent",
          requirement: "SIGNED_SOURCE",
          met: false,
          detail: "unsigned source: Sparkplug B",
        },
      ],
      unsignedSource: "sparkplug-b",
      countsAsVerified,
    });
    const separate = digitalisationRates([
      digital("lathe-1"),
      digital("spb-1", { evidence: unsigned(false) }),
    ]);
    expect(separate.verified).toMatchObject({ numeratorDevices: ["lathe-1"], denominator: 2 });
    expect(separate.verified.leftOut).toEqual([
      {
        device: "spb-1",
        level: "connected",
        reasons: [
          {
            code: "UNSIGNED_SOURCE",
            detail: "unsigned source: Sparkplug B — shown, counted separately",
            data: { level: "connected", source: "sparkplug-b", unmet: [] },
          },
        ],
      },
    ]);
    const counted = digitalisationRates([digital("lathe-1"), digital("spb-1", { evidence: unsigned(true) })]);
    expect(counted.verified).toMatchObject({ numeratorDevices: ["lathe-1", "spb-1"], denominator: 2 });
    expect(counted.verified.leftOut).toEqual([]);
  });
});
