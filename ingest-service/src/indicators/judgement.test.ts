import { describe, expect, it } from "vitest";
import { durationText, observedWorkingMs, verifiedJudged } from "./judgement.js";
import { DEFAULT_PARAMS } from "./params.js";
import { rateOf } from "./rate.js";

const MIN = 60_000;
const working = [
  { from: 0, to: 60 * MIN },
  { from: 120 * MIN, to: 180 * MIN },
];

describe("observedWorkingMs", () => {
  it("counts working time while any of the rate's devices was registered, once", () => {
    const windows = new Map([
      ["a", { from: 50 * MIN, to: 200 * MIN }],
      ["b", { from: 55 * MIN, to: 130 * MIN }],
      ["other", { from: 0, to: 200 * MIN }],
    ]);
    expect(observedWorkingMs(working, windows, ["a", "b"])).toBe(10 * MIN + 60 * MIN);
    expect(observedWorkingMs(working, windows, ["b"])).toBe(5 * MIN + 10 * MIN);
    expect(observedWorkingMs(working, windows, [])).toBe(0);
  });
});

describe("verifiedJudged", () => {
  const zero = rateOf(["cnc-1", "cnc-2"], () => false, "NO_KEY_PROCESS_EQUIPMENT");

  it("holds a 0 % observed for 2 minutes of the required 3 as not yet judged, value kept, reason in words", () => {
    const r = verifiedJudged(zero, 2 * MIN + 30_000, DEFAULT_PARAMS.judgement);
    expect(r.judged).toBe(false);
    expect(r.value).toBe(0);
    expect(r.notJudgedReason).toEqual({
      zh: "尚未评判（已观察 2 分钟，需要 3 分钟的工作时间）",
      en: "not yet judged (observed 2 min of the required 3 min of working time)",
      observedMs: 150_000,
      requiredMs: 180_000,
    });
  });

  it("judges at exactly the required time", () => {
    expect(verifiedJudged(zero, 180_000, DEFAULT_PARAMS.judgement)).toMatchObject({ judged: true, value: 0 });
    expect(verifiedJudged(zero, 180_000, DEFAULT_PARAMS.judgement).notJudgedReason).toBeUndefined();
  });

  it("judges a rate with no value: its reason already says why", () => {
    const empty = rateOf([], () => true, "NO_KEY_PROCESS_EQUIPMENT");
    expect(verifiedJudged(empty, 0, DEFAULT_PARAMS.judgement).judged).toBe(true);
  });
});

describe("durationText", () => {
  it("speaks seconds, minutes, then hours", () => {
    expect(durationText(42_000, "en")).toBe("42 s");
    expect(durationText(119 * MIN, "zh")).toBe("119 分钟");
    expect(durationText(150 * MIN, "en")).toBe("2.5 h");
  });
});
