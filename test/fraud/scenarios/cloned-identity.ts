// A cloned identity: the forged CNC announces the fingerprint of another enterprise's real CNC,
// read from the registry as a bureau-side reader could. The victim is an enterprise of this
// scenario's own (`<ent>-victim`, an honest synthetic CNC): cloning an honest enterprise of the
// suite would flag it too — rightly, the ingest cannot tell original from clone by the fingerprint
// alone — and blur the honest rows of the table.
import { Station } from "../forger/station.js";
import { startStation, waitForDevices } from "./station-scenario.js";
import type { Scenario } from "./types.js";

interface RegistryDevice {
  readonly id: string;
  readonly fingerprint: string | null;
  readonly identitySource: string | null;
}

export const clonedIdentity: Scenario = {
  name: "cloned-identity",
  class: "uniqueness: one identity under two enterprises",
  forges: "a realistic stream under the identity fingerprint of another enterprise's CNC",
  expected: { kind: "fraud", subjects: ["cnc-1"], codes: ["UNIQUENESS_FINGERPRINT_OTHER_ENTERPRISE"] },
  async start(ctx) {
    const victimEnt = `${ctx.ent}-victim`;
    await ctx.api.createEnterprise(victimEnt, "victim of cloned-identity");
    const victimCtx = { ...ctx, ent: victimEnt, enroll: () => ctx.enroll("gw-1", victimEnt) };
    const victim = await startStation(
      victimCtx,
      await victimCtx.enroll(),
      await Station.create("cnc-1", 122),
      {
        seed: 122,
      },
    );
    await waitForDevices(victimCtx, ["cnc-1"]);
    const devices = await ctx.api.call<RegistryDevice[]>("GET", `/enterprises/${victimEnt}/devices`);
    const original = devices.find((d: RegistryDevice) => d.id === "cnc-1");
    if (original?.fingerprint == null) throw new Error("the victim's cnc-1 has no fingerprint to clone");
    const clone = await Station.create("cnc-1", 121);
    const fraud = await startStation(ctx, await ctx.enroll(), clone, {
      seed: 121,
      birth: async (station) => {
        const [cnc, meter] = station.birth();
        if (cnc === undefined || meter === undefined) throw new Error("station birth");
        const identity = {
          fingerprint: original.fingerprint as string,
          source: original.identitySource ?? "modbus-serial-register",
          fields: { serialNumber: "SN000122" },
        };
        return [{ ...cnc, identity }, meter];
      },
    });
    return {
      async stop() {
        await fraud.stop();
        await victim.stop();
      },
    };
  },
};
