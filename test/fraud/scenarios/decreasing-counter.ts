// A part counter that goes down now and then, with no reset event and no gap.
import type { Station } from "../forger/station.js";
import { stationScenario } from "./station-scenario.js";

/** Frames sent per station (per run): the drop grows with them. */
const framesOf = new WeakMap<Station, number>();

export const decreasingCounter = stationScenario({
  name: "decreasing-counter",
  class: "plausibility: cumulative counter decreasing without a reset",
  forges: "a realistic stream whose part_count drops by 3 every 15th frame",
  expected: { kind: "fraud", subjects: ["cnc-1"], codes: ["PLAUSIBILITY_COUNTER_DECREASED"] },
  seed: 91,
  rewrite: (out, _t, station) => {
    const frames = (framesOf.get(station) ?? 0) + 1;
    framesOf.set(station, frames);
    const drop = Math.floor(frames / 15) * 3;
    return out.map((f) => ({
      dev: f.dev,
      samples: f.samples.map((s) =>
        s.s === "part_count" && typeof s.v === "number" ? { ...s, v: s.v - drop } : s,
      ),
    }));
  },
});
