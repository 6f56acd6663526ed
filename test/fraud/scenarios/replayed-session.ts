// A replayed session: the gateway records its first session's signed frames, reconnects (a new
// session) and, from then on, publishes the old session's exact bytes again every 20 s — the
// old session reappearing after a newer one, with sample times going back.
import { stationScenario } from "./station-scenario.js";

export const replayedSession = stationScenario({
  name: "replayed-session",
  class: "replay: old session's signed frames published again",
  forges: "after run/4, a reconnection, then the first session's data frames re-sent verbatim every 20 s",
  expected: { kind: "fraud", subjects: ["cnc-1", "meter-cnc-1"], codes: ["REPLAY_*"] },
  seed: 111,
  alongside: (gw, station, ctx) => {
    let replays: NodeJS.Timeout | undefined;
    const start = setTimeout(() => {
      const recorded = gw.sent.filter((f) => f.kind === "data").slice(0, 20);
      void (async () => {
        await gw.disconnect(true);
        await gw.connect(station.birth());
        const replay = async () => {
          for (const f of recorded) await gw.publishBytes("data", f.bytes, f.body);
        };
        await replay();
        replays = setInterval(() => void replay().catch(() => {}), 20_000);
      })().catch((error: Error) => ctx.note(`replay failed: ${error.message}`));
    }, ctx.runMs / 4);
    return async () => {
      clearTimeout(start);
      clearInterval(replays);
    };
  },
});
