import { describe, expect, it } from "vitest";
import { type CncFacts, cncEvidence, cncRates } from "./cnc-rate.js";
import type { EvidenceLevel } from "./evidence-level.js";
import type { FlagCode } from "./flags.js";
import type { SignalSeries } from "./inputs.js";
import type { EvidenceStanding } from "./left-out.js";
import { DEFAULT_PARAMS } from "./params.js";

const period = { from: 1_000, to: 2_000 };
const params = DEFAULT_PARAMS.cnc;
const series = (
  role: "execution" | "controller_mode",
  points: [number, string][],
  signal: string = role,
): SignalSeries => ({
  device: "lathe-1",
  signal,
  role,
  points: points.map(([t, v]) => ({ t, v, q: "good" })),
});
const lathe = { id: "lathe-1", class: "cnc_machine_tool" };

describe("cncEvidence (INDICATORS §2.3 verified)", () => {
  it("verifies a CNC source that carries a controller state and was seen ACTIVE in the period", () => {
    const evidence = cncEvidence(
      lathe,
      [series("execution", [[1_500, "ACTIVE"]])],
      period,
      "discrete",
      params,
    );
    expect(evidence).toEqual({
      device: "lathe-1",
      isControllerSource: true,
      controllerStateSignals: ["execution"],
      firstActiveAt: 1_500,
      verified: true,
    });
  });

  it("does not verify a device never seen ACTIVE in the period", () => {
    const before = cncEvidence(
      lathe,
      [
        series("execution", [
          [500, "ACTIVE"],
          [1_500, "READY"],
        ]),
      ],
      period,
      "discrete",
      params,
    );
    expect(before).toMatchObject({ verified: false, firstActiveAt: null });
    const modeOnly = cncEvidence(
      lathe,
      [series("controller_mode", [[1_500, "AUTOMATIC"]])],
      period,
      "discrete",
      params,
    );
    expect(modeOnly).toMatchObject({ verified: false, controllerStateSignals: ["controller_mode"] });
  });

  it("does not verify an ACTIVE state that comes from a meter's mapping", () => {
    const meter = { id: "lathe-1", class: "energy_meter" };
    expect(
      cncEvidence(meter, [series("execution", [[1_500, "ACTIVE"]])], period, "discrete", params).verified,
    ).toBe(false);
  });

  it("counts only PLC sources in a process industry (under PLC/DCS control)", () => {
    const active = [series("execution", [[1_500, "ACTIVE"]])];
    expect(cncEvidence(lathe, active, period, "process", params).verified).toBe(false);
    expect(cncEvidence({ id: "lathe-1", class: "plc" }, active, period, "process", params).verified).toBe(
      true,
    );
  });

  it("ignores a bad-quality ACTIVE", () => {
    const bad: SignalSeries = { ...series("execution", []), points: [{ t: 1_500, v: "ACTIVE", q: "bad" }] };
    expect(cncEvidence(lathe, [bad], period, "discrete", params).verified).toBe(false);
  });
});

const standing = (level: EvidenceLevel, blockingFlags: FlagCode[] = []): EvidenceStanding => ({
  level,
  blockingFlags,
  requirements: [],
});
const control = (verified: boolean): CncFacts["control"] => ({
  isControllerSource: true,
  controllerStateSignals: ["execution"],
  firstActiveAt: verified ? 1_500 : null,
  verified,
});
const cncFact = (device: string, overrides: Partial<CncFacts> = {}): CncFacts => ({
  device,
  isKeyProcess: true,
  declaredCnc: true,
  control: control(true),
  sentValidTelemetry: true,
  evidence: standing("live-verified"),
  ...overrides,
});

describe("cncRates (INDICATORS §2.3)", () => {
  it("divides by key-process equipment only, declared and verified side by side", () => {
    const rates = cncRates(
      [
        cncFact("lathe-1"),
        cncFact("lathe-2", { control: control(false) }),
        cncFact("mill-1", { declaredCnc: false }),
        cncFact("drill-1", { isKeyProcess: false }),
      ],
      "discrete",
    );
    expect(rates.variant).toBe("numerically-controlled");
    expect(rates.declared).toMatchObject({ numeratorDevices: ["lathe-1", "lathe-2"], denominator: 3 });
    expect(rates.verified).toMatchObject({ numeratorDevices: ["lathe-1", "mill-1"], value: 2 / 3 });
    expect(rates.verified.leftOut).toEqual([
      {
        device: "lathe-2",
        level: "live-verified",
        reasons: [{ code: "NEVER_ACTIVE", detail: "never seen running (execution=ACTIVE)", data: {} }],
      },
    ]);
  });

  it("counts only devices at consistent or above, and says why the others are out (INDICATORS §4)", () => {
    const rates = cncRates(
      [
        cncFact("lathe-1", { evidence: standing("consistent") }),
        cncFact("lathe-2", { evidence: standing("connected", ["PLAUSIBILITY_COUNTER_DECREASED"]) }),
        cncFact("lathe-3", {
          sentValidTelemetry: false,
          control: control(false),
          evidence: standing("declared"),
        }),
      ],
      "discrete",
    );
    expect(rates.verified).toMatchObject({ numeratorDevices: ["lathe-1"], denominator: 3 });
    expect(rates.verified.leftOut.map((d) => [d.device, d.reasons.map((r) => r.detail)])).toEqual([
      ["lathe-2", ["only connected: PLAUSIBILITY_COUNTER_DECREASED"]],
      ["lathe-3", ["never sent data in the period"]],
    ]);
  });

  it("has no rate for an enterprise with no key-process equipment", () => {
    const rates = cncRates([cncFact("drill-1", { isKeyProcess: false })], "process");
    expect(rates.variant).toBe("plc-dcs-controlled");
    expect(rates.declared).toMatchObject({ value: null, reason: { code: "NO_KEY_PROCESS_EQUIPMENT" } });
    expect(rates.verified.value).toBeNull();
    expect(rates.verified.leftOut).toEqual([]);
  });
});
