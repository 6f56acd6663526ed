import pino from "pino";
import { describe, expect, it } from "vitest";
import type { Period } from "../indicators/index.js";
import { MetricsRegistry } from "../metrics/metrics.js";
import { BureauWarmer } from "./bureau-warmer.js";
import { type BureauFigures, BureauFiguresCache } from "./report-cache.js";

const period: Period = { from: 0, to: 60_000 };
const figuresOf = (ent: string) => ({ devices: ent.length }) as BureauFigures;

function warmer(opts: {
  ents: string[];
  compute: (ent: string) => Promise<BureauFigures>;
  concurrency: number;
  fillDays?: (ent: string) => Promise<unknown>;
}) {
  const cache = new BureauFiguresCache(100, 60_000, () => 0);
  const metrics = new MetricsRegistry();
  const w = new BureauWarmer(
    {
      cache,
      enterprises: async () => opts.ents,
      periodAt: () => period,
      compute: (ent) => opts.compute(ent),
      ...(opts.fillDays === undefined ? {} : { fillDays: opts.fillDays }),
      now: () => 0,
      log: pino({ level: "silent" }),
      metrics,
    },
    { everyMs: 45_000, concurrency: opts.concurrency },
  );
  return { cache, metrics, w };
}

describe("BureauWarmer", () => {
  it("fills the cache for every enterprise, at most `concurrency` at once, and then serves its period", async () => {
    let running = 0;
    let most = 0;
    const ents = Array.from({ length: 9 }, (_, i) => `e${i}`);
    const { cache, metrics, w } = warmer({
      ents,
      concurrency: 3,
      compute: async (ent) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running--;
        return figuresOf(ent);
      },
    });
    expect(w.warmedPeriod).toBeUndefined();
    await w.pass();
    expect(most).toBe(3);
    expect(w.warmedPeriod).toEqual(period);
    const never = () => Promise.reject(new Error("cache miss"));
    for (const ent of ents) expect(await cache.figures(ent, period, never)).toEqual(figuresOf(ent));
    expect(metrics.render()).toContain("onramp_bureau_warm_passes_total 1");
    expect(metrics.render()).toContain("onramp_bureau_warm_last_enterprises 9");
  });

  it("counts and logs a failed enterprise, keeps going, and never throws", async () => {
    const { cache, metrics, w } = warmer({
      ents: ["a", "bad", "c"],
      concurrency: 1,
      compute: async (ent) => {
        if (ent === "bad") throw new Error("boom");
        return figuresOf(ent);
      },
    });
    await expect(w.pass()).resolves.toBeUndefined();
    expect(metrics.render()).toContain('onramp_bureau_warm_errors_total{stage="compute"} 1');
    expect(metrics.render()).toContain("onramp_bureau_warm_last_enterprises 2");
    expect(await cache.figures("c", period, () => Promise.reject(new Error("miss")))).toEqual(figuresOf("c"));
  });

  it("stores each enterprise's days for the long trends after its figures, a failure counted like one", async () => {
    const filled: string[] = [];
    const { metrics, w } = warmer({
      ents: ["a", "b", "c"],
      concurrency: 1,
      compute: async (ent) => figuresOf(ent),
      fillDays: async (ent) => {
        if (ent === "b") throw new Error("days failed");
        filled.push(ent);
      },
    });
    await w.pass();
    expect(filled).toEqual(["a", "c"]);
    expect(metrics.render()).toContain('onramp_bureau_warm_errors_total{stage="compute"} 1');
  });

  it("does not store figures computed before a profile change", async () => {
    const cache = new BureauFiguresCache(10, 60_000, () => 0);
    await cache.refresh("a", period, async () => {
      cache.forget("a");
      return figuresOf("stale");
    });
    expect(await cache.figures("a", period, async () => figuresOf("a"))).toEqual(figuresOf("a"));
  });
});
