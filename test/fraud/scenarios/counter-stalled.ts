// Issue 14 class 1: a machine that reports running, with varying and irregularly timed process
// signals, while its production counter never advances.
import { stationScenario } from "./station-scenario.js";

export const counterStalled = stationScenario({
  name: "counter-stalled",
  class: "production counter that does not advance over running time",
  forges: "cycles of ACTIVE with noisy spindle speed, load and feed; part_count frozen",
  expected: {
    kind: "fraud",
    subjects: ["cnc-1"],
    codes: ["PLAUSIBILITY_PART_COUNT_STALLED"],
  },
  seed: 21,
  bend: (station) => {
    station.cnc.countsParts = false;
  },
});
