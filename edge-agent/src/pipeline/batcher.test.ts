import { describe, expect, it } from "vitest";
import { createBatcher } from "./batcher.js";

const sample = (n: number, v: number | string = n) => ({
  s: "part_count",
  v,
  q: "good" as const,
  t: 1000 + n,
});

describe("batcher", () => {
  it("closes a batch at maxSamples and keeps each device's samples in arrival order", () => {
    const batcher = createBatcher({ maxSamples: 3, maxBodyBytes: 100_000 });
    expect(batcher.add("a", [sample(1), sample(2)], 0)).toEqual([]);
    const full = batcher.add("b", [sample(3), sample(4)], 5);
    expect(full).toEqual([
      {
        devices: [
          { dev: "a", samples: [sample(1), sample(2)] },
          { dev: "b", samples: [sample(3)] },
        ],
        samples: 3,
      },
    ]);
    expect(batcher.oldestAt).toBe(5);
    expect(batcher.take()).toEqual({ devices: [{ dev: "b", samples: [sample(4)] }], samples: 1 });
    expect(batcher.take()).toBeUndefined();
  });

  it("closes a batch before its JSON would exceed the byte bound (long string values)", () => {
    const batcher = createBatcher({ maxSamples: 1000, maxBodyBytes: 20_000 });
    const long = "x".repeat(1024);
    const full = batcher.add(
      "a",
      Array.from({ length: 10 }, (_, i) => sample(i, long)),
      0,
    );
    expect(full.length).toBeGreaterThan(0);
    for (const batch of full) expect(JSON.stringify(batch.devices).length).toBeLessThan(20_000);
  });
});
