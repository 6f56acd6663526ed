// Honest (b): an enterprise with realistic synthetic signals from the forger's code path —
// irregular timing, noise, counters advancing with running time, meters following their machines —
// two CNCs, each with its meter declared as feeding it. Nothing bent: every check must pass.
import { Station } from "../forger/station.js";
import { startStation } from "./station-scenario.js";
import type { Scenario } from "./types.js";

export const honestSynthetic: Scenario = {
  name: "honest-synthetic",
  class: "honest",
  forges: "nothing: two realistic CNCs with their feeder meters, challenges answered with fresh reads",
  expected: { kind: "honest" },
  async start(ctx) {
    const running = await Promise.all(
      [11, 12].map(async (seed, i) => {
        const station = await Station.create(`cnc-${i + 1}`, seed);
        return startStation(ctx, await ctx.enroll(`gw-${i + 1}`), station, { seed });
      }),
    );
    return { stop: async () => void (await Promise.all(running.map((r) => r.stop()))) };
  },
};
