// Issue 14 "also found": a device that sends only bad-quality samples with no values counted as
// online and networked. Remedy (INDICATORS §4 last sentence): only good-quality samples that carry a
// value make a device online or complete — so no flag is required, only that it does not count.
import { stationScenario } from "./station-scenario.js";

export const badQualityOnly = stationScenario({
  name: "bad-quality-only",
  class: "only good-quality samples with values make a device online",
  forges: "every signal of both devices at q=bad, v=null, on an irregular beat; challenges answered the same",
  expected: { kind: "fraud", subjects: ["cnc-1", "meter-cnc-1"], codes: [] },
  seed: 51,
  rewrite: (frames) =>
    frames.map((f) => ({
      dev: f.dev,
      samples: f.samples.map((s) => ({ ...s, v: null, q: "bad" as const })),
    })),
  answer: (cmd, station) => ({
    samples: station.answer(cmd).map((s) => ({ ...s, v: null, q: "bad" as const })),
  }),
});
