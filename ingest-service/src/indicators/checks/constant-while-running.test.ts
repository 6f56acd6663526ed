import { describe, expect, it } from "vitest";
import { cncDevice, HOUR, MINUTE } from "../../../test/indicator-scenarios/fixtures.js";
import type { SignalSeries } from "../inputs.js";
import { DEFAULT_PARAMS } from "../params.js";
import { checkConstantWhileRunning } from "./constant-while-running.js";

const lathe = cncDevice("lathe-1");
const period = { from: 0, to: 4 * HOUR };
const everyMinute = (from: number, to: number, value: (i: number) => number | string) =>
  Array.from({ length: (to - from) / MINUTE }, (_, i) => ({
    t: from + i * MINUTE,
    v: value(i),
    q: "good" as const,
  }));
const execution = (value: string, to = 2 * HOUR): SignalSeries => ({
  device: "lathe-1",
  signal: "execution",
  role: "execution",
  points: everyMinute(0, to, () => value),
});
const load = (value: (i: number) => number): SignalSeries => ({
  device: "lathe-1",
  signal: "spindle_load",
  role: "spindle_load",
  points: everyMinute(0, 4 * HOUR, value),
});
const check = (series: SignalSeries[]) =>
  checkConstantWhileRunning(lathe, series, period, DEFAULT_PARAMS.plausibility, DEFAULT_PARAMS.presence);

describe("checkConstantWhileRunning (INDICATORS §5 plausibility)", () => {
  it("flags a load that never moves during two hours of reported running", () => {
    const flags = check([execution("ACTIVE"), load(() => 42)]);
    expect(flags).toHaveLength(1);
    // The last ACTIVE sample (at 119 min) holds for 3 × its 60 s heartbeat: running until 122 min.
    expect(flags[0]).toMatchObject({
      code: "PLAUSIBILITY_CONSTANT_WHILE_RUNNING",
      data: { signal: "spindle_load", value: 42, samples: 122, runningMs: 122 * MINUTE },
    });
  });

  it("passes a load that moves, even by one step", () => {
    expect(check([execution("ACTIVE"), load((i) => (i === 60 ? 43 : 42))])).toEqual([]);
  });

  it("judges only the running time: a load constant while idle is fine", () => {
    expect(check([execution("READY"), load(() => 0)])).toEqual([]);
  });

  it("needs the minimum running time before judging", () => {
    expect(check([execution("ACTIVE", 30 * MINUTE), load(() => 42)])).toEqual([]);
  });

  it("leaves roles that may legitimately hold still alone", () => {
    const speed: SignalSeries = { ...load(() => 1200), signal: "spindle_speed", role: "spindle_speed" };
    expect(check([execution("ACTIVE"), speed])).toEqual([]);
  });
});
