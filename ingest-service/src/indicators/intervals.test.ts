import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clipIntervals, intersectIntervals, normaliseIntervals, totalLength } from "./intervals.js";

describe("intervals", () => {
  it("merges overlapping and touching intervals and drops empty ones", () => {
    expect(
      normaliseIntervals([
        { from: 10, to: 20 },
        { from: 0, to: 5 },
        { from: 5, to: 7 },
        { from: 15, to: 30 },
        { from: 40, to: 40 },
      ]),
    ).toEqual([
      { from: 0, to: 7 },
      { from: 10, to: 30 },
    ]);
  });

  it("intersects two unions", () => {
    expect(
      intersectIntervals(
        [
          { from: 0, to: 10 },
          { from: 20, to: 30 },
        ],
        [{ from: 5, to: 25 }],
      ),
    ).toEqual([
      { from: 5, to: 10 },
      { from: 20, to: 25 },
    ]);
  });

  it("clips to a window and measures a union without counting overlaps twice", () => {
    expect(clipIntervals([{ from: -5, to: 5 }], { from: 0, to: 3 })).toEqual([{ from: 0, to: 3 }]);
    expect(
      totalLength([
        { from: 0, to: 10 },
        { from: 5, to: 15 },
      ]),
    ).toBe(15);
  });

  it("never measures an intersection longer than either side (property)", () => {
    const intervalArb = fc
      .tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 100 }))
      .map(([from, length]) => ({ from, to: from + length }));
    fc.assert(
      fc.property(fc.array(intervalArb), fc.array(intervalArb), (a, b) => {
        const both = totalLength(intersectIntervals(a, b));
        expect(both).toBeLessThanOrEqual(Math.min(totalLength(a), totalLength(b)));
        expect(totalLength(a) + totalLength(b) - both).toBe(totalLength([...a, ...b]));
      }),
    );
  });
});
