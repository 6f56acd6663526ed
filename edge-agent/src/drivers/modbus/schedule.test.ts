import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";
import { nextTick } from "./poller.js";
import { RequestQueue } from "./request-queue.js";

describe("nextTick", () => {
  const cycle = fc.record({
    anchor: fc.integer({ min: 0, max: 1e9 }),
    interval: fc.integer({ min: 10, max: 100_000 }),
    last: fc.integer({ min: 0, max: 1e6 }),
    elapsed: fc.integer({ min: 0, max: 1e7 }),
  });

  it("stays on the grid anchor + k × interval, after now and at most one interval away", () => {
    fc.assert(
      fc.property(cycle, ({ anchor, interval, last, elapsed }) => {
        const now = anchor + last * interval + elapsed;
        const next = nextTick(anchor, interval, last, now);
        expect(next.at).toBe(anchor + next.tick * interval);
        expect(next.at).toBeGreaterThan(now);
        expect(next.at - now).toBeLessThanOrEqual(interval);
      }),
    );
  });

  it("skips and counts exactly the ticks a long cycle overlapped, never queueing them", () => {
    fc.assert(
      fc.property(cycle, ({ anchor, interval, last, elapsed }) => {
        const next = nextTick(anchor, interval, last, anchor + last * interval + elapsed);
        expect(next.skipped).toBe(Math.floor(elapsed / interval));
        expect(next.tick).toBe(last + 1 + next.skipped);
      }),
    );
  });
});

describe("backoffDelay", () => {
  it("doubles up to the cap, with equal jitter: between half and all of the capped delay", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, initialMs, extra, random) => {
          const policy = { initialMs, maxMs: initialMs + extra };
          const ceiling = Math.min(policy.maxMs, initialMs * 2 ** Math.min(attempt, 30));
          const delay = backoffDelay(attempt, policy, () => random);
          expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
          expect(delay).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });
});

describe("RequestQueue", () => {
  it("runs one exchange at a time, first in first out, with the inter-frame gap between them", async () => {
    const queue = new RequestQueue(1, 5);
    const log: { id: number; start: number; end: number }[] = [];
    let running = 0;
    let maxRunning = 0;
    const job = (id: number) => async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      const start = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 2));
      running -= 1;
      log.push({ id, start, end: performance.now() });
      return id;
    };
    const results = await Promise.all([1, 2, 3, 4].map((id) => queue.submit(job(id), "normal", -1)));
    expect(results).toEqual([1, 2, 3, 4]);
    expect(maxRunning).toBe(1);
    expect(log.map((entry) => entry.id)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < log.length; i++) {
      // Timers have 1 ms granularity: allow that much.
      expect((log[i]?.start ?? 0) - (log[i - 1]?.end ?? 0)).toBeGreaterThanOrEqual(4);
    }
  });

  it("serves waiting healthy devices before failing ones, and resolves waiting jobs when cleared", async () => {
    const queue = new RequestQueue(1, 0);
    const order: string[] = [];
    let release: () => void = () => {};
    const blocker = queue.submit(
      () => new Promise<string>((resolve) => (release = () => resolve("first"))),
      "normal",
      "cancelled",
    );
    const record = (name: string) => async () => {
      order.push(name);
      return name;
    };
    const low = queue.submit(record("low"), "low", "cancelled");
    const normal = queue.submit(record("normal"), "normal", "cancelled");
    release();
    expect(await Promise.all([blocker, low, normal])).toEqual(["first", "low", "normal"]);
    expect(order).toEqual(["normal", "low"]);

    let releaseAgain: () => void = () => {};
    const running = queue.submit(
      () => new Promise<string>((resolve) => (releaseAgain = () => resolve("ran"))),
      "normal",
      "cancelled",
    );
    const waiting = queue.submit(async () => "ran", "normal", "cancelled");
    queue.clear();
    releaseAgain();
    expect(await Promise.all([running, waiting])).toEqual(["ran", "cancelled"]);
  });
});
