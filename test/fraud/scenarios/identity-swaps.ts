// Issue 14 class 4: the identity fingerprint changes at every reconnection — machines swapped in
// and out under one device id. The gateway reconnects (a new session, a new birth) about every
// eighth of the run with another serial number; the mapping digest stays the same.
import { stationScenario } from "./station-scenario.js";

export const identitySwaps = stationScenario({
  name: "identity-swaps",
  class: "identity changes audited like mapping changes, repeated swaps a failure",
  forges:
    "reconnects every run/8 of the judged period (≥ 20 s, none in its last 40 %) announcing cnc-1 with a different serial number each time",
  expected: {
    kind: "fraud",
    subjects: ["cnc-1"],
    codes: ["IDENTITY_REPEATED_CHANGES"],
  },
  seed: 41,
  alongside: (gw, station, ctx) => {
    let swaps = 0;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const every = Math.max(20_000, ctx.runMs / 8);
    // Paced from the judged period's start, not this scenario's: on a loaded machine the other
    // scenarios take minutes to start, and swaps made before the period are not judged. No swap
    // in its last 40 %: the bureau's challenge comes then, and one that lands on a reconnection
    // (clean session) would fail for "no reply" instead of the identity audit.
    void ctx.judgedFrom.then((from) => {
      if (stopped) return;
      const swapUntil = from + ctx.runMs * 0.6;
      timer = setInterval(() => {
        if (Date.now() > swapUntil) return;
        swaps++;
        void (async () => {
          await gw.disconnect(true);
          await gw.connect(station.birth(`SWAP${swaps.toString().padStart(4, "0")}`));
        })().catch((error: Error) => ctx.note(`swap ${swaps} failed: ${error.message}`));
      }, every);
    });
    return async () => {
      stopped = true;
      clearInterval(timer);
      ctx.note(`${swaps} identity swaps`);
    };
  },
});
