// Issue 14 class 3: the spindle turns and the machine runs while the meter declared as feeding it
// reads almost nothing (20 W of noise).
import { stationScenario } from "./station-scenario.js";

export const spindleWithoutPower = stationScenario({
  name: "spindle-without-power",
  class: "physical consistency between related devices (meter feeds machine)",
  forges: "a realistic running CNC; the feeder meter declared in the registry reads ~0 kW and a flat energy",
  expected: {
    kind: "fraud",
    subjects: ["cnc-1"],
    codes: ["PLAUSIBILITY_FEEDER_IDLE_WHILE_RUNNING", "PLAUSIBILITY_FEEDER_ENERGY_FLAT_WHILE_RUNNING"],
  },
  seed: 31,
  bend: (station) => {
    station.meter.dead = true;
  },
});
