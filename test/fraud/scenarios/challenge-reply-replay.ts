// Adversary: answers every challenge with a reply built from an earlier read — the values and
// source timestamps its devices reported a minute into the run — re-signed with the new nonce.
import type { ForgedSample } from "../forger/gateway.js";
import { stationScenario } from "./station-scenario.js";

const recorded = new Map<string, ForgedSample[]>();
const started = Date.now();

export const challengeReplyReplay = stationScenario({
  name: "challenge-reply-replay",
  class: "liveness: a challenge answered with an old read",
  forges: "challenge replies carrying samples recorded ~60 s into the run (old source times), new nonce",
  expected: { kind: "fraud", subjects: ["cnc-1", "meter-cnc-1"], codes: ["LIVENESS_STALE_VALUES"] },
  seed: 161,
  rewrite: (frames, t) => {
    for (const f of frames) if (!recorded.has(f.dev) || t < started + 60_000) recorded.set(f.dev, f.samples);
    return frames;
  },
  answer: (cmd) => ({
    samples: (recorded.get(cmd.dev) ?? []).filter((s) => cmd.signals?.includes(s.s) ?? true),
  }),
});
