import { describe, expect, it } from "vitest";
import type { SignalSeries } from "../inputs.js";
import { DEFAULT_PARAMS } from "../params.js";
import { checkPartCountStalled } from "./part-count-stalled.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const device = {
  id: "vmc-1",
  signals: [
    { id: "execution", role: "execution" as const, heartbeatMs: MINUTE },
    { id: "part_count", role: "part_count" as const, heartbeatMs: MINUTE },
  ],
};
const period = { from: 0, to: 10 * HOUR };
const params = DEFAULT_PARAMS.plausibility; // 2 h of running time, 3 samples
const presence = DEFAULT_PARAMS.presence;

/** ACTIVE reported every minute over [fromMin, toMin). */
function running(fromMin: number, toMin: number): SignalSeries {
  return {
    device: "vmc-1",
    signal: "execution",
    role: "execution",
    points: Array.from({ length: toMin - fromMin }, (_, i) => ({
      t: (fromMin + i) * MINUTE,
      v: "ACTIVE",
      q: "good" as const,
    })),
  };
}

/** part_count reported every minute over [0, minutes), value from `valueAt(minute)`. */
function counter(minutes: number, valueAt: (minute: number) => number): SignalSeries {
  return {
    device: "vmc-1",
    signal: "part_count",
    role: "part_count",
    points: Array.from({ length: minutes }, (_, m) => ({ t: m * MINUTE, v: valueAt(m), q: "good" as const })),
  };
}

describe("checkPartCountStalled (issue 14: production counter not advancing over running time)", () => {
  it("flags 3 h of running with the part counter stuck at one value, with the data behind it", () => {
    const flags = checkPartCountStalled(
      device,
      [running(0, 180), counter(180, () => 42)],
      period,
      params,
      presence,
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      code: "PLAUSIBILITY_PART_COUNT_STALLED",
      check: "plausibility",
      severity: "failure",
      data: {
        signal: "part_count",
        value: 42,
        from: 0,
        to: 179 * MINUTE,
        samples: 180,
        // ACTIVE holds between the first and last counter sample: 179 min.
        runningMs: 179 * MINUTE,
        maxRunningMs: 2 * HOUR,
      },
    });
    expect(flags[0]?.reason).toContain("running for 179 min");
  });

  it("passes an honest machine finishing a part every 20 min, and one long 100-min part", () => {
    const steady = counter(180, (m) => Math.floor(m / 20));
    expect(checkPartCountStalled(device, [running(0, 180), steady], period, params, presence)).toEqual([]);
    const longPart = counter(180, (m) => (m < 100 ? 7 : 8));
    expect(checkPartCountStalled(device, [running(0, 180), longPart], period, params, presence)).toEqual([]);
  });

  it("counts only running time: a stuck counter over 3 h with 1 h ACTIVE is an idle machine", () => {
    expect(
      checkPartCountStalled(device, [running(60, 120), counter(180, () => 5)], period, params, presence),
    ).toEqual([]);
  });

  it("judges only time the counter was observed: a counter silent after its first samples is not judged on the rest", () => {
    expect(
      checkPartCountStalled(device, [running(0, 180), counter(10, () => 5)], period, params, presence),
    ).toEqual([]);
  });

  it("follows the parameter: a long-part enterprise set to 4 h is not flagged at 3 h", () => {
    const longCycle = { ...params, partCountStallRunningMs: 4 * HOUR };
    expect(
      checkPartCountStalled(device, [running(0, 180), counter(180, () => 42)], period, longCycle, presence),
    ).toEqual([]);
  });
});
