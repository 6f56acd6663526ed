// Issue 14 "also found": equipment exists only if a gateway announces it, so an enterprise that
// never announces its unconnected machines gets 100 % by omission. Here the enterprise declares
// six key-process CNCs through the registry (as its questionnaire would); its gateway announces
// one CNC and its meter, honestly streamed. The four never-announced CNCs and the press must
// count against the verified rate.
import { Station } from "../forger/station.js";
import { startStation } from "./station-scenario.js";
import type { Scenario } from "./types.js";

const UNANNOUNCED = ["cnc-2", "cnc-3", "cnc-4", "cnc-5", "press-1"];

export const unannouncedEquipment: Scenario = {
  name: "unannounced-equipment",
  class: "key-process equipment declared in the registry, unannounced equipment counts against the rate",
  forges:
    "6 key-process machines declared through the registry API; the gateway announces 1 CNC (+ its meter)",
  expected: { kind: "fraud", subjects: UNANNOUNCED, codes: [], counted: true },
  async start(ctx) {
    const station = await Station.create("cnc-1", 141);
    const running = await startStation(ctx, await ctx.enroll(), station, { seed: 141 });
    for (const id of UNANNOUNCED)
      await ctx.registry.declareEquipment(ctx.ent, {
        id,
        name: `declared ${id}`,
        class: id.startsWith("press") ? "press" : "cnc_machine_tool",
        keyProcess: true,
        // What the enterprise claims: digital and networked, which no gateway ever shows.
        digital: true,
        networked: true,
        cnc: id.startsWith("cnc"),
      });
    return running;
  },
};
