// Issue 14 class 1: a machine that reports running, with varying and irregularly timed process
// signals, while its production counter never advances.
import { stationScenario } from "./station-scenario.js";

export const counterStalled = stationScenario({
  name: "counter-stalled",
  class: "production counter that does not advance over running time",
  forges: "ACTIVE throughout with noisy, irregularly timed spindle speed, load and feed; part_count frozen",
  expected: {
    kind: "fraud",
    subjects: ["cnc-1"],
    codes: ["PLAUSIBILITY_PART_COUNT_STALLED"],
  },
  seed: 21,
  bend: (station) => {
    station.cnc.countsParts = false;
    // "Reports running for hours": one long ACTIVE stretch with varying spindle, load and feed,
    // so the short run's judged minutes hold more running time than its stall threshold.
    station.cnc.alwaysRunning = true;
  },
});
