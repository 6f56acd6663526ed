import { describe, expect, it } from "vitest";
import { ConcurrencyGate } from "./concurrency-gate.js";
import { FailureBackoff } from "./failure-backoff.js";
import { TokenBuckets } from "./token-bucket.js";

const backoff = (maxKeys = 100) =>
  new FailureBackoff({
    freeFailures: 3,
    baseBlockMs: 1000,
    maxBlockMs: 8000,
    forgetAfterMs: 60_000,
    maxKeys,
  });

describe("FailureBackoff", () => {
  it("lets the free failures through, then blocks for a doubling time up to the maximum", () => {
    const b = backoff();
    expect([1, 2, 3].map(() => b.fail("a", 0))).toEqual([0, 0, 0]);
    expect(b.blockedForMs("a", 0)).toBe(0);
    expect([b.fail("a", 0), b.fail("a", 0), b.fail("a", 0), b.fail("a", 0), b.fail("a", 0)]).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
    expect(b.blockedForMs("a", 5000)).toBe(3000);
    expect(b.blockedForMs("other", 5000)).toBe(0);
  });

  it("forgets a key after a quiet period, and on success", () => {
    const b = backoff();
    for (let i = 0; i < 5; i++) b.fail("a", 0);
    expect(b.blockedForMs("a", 1)).toBeGreaterThan(0);
    expect(b.fail("a", 60_000)).toBe(0);
    for (let i = 0; i < 5; i++) b.fail("b", 0);
    b.succeed("b");
    expect(b.blockedForMs("b", 1)).toBe(0);
  });

  it("keeps at most maxKeys keys, forgetting the oldest", () => {
    const b = backoff(10);
    for (let i = 0; i < 1000; i++) b.fail(`10.0.0.${i}`, 0);
    expect(b.size).toBe(10);
  });
});

describe("TokenBuckets", () => {
  it("grants a burst, then one per refill interval, per key", () => {
    const t = new TokenBuckets({ capacity: 2, refillPerSecond: 0.5, maxKeys: 100 });
    expect([t.take("a", 0), t.take("a", 0)]).toEqual([0, 0]);
    expect(t.take("a", 0)).toBe(2000);
    expect(t.take("b", 0)).toBe(0);
    expect(t.take("a", 1000)).toBe(1000);
    expect(t.take("a", 2000)).toBe(0);
  });
});

describe("ConcurrencyGate", () => {
  it("runs at most `limit` tasks at once and all of them in order", async () => {
    const gate = new ConcurrencyGate(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        gate.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setImmediate(resolve));
          order.push(i);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(gate.started).toBe(10);
  });

  it("releases its slot when a task throws", async () => {
    const gate = new ConcurrencyGate(1);
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(async () => 7)).resolves.toBe(7);
  });
});
