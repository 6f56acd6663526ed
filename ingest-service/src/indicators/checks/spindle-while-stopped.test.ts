import { describe, expect, it } from "vitest";
import { cncDevice, SECOND } from "../../../test/indicator-scenarios/fixtures.js";
import type { SignalSeries } from "../inputs.js";
import { DEFAULT_PARAMS } from "../params.js";
import { checkSpindleWhileStopped } from "./spindle-while-stopped.js";

const lathe = cncDevice("lathe-1");
const execution = (points: [number, string][], signal = "execution"): SignalSeries => ({
  device: "lathe-1",
  signal,
  role: "execution",
  points: points.map(([t, v]) => ({ t, v, q: "good" })),
});
const spindle = (points: [number, number][]): SignalSeries => ({
  device: "lathe-1",
  signal: "spindle_speed",
  role: "spindle_speed",
  points: points.map(([t, v]) => ({ t, v, q: "good" })),
});
const check = (series: SignalSeries[]) =>
  checkSpindleWhileStopped(lathe, series, DEFAULT_PARAMS.plausibility, DEFAULT_PARAMS.presence, 5);

describe("checkSpindleWhileStopped (INDICATORS §5 plausibility)", () => {
  it("flags a spindle turning long after execution said stopped", () => {
    const flags = check([
      execution([
        [0, "ACTIVE"],
        [60 * SECOND, "STOPPED"],
      ]),
      spindle([
        [30 * SECOND, 1200],
        [65 * SECOND, 300],
        [90 * SECOND, 1200],
        [100 * SECOND, 0],
      ]),
    ]);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      code: "PLAUSIBILITY_SPINDLE_WHILE_STOPPED",
      data: { count: 1, examples: [{ t: 90 * SECOND, v: 1200, stoppedSince: 60 * SECOND }] },
    });
  });

  it("measures the grace from the start of the stop, not from the latest repeat of STOPPED", () => {
    const flags = check([
      execution([
        [0, "STOPPED"],
        [60 * SECOND, "STOPPED"],
      ]),
      spindle([[61 * SECOND, 500]]),
    ]);
    expect(flags).toHaveLength(1);
  });

  it("passes a spindle turning while another channel of the controller is ACTIVE", () => {
    expect(
      check([
        execution([[0, "STOPPED"]], "execution"),
        execution([[0, "ACTIVE"]], "execution_2"),
        spindle([[30 * SECOND, 800]]),
      ]),
    ).toEqual([]);
  });

  it("does not judge when the execution state is unknown (too old)", () => {
    expect(check([execution([[0, "STOPPED"]]), spindle([[10 * 60 * SECOND, 800]])])).toEqual([]);
  });

  it("passes READY with a turning spindle (manual jog), which is not stopped", () => {
    expect(check([execution([[0, "READY"]]), spindle([[30 * SECOND, 800]])])).toEqual([]);
  });
});
