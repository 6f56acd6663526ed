// Adversary: answers every challenge with a reply built from an earlier read — the values and
// source timestamps its devices reported in the first 60 s of the run — re-signed with the new nonce.
import type { ForgedSample } from "../forger/gateway.js";
import type { Station } from "../forger/station.js";
import { stationScenario } from "./station-scenario.js";

/** Per station (per run): its first frame's time and the reads recorded up to 60 s after it. */
const recordingOf = new WeakMap<Station, { started: number; reads: Map<string, ForgedSample[]> }>();

export const challengeReplyReplay = stationScenario({
  name: "challenge-reply-replay",
  class: "liveness: a challenge answered with an old read",
  forges: "challenge replies carrying samples recorded ~60 s into the run (old source times), new nonce",
  expected: { kind: "fraud", subjects: ["cnc-1", "meter-cnc-1"], codes: ["LIVENESS_STALE_VALUES"] },
  seed: 161,
  rewrite: (frames, t, station) => {
    const recording = recordingOf.get(station) ?? { started: t, reads: new Map<string, ForgedSample[]>() };
    recordingOf.set(station, recording);
    for (const f of frames) if (t < recording.started + 60_000) recording.reads.set(f.dev, f.samples);
    return frames;
  },
  answer: (cmd, station) => ({
    samples: (recordingOf.get(station)?.reads.get(cmd.dev) ?? []).filter(
      (s) => cmd.signals?.includes(s.s) ?? true,
    ),
  }),
});
