import { describe, expect, it } from "vitest";
import type { SignalSeries } from "../inputs.js";
import { checkCounterDecreases } from "./counters.js";

const counter = (values: number[], role: SignalSeries["role"] = "part_count"): SignalSeries => ({
  device: "lathe-1",
  signal: role,
  role,
  points: values.map((v, i) => ({ t: i * 1_000, v, q: "good" })),
});
const params = { dropToZeroIsReset: true };
/** k × heartbeat of the device: 3 × 1 s. */
const GAP = 3_000;

describe("checkCounterDecreases (INDICATORS §5 plausibility)", () => {
  it("passes a counter that only grows or holds", () => {
    expect(checkCounterDecreases("lathe-1", [counter([1, 2, 2, 5])], [], params, 5, GAP)).toEqual([]);
  });

  it("flags a decrease without a reset, with the values behind it", () => {
    const flags = checkCounterDecreases("lathe-1", [counter([10, 11, 7, 8])], [], params, 5, GAP);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      code: "PLAUSIBILITY_COUNTER_DECREASED",
      data: { count: 1, examples: [{ signal: "part_count", t: 2_000, from: 11, to: 7 }] },
    });
    expect(flags[0]?.reason).toContain("fell from 11 to 7");
  });

  it("accepts a decrease explained by a recorded reset between the two samples, across a real gap", () => {
    const resets = [{ device: "lathe-1", signal: "energy_total", at: 4_900 }];
    // Samples at 0 and 1 s, then silence until 5 s: a 4 s gap ≥ 3 s corroborates the reset.
    const restarted: SignalSeries = {
      device: "lathe-1",
      signal: "energy_total",
      role: "energy_total",
      points: [
        { t: 0, v: 10, q: "good" },
        { t: 1_000, v: 11, q: "good" },
        { t: 5_000, v: 7, q: "good" },
      ],
    };
    expect(checkCounterDecreases("lathe-1", [restarted], resets, params, 5, GAP)).toEqual([]);
    const tooEarly = [{ device: "lathe-1", signal: "energy_total", at: 500 }];
    expect(
      checkCounterDecreases("lathe-1", [counter([10, 11, 7], "energy_total")], tooEarly, params, 5, GAP),
    ).toHaveLength(1);
  });

  it("refuses a recorded reset that no gap in the device's data corroborates", () => {
    // The counter samples every second and a bad-quality sample in the middle is no data either.
    const resets = [{ device: "lathe-1", signal: "part_count", at: 2_500 }];
    const series = counter([10, 11, 12, 7, 8]);
    const flags = checkCounterDecreases("lathe-1", [series], resets, params, 5, GAP);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      code: "PLAUSIBILITY_COUNTER_RESET_UNCORROBORATED",
      severity: "failure",
      data: {
        count: 1,
        examples: [
          {
            signal: "part_count",
            t: 3_000,
            from: 12,
            to: 7,
            resetAt: 2_500,
            longestSilenceMs: 1_000,
            requiredGapMs: 3_000,
          },
        ],
      },
    });
    expect(flags[0]?.reason).toContain("longest silence 1 s, at least 3 s needed");
    // Bad-quality samples without values fill no gap: the same drop after 4 s of them is a restart.
    const silent: SignalSeries = {
      ...series,
      points: [
        { t: 0, v: 11, q: "good" },
        ...[1_000, 2_000, 3_000].map((t) => ({ t, v: null, q: "bad" as const })),
        { t: 4_000, v: 7, q: "good" },
      ],
    };
    expect(checkCounterDecreases("lathe-1", [silent], resets, params, 5, GAP)).toEqual([]);
  });

  it("takes a drop to zero as the controller's own reset unless configured otherwise", () => {
    expect(checkCounterDecreases("lathe-1", [counter([10, 0, 1])], [], params, 5, GAP)).toEqual([]);
    expect(
      checkCounterDecreases("lathe-1", [counter([10, 0, 1])], [], { dropToZeroIsReset: false }, 5, GAP),
    ).toHaveLength(1);
  });

  it("leaves non-cumulative signals alone", () => {
    expect(
      checkCounterDecreases("lathe-1", [counter([10, 5, 1], "spindle_speed")], [], params, 5, GAP),
    ).toEqual([]);
  });
});
