import { describe, expect, it } from "vitest";
import { type BureauFigures, BureauFiguresCache, TtlLru } from "./report-cache.js";

describe("TtlLru", () => {
  it("drops the least recently used entry beyond its bound", () => {
    const lru = new TtlLru<number>(2, 60_000, () => 0);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1);
    lru.set("c", 3);
    expect([lru.get("a"), lru.get("b"), lru.get("c"), lru.size]).toEqual([1, undefined, 3, 2]);
  });

  it("forgets an entry once its time to live has passed", () => {
    let now = 0;
    const lru = new TtlLru<number>(10, 60_000, () => now);
    lru.set("a", 1);
    now = 59_999;
    expect(lru.get("a")).toBe(1);
    now = 60_000;
    expect([lru.get("a"), lru.size]).toEqual([undefined, 0]);
  });
});

describe("BureauFiguresCache", () => {
  const figures = { devices: 1 } as BureauFigures;
  const period = { from: 0, to: 60_000 };

  it("computes an enterprise once per period, again after `forget`, and keeps no failure", async () => {
    const cache = new BureauFiguresCache(10, 60_000, () => 0);
    let calls = 0;
    const compute = async () => {
      calls++;
      return figures;
    };
    await Promise.all([cache.figures("a", period, compute), cache.figures("a", period, compute)]);
    await cache.figures("a", { from: 0, to: 120_000 }, compute);
    expect(calls).toBe(2);
    cache.forget("a");
    await cache.figures("a", period, compute);
    expect(calls).toBe(3);
    await expect(cache.figures("b", period, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await cache.figures("b", period, compute)).toBe(figures);
  });
});
