// Issue 14 "also found": a counter drop right after the gateway's own signed disconnected /
// connected pair was accepted as a reset on the gateway's word alone. Here the pair is sent while
// data keeps flowing (no real gap), and the next sample's part_count is 800 lower (not 0, which
// counts as a reset by the indicators' own rule).
import type { Station } from "../forger/station.js";
import { stationScenario } from "./station-scenario.js";

/** When the counter drops, per station (per run): at the `connected` event of the pair. */
const dropAtOf = new WeakMap<Station, number>();

export const resetAfterOwnStatus = stationScenario({
  name: "reset-after-own-status",
  class: "resets accepted only when a real gap in the data corroborates them",
  forges:
    "a signed disconnected+connected pair mid-run with data on both sides; the next part_count is 800 lower",
  expected: {
    kind: "fraud",
    subjects: ["cnc-1"],
    codes: ["PLAUSIBILITY_COUNTER_RESET_UNCORROBORATED", "PLAUSIBILITY_COUNTER_DECREASED"],
  },
  seed: 61,
  rewrite: (frames, t, station) =>
    t < (dropAtOf.get(station) ?? Number.POSITIVE_INFINITY)
      ? frames
      : frames.map((f) => ({
          dev: f.dev,
          samples: f.samples.map((s) =>
            s.s === "part_count" && typeof s.v === "number" ? { ...s, v: s.v - 800 } : s,
          ),
        })),
  alongside: (gw, station, ctx) => {
    const timer = setTimeout(() => {
      // The reset is dated at the `connected` event (min of its time and its receipt): the first
      // sample after it carries the drop, so the reset lies between the last normal point and the
      // dropped one — exactly what a reset on the gateway's word alone lets through.
      const t = Date.now();
      dropAtOf.set(station, t + 1);
      void gw
        .status([
          { dev: station.cncId, state: "disconnected", t },
          { dev: station.cncId, state: "connected", t: t + 1 },
        ])
        .catch((error: Error) => ctx.note(`status pair failed: ${error.message}`));
    }, ctx.runMs / 2);
    return async () => clearTimeout(timer);
  },
});
