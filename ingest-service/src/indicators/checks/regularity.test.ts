import { describe, expect, it } from "vitest";
import { randomSource } from "../../../test/indicator-scenarios/fixtures.js";
import type { SignalSeries } from "../inputs.js";
import { DEFAULT_PARAMS } from "../params.js";
import { checkPeriodicSignal, checkSpacingRegularity, findRepetition, spacingCv } from "./regularity.js";

const params = DEFAULT_PARAMS.plausibility;
const series = (
  points: { t: number; v: number }[],
  role: SignalSeries["role"] = "power_active",
): SignalSeries => ({
  device: "lathe-1",
  signal: role,
  role,
  points: points.map((p) => ({ ...p, q: "good" })),
});

describe("spacingCv / checkSpacingRegularity (INDICATORS §5 plausibility)", () => {
  it("computes σ/μ of the spacing between distinct sample times", () => {
    expect(spacingCv([0, 10, 20, 30], 3)).toBe(0);
    expect(spacingCv([0, 10, 30], 2)).toBeCloseTo(5 / 15, 12);
    expect(spacingCv([0, 0, 10, 20, 20, 30], 3)).toBe(0);
    expect(spacingCv([0, 10], 3)).toBeNull();
  });

  it("flags a clock that adds exactly 5 s per sample", () => {
    const points = Array.from({ length: 100 }, (_, i) => ({ t: i * 5_000, v: i % 7 }));
    const flags = checkSpacingRegularity("lathe-1", [series(points)], params);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ code: "PLAUSIBILITY_SPACING_TOO_REGULAR", data: { spacingCv: 0 } });
  });

  it("passes polling with a few milliseconds of jitter", () => {
    const random = randomSource(7);
    const points = Array.from({ length: 100 }, (_, i) => ({
      t: i * 5_000 + Math.round(random() * 40),
      v: i,
    }));
    expect(checkSpacingRegularity("lathe-1", [series(points)], params)).toEqual([]);
  });
});

describe("findRepetition / checkPeriodicSignal (INDICATORS §5 plausibility)", () => {
  const sine = (n: number, period: number, noise: () => number = () => 0) =>
    Array.from({ length: n }, (_, i) => 20 + 5 * Math.sin((2 * Math.PI * i) / period) + noise());

  it("finds the period of a generated sine wave", () => {
    expect(findRepetition(sine(300, 60), params)).toMatchObject({ lag: 60 });
  });

  it("finds a square wave repeating every two samples", () => {
    expect(
      findRepetition(
        Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 10 : 30)),
        params,
      )?.lag,
    ).toBe(2);
  });

  it("does not take a measured signal with noise for a periodic one", () => {
    const random = randomSource(11);
    expect(
      findRepetition(
        sine(300, 60, () => (random() - 0.5) * 0.5),
        params,
      ),
    ).toBeNull();
  });

  it("does not take a slow smooth ramp or a constant for a periodic one", () => {
    expect(
      findRepetition(
        Array.from({ length: 5_000 }, (_, i) => i * 0.001),
        params,
      ),
    ).toBeNull();
    expect(
      findRepetition(
        Array.from({ length: 100 }, () => 5),
        params,
      ),
    ).toBeNull();
  });

  it("needs at least the configured number of cycles", () => {
    expect(findRepetition(sine(100, 60), params)).toBeNull();
  });

  it("flags a periodic physical signal but not a repeating commanded one", () => {
    const values = sine(300, 30).map((v, i) => ({ t: i * 5_003 + (i % 3), v }));
    const flags = checkPeriodicSignal("lathe-1", [series(values), series(values, "spindle_speed")], params);
    expect(flags.map((f) => [f.code, f.data.signal, f.data.lag])).toEqual([
      ["PLAUSIBILITY_PERIODIC_SIGNAL", "power_active", 30],
    ]);
  });
});
