// A cloned identity: the forged CNC announces the fingerprint (and identity fields) of the honest
// agent-run enterprise's first OPC UA CNC, read from the registry as a bureau token could.
import { stationScenario } from "./station-scenario.js";

interface RegistryDevice {
  readonly id: string;
  readonly fingerprint: string | null;
  readonly identitySource: string | null;
}

export const clonedIdentity = stationScenario({
  name: "cloned-identity",
  class: "uniqueness: one identity under two enterprises",
  forges: "a realistic stream under the identity fingerprint of another enterprise's real CNC",
  expected: { kind: "fraud", subjects: ["cnc-1"], codes: ["UNIQUENESS_FINGERPRINT_OTHER_ENTERPRISE"] },
  seed: 121,
  birth: async (station, ctx) => {
    // The agent announces the identity once it has read it from the machine: wait for it.
    const deadline = Date.now() + 90_000;
    let victim: RegistryDevice | undefined;
    while (victim?.fingerprint == null && Date.now() < deadline) {
      const devices = await ctx.api.call<RegistryDevice[]>(
        "GET",
        `/enterprises/${ctx.peers.agentEnt}/devices`,
      );
      victim = devices.find((d: RegistryDevice) => d.id === "cnc-1");
      if (victim?.fingerprint == null) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const fingerprint = victim?.fingerprint ?? null;
    if (fingerprint === null) throw new Error("the honest enterprise's cnc-1 has no fingerprint to clone");
    const [cnc, meter] = station.birth();
    if (cnc === undefined || meter === undefined) throw new Error("station birth");
    return [
      {
        ...cnc,
        identity: {
          fingerprint,
          source: victim?.identitySource ?? "opcua-machine-tool-identification",
          fields: { note: "copied from the registry" },
        },
      },
      meter,
    ];
  },
});
