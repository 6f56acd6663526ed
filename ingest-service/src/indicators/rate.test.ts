import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rateOf, smeScore } from "./rate.js";

const devices = (n: number) => Array.from({ length: n }, (_, i) => `d${String(i).padStart(3, "0")}`);
const rate = (numerator: number, denominator: number) => {
  const all = devices(denominator);
  return rateOf(all, (d) => all.indexOf(d) < numerator, "NO_PRODUCTION_EQUIPMENT");
};

describe("rateOf", () => {
  it("lists the devices behind numerator and denominator", () => {
    const result = rateOf(["c", "a", "b"], (d) => d !== "b", "NO_PRODUCTION_EQUIPMENT");
    expect(result).toEqual({
      value: 2 / 3,
      reason: null,
      numerator: 2,
      denominator: 3,
      numeratorDevices: ["a", "c"],
      denominatorDevices: ["a", "b", "c"],
    });
  });

  it("gives null with the reason for an empty denominator, never NaN or 0 %", () => {
    expect(rateOf([], () => true, "NO_KEY_PROCESS_EQUIPMENT")).toMatchObject({
      value: null,
      reason: { code: "NO_KEY_PROCESS_EQUIPMENT" },
      denominator: 0,
    });
  });

  it("is in [0, 1] or null (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.boolean())), (entries) => {
        const counted = new Map(entries);
        const value = rateOf(
          [...counted.keys()],
          (d) => counted.get(d) === true,
          "NO_PRODUCTION_EQUIPMENT",
        ).value;
        if (counted.size === 0) expect(value).toBeNull();
        else {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe("smeScore (INDICATORS §2.1/§2.2 bands)", () => {
  it.each([
    [0, 10, "[0,10]", 0],
    [1, 10, "[0,10]", 0],
    [11, 100, "(10,20]", 1.5],
    [2, 10, "(10,20]", 1.5],
    [21, 100, "(20,40]", 3],
    [4, 10, "(20,40]", 3],
    [41, 100, "(40,60]", 4.5],
    [6, 10, "(40,60]", 4.5],
    [61, 100, "(60,100]", 6],
    [10, 10, "(60,100]", 6],
  ])("scores %i of %i as %s → %d points", (numerator, denominator, band, points) => {
    expect(smeScore(rate(numerator, denominator))).toEqual({ band, points });
  });

  it("puts a rate exactly on a bound (3 of 15 = 20 %) in the band that bound closes", () => {
    expect(smeScore(rate(3, 15))).toEqual({ band: "(10,20]", points: 1.5 });
  });

  it("has no band without a rate", () => {
    expect(smeScore(rate(0, 0))).toBeNull();
  });
});
