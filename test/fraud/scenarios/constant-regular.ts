// The naive fake: values that never vary on a perfect 1-second beat while "running".
import type { Station } from "../forger/station.js";
import { stationScenario } from "./station-scenario.js";

/** The first frame's values, per station (per run). */
const frozenOf = new WeakMap<Station, Map<string, unknown>>();

export const constantRegular = stationScenario({
  name: "constant-regular",
  class: "plausibility: constant values on a perfectly regular beat",
  forges: "the first frame's values repeated every 1,000 ms exactly, execution ACTIVE",
  expected: {
    kind: "fraud",
    subjects: ["cnc-1", "meter-cnc-1"],
    codes: [
      "PLAUSIBILITY_SPACING_TOO_REGULAR",
      "PLAUSIBILITY_CONSTANT_WHILE_RUNNING",
      "PLAUSIBILITY_PERIODIC_SIGNAL",
    ],
  },
  seed: 101,
  beat: { minMs: 1000, maxMs: 1000 },
  bend: (station) => {
    station.cnc.alwaysRunning = true;
  },
  rewrite: (frames, t, station) => {
    const at = Math.round(t / 1000) * 1000;
    const values =
      frozenOf.get(station) ?? new Map(frames.flatMap((f) => f.samples.map((s) => [`${f.dev}/${s.s}`, s.v])));
    frozenOf.set(station, values);
    return frames.map((f) => ({
      dev: f.dev,
      samples: f.samples.map((s) => ({ ...s, v: values.get(`${f.dev}/${s.s}`) as typeof s.v, t: at })),
    }));
  },
});
