// Answers challenges on time, signed, nonce echoed — with values the stream contradicts: a stopped
// spindle and a counter 500 parts lower while the stream says the machine runs.
import { stationScenario } from "./station-scenario.js";

export const contradictingChallenge = stationScenario({
  name: "contradicting-challenge",
  class: "liveness: challenge reply contradicts the stream",
  forges: "fresh-timestamped replies whose numbers are ×3 (meter) or −500 parts / 0 r/min (CNC)",
  expected: {
    kind: "fraud",
    subjects: ["cnc-1", "meter-cnc-1"],
    codes: ["LIVENESS_INCONSISTENT_WITH_STREAM"],
  },
  seed: 81,
  answer: (cmd, station) => ({
    samples: station.answer(cmd).map((s) => {
      if (typeof s.v !== "number") return s;
      if (s.s === "part_count") return { ...s, v: s.v - 500 };
      if (s.s === "spindle_speed") return { ...s, v: 0 };
      return { ...s, v: Math.round(s.v * 3 + 50) };
    }),
  }),
});
