import type { Sample } from "@onramp/profiles";
import { describe, expect, it } from "vitest";
import { SourceOrder } from "./source-order.js";

const sample = (signal: string, value: number, sourceTs: number): Sample => ({
  signal,
  value,
  quality: "good",
  sourceTs,
});

describe("SourceOrder", () => {
  it("re-stamps with its receipt time a re-created subscription's first value, older than the replays already sent", () => {
    const order = new SourceOrder();
    // First notification at 10 s (the value last changed then), replays vouched at 70 s and 130 s.
    expect(order.order(sample("program", 7, 10_000), 10_050).sourceTs).toBe(10_000);
    expect(order.order(sample("program", 7, 70_000), 70_000).sourceTs).toBe(70_000);
    expect(order.order(sample("program", 7, 130_000), 130_000).sourceTs).toBe(130_000);
    // The session was lost and the subscription re-created: the current value, last changed at 10 s.
    const again = order.order(sample("program", 7, 10_000), 151_000);
    expect(again).toEqual(sample("program", 7, 151_000));
    expect(order.restamped).toBe(1);
  });

  it("keeps the device's own times while they move forward, per signal", () => {
    const order = new SourceOrder();
    expect(order.order(sample("spindle_speed", 1, 5_000), 9_000).sourceTs).toBe(5_000);
    expect(order.order(sample("feed_rate", 1, 1_000), 9_000).sourceTs).toBe(1_000);
    expect(order.order(sample("spindle_speed", 2, 5_000), 9_500).sourceTs).toBe(5_000);
    expect(order.order(sample("spindle_speed", 3, 6_000), 9_600).sourceTs).toBe(6_000);
    expect(order.restamped).toBe(0);
  });

  it("never stamps before the last delivered time, even when receipt time lags a server clock ahead", () => {
    const order = new SourceOrder();
    order.order(sample("execution", 1, 200_000), 100_000);
    expect(order.order(sample("execution", 1, 150_000), 120_000).sourceTs).toBe(200_000);
  });
});
