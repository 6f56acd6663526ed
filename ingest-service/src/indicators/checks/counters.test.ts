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

describe("checkCounterDecreases (INDICATORS §5 plausibility)", () => {
  it("passes a counter that only grows or holds", () => {
    expect(checkCounterDecreases("lathe-1", [counter([1, 2, 2, 5])], [], params, 5)).toEqual([]);
  });

  it("flags a decrease without a reset, with the values behind it", () => {
    const flags = checkCounterDecreases("lathe-1", [counter([10, 11, 7, 8])], [], params, 5);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      code: "PLAUSIBILITY_COUNTER_DECREASED",
      data: { count: 1, examples: [{ signal: "part_count", t: 2_000, from: 11, to: 7 }] },
    });
    expect(flags[0]?.reason).toContain("fell from 11 to 7");
  });

  it("accepts a decrease explained by a recorded reset between the two samples", () => {
    const resets = [{ device: "lathe-1", signal: "energy_total", at: 1_500 }];
    expect(
      checkCounterDecreases("lathe-1", [counter([10, 11, 7], "energy_total")], resets, params, 5),
    ).toEqual([]);
    const tooEarly = [{ device: "lathe-1", signal: "energy_total", at: 500 }];
    expect(
      checkCounterDecreases("lathe-1", [counter([10, 11, 7], "energy_total")], tooEarly, params, 5),
    ).toHaveLength(1);
  });

  it("takes a drop to zero as the controller's own reset unless configured otherwise", () => {
    expect(checkCounterDecreases("lathe-1", [counter([10, 0, 1])], [], params, 5)).toEqual([]);
    expect(
      checkCounterDecreases("lathe-1", [counter([10, 0, 1])], [], { dropToZeroIsReset: false }, 5),
    ).toHaveLength(1);
  });

  it("leaves non-cumulative signals alone", () => {
    expect(checkCounterDecreases("lathe-1", [counter([10, 5, 1], "spindle_speed")], [], params, 5)).toEqual(
      [],
    );
  });
});
