import type { Sample } from "@onramp/contract";
import { describe, expect, it } from "vitest";
import { FrameDeviceTimesSchema, sampleTimesOf } from "./inputs.js";

const sample = (s: string, t: number): Sample => ({ s, v: 1, q: "good", t });

describe("sampleTimesOf (what the frame log keeps of a data frame's samples)", () => {
  it("groups times by signal, signals in the order of their first sample, times in sample order", () => {
    const times = sampleTimesOf([
      {
        dev: "lathe-1",
        samples: [sample("execution", 2_000), sample("spindle_speed", 2_000), sample("execution", 1_000)],
      },
    ]);
    expect(times).toEqual([{ dev: "lathe-1", times: { execution: [2_000, 1_000], spindle_speed: [2_000] } }]);
    expect(Object.keys(times[0]?.times ?? {})).toEqual(["execution", "spindle_speed"]);
  });

  it("keeps one entry per device entry of the frame, and parses with its schema", () => {
    const times = sampleTimesOf([
      { dev: "meter-1", samples: [sample("energy_total", 5)] },
      { dev: "meter-1", samples: [sample("energy_total", 6)] },
    ]);
    expect(times).toEqual([
      { dev: "meter-1", times: { energy_total: [5] } },
      { dev: "meter-1", times: { energy_total: [6] } },
    ]);
    for (const entry of times) expect(FrameDeviceTimesSchema.parse(entry)).toEqual(entry);
  });

  it("takes a signal named like an Object.prototype member as any other", () => {
    const times = sampleTimesOf([
      { dev: "plc-1", samples: [sample("constructor", 1), sample("constructor", 2)] },
    ]);
    expect(times[0]?.times.constructor).toEqual([1, 2]);
  });
});
