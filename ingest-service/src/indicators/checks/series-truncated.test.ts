import { describe, expect, it } from "vitest";
import { checkSeriesTruncated } from "./series-truncated.js";

describe("a series read only up to a report's bound", () => {
  const points = [
    { t: 1_000, v: 1, q: "good" as const },
    { t: 3_000, v: 2, q: "good" as const },
  ];

  it("is a warning naming the signal and the last point read", () => {
    const flags = checkSeriesTruncated("lathe-1", [
      { device: "lathe-1", signal: "spindle_load", role: "spindle_load", points, truncated: true },
      { device: "lathe-1", signal: "part_count", role: "part_count", points },
      { device: "lathe-2", signal: "spindle_load", role: "spindle_load", points, truncated: true },
    ]);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      code: "PLAUSIBILITY_SERIES_TRUNCATED",
      check: "plausibility",
      severity: "warning",
      device: "lathe-1",
      data: { signal: "spindle_load", points: 2, lastPointAt: 3_000 },
    });
    expect(flags[0]?.reason).toContain("1970-01-01T00:00:03.000Z");
  });

  it("says nothing of a series read whole", () => {
    expect(
      checkSeriesTruncated("lathe-1", [{ device: "lathe-1", signal: "s", role: "spindle_load", points }]),
    ).toEqual([]);
  });
});
