import { describe, expect, it } from "vitest";
import { cncDevice } from "../../../test/indicator-scenarios/fixtures.js";
import { checkOutOfRange } from "./out-of-range.js";

describe("checkOutOfRange (INDICATORS §5 plausibility)", () => {
  it("flags values outside the profile's range and counts them", () => {
    const flags = checkOutOfRange(
      cncDevice("lathe-1"),
      [
        {
          device: "lathe-1",
          signal: "spindle_speed",
          role: "spindle_speed",
          points: [
            { t: 1, v: 100, q: "good" },
            { t: 2, v: 12_001, q: "good" },
            { t: 3, v: -1, q: "uncertain" },
            { t: 4, v: 99_999, q: "bad" },
          ],
        },
      ],
      5,
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      code: "PLAUSIBILITY_OUT_OF_RANGE",
      data: { count: 2, examples: [{ signal: "spindle_speed", v: 12_001, min: 0, max: 12_000 }, { v: -1 }] },
    });
  });

  it("passes signals without a declared range", () => {
    const series = [
      {
        device: "lathe-1",
        signal: "part_count",
        role: "part_count" as const,
        points: [{ t: 1, v: 1e9, q: "good" as const }],
      },
    ];
    expect(checkOutOfRange(cncDevice("lathe-1"), series, 5)).toEqual([]);
  });
});
