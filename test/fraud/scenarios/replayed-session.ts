// A replayed session: "yesterday's" recording of this gateway — a session whose frames were signed
// 24 h ago with sample times of then — published after the live session began, and again every
// 20 s: an old session reappearing after a newer one, its samples going back a day. (Re-sending a
// frame verbatim within the hour is an at-least-once redelivery the ledger dedupes, not a fraud.)
import { randomBytes } from "node:crypto";
import { signBody } from "../forger/jws.js";
import { Station } from "../forger/station.js";
import { stationScenario } from "./station-scenario.js";

const DAY_MS = 86_400_000;

export const replayedSession = stationScenario({
  name: "replayed-session",
  class: "replay: an old session's signed frames published again",
  forges:
    "30 frames of a session signed 24 h ago (its samples of then), published after run/4 and every 20 s",
  expected: {
    kind: "fraud",
    subjects: ["cnc-1", "meter-cnc-1"],
    codes: ["REPLAY_SESSION_REAPPEARED", "REPLAY_SAMPLE_TIME_BACKWARDS"],
  },
  seed: 111,
  alongside: async (gw, _station, ctx) => {
    // The recording: the same machines a day earlier, as the gateway signed them then.
    const then = await Station.create("cnc-1", 112);
    const sess = randomBytes(12).toString("base64url");
    const { ent, gw: gwId } = gw.enrollment;
    const start = Date.now() - DAY_MS;
    const recorded = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const ts = start + i * 2100 + (i % 3) * 170;
        const body = { v: 1, kind: "data", ent, gw: gwId, sess, seq: i + 2, ts, devices: then.frame(ts) };
        return { body, bytes: await signBody(body, gw.enrollment.key) };
      }),
    );
    const replay = async () => {
      for (const f of recorded) await gw.publishBytes("data", f.bytes, f.body);
    };
    let every: NodeJS.Timeout | undefined;
    const first = setTimeout(() => {
      void replay().catch((error: Error) => ctx.note(`replay failed: ${error.message}`));
      every = setInterval(() => void replay().catch(() => {}), 20_000);
    }, ctx.runMs / 4);
    return async () => {
      clearTimeout(first);
      clearInterval(every);
    };
  },
});
