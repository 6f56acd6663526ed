import { describe, expect, it } from "vitest";
import { digitalisationRates } from "./digitalisation-rate.js";
import { type NetworkingFacts, networkingRates } from "./networking-rate.js";

const fact = (device: string, overrides: Partial<NetworkingFacts> = {}): NetworkingFacts => ({
  device,
  isProduction: true,
  declaredNetworked: true,
  onCloud: true,
  ...overrides,
});

describe("networkingRates (INDICATORS §2.1)", () => {
  it("divides by all production equipment, digital or not, and leaves meters out", () => {
    const rates = networkingRates(
      [
        fact("lathe-1"),
        fact("lathe-2", { onCloud: false }),
        fact("press-1", { declaredNetworked: false, onCloud: false }),
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
  });

  it("has no verified rate in a period without working hours, and none at all without production equipment", () => {
    expect(networkingRates([fact("lathe-1")], false).verified).toMatchObject({
      value: null,
      reason: { code: "NO_WORKING_TIME" },
      sme: null,
    });
    const none = networkingRates([fact("meter-1", { isProduction: false })], true);
    expect(none.declared.reason?.code).toBe("NO_PRODUCTION_EQUIPMENT");
    expect(none.verified.reason?.code).toBe("NO_PRODUCTION_EQUIPMENT");
  });
});

describe("digitalisationRates (INDICATORS §2.2)", () => {
  it("verifies digital equipment by the valid telemetry it sent", () => {
    const rates = digitalisationRates([
      { device: "lathe-1", isProduction: true, declaredDigital: true, sentValidTelemetry: true },
      { device: "press-1", isProduction: true, declaredDigital: true, sentValidTelemetry: false },
      { device: "saw-1", isProduction: true, declaredDigital: false, sentValidTelemetry: false },
      { device: "meter-1", isProduction: false, declaredDigital: true, sentValidTelemetry: true },
    ]);
    expect(rates.declared).toMatchObject({
      numerator: 2,
      denominator: 3,
      sme: { band: "(60,100]", points: 6 },
    });
    expect(rates.verified).toMatchObject({ numeratorDevices: ["lathe-1"], denominator: 3 });
  });
});
