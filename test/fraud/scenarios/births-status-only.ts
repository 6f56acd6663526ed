// A gateway that sends births and "connected" status events, and never a data frame.
import { Station } from "../forger/station.js";
import { waitForDevices } from "./station-scenario.js";
import type { Scenario } from "./types.js";

export const birthsStatusOnly: Scenario = {
  name: "births-status-only",
  class: "presence: births and status without data",
  forges: "a birth, then a connected status for both devices every 20 s; challenges answered honestly",
  expected: { kind: "fraud", subjects: ["cnc-1", "meter-cnc-1"], codes: [] },
  async start(ctx) {
    const station = await Station.create("cnc-1", 131);
    const gw = await ctx.enroll();
    gw.onChallenge = (cmd) => ({ samples: station.answer(cmd) });
    await gw.connect(station.birth());
    await waitForDevices(ctx, [station.cncId, station.meterId]);
    await ctx.registry.declareKeyProcess(ctx.ent, gw.enrollment.gw, station.cncId, true);
    const send = () =>
      gw
        .status(
          [station.cncId, station.meterId].map((dev) => ({
            dev,
            state: "connected" as const,
            t: Date.now(),
          })),
        )
        .catch(() => {});
    await send();
    const timer = setInterval(() => void send(), 20_000);
    return {
      async stop() {
        clearInterval(timer);
        await gw.disconnect(true).catch(() => {});
      },
    };
  },
};
