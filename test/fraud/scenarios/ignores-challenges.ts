// A gateway that streams realistic data but never answers the bureau's challenge.
import { stationScenario } from "./station-scenario.js";

export const ignoresChallenges = stationScenario({
  name: "ignores-challenges",
  class: "liveness: no reply to the challenge",
  forges: "a realistic stream; every challenge cmd is dropped",
  expected: { kind: "fraud", subjects: ["cnc-1", "meter-cnc-1"], codes: ["LIVENESS_NO_REPLY"] },
  seed: 71,
  answer: () => undefined,
});
