import { type ModbusPlant, PROFILE_OF_KIND, startModbusPlant } from "@onramp/simulators";
import { describe, expect, it } from "vitest";
import { testConfig } from "./fixture.js";
import { aedesPeer, type Peer, useEndToEnd } from "./harness.js";

const LIBRARY = new URL("../../../device-profiles/", import.meta.url).pathname;

/** Two plants as two enterprises of the demo park would run them: one seed each. */
function twoPlantsPeer(): Peer<ModbusPlant[]> {
  const units = [
    { unit: 1, kind: "fx5u" as const },
    { unit: 2, kind: "cnc-modbus" as const },
  ];
  return {
    start: async () => [
      await startModbusPlant({ seed: 1, units }),
      await startModbusPlant({ seed: 2, units }),
    ],
    stop: async (plants) => {
      for (const plant of plants) await plant.stop();
    },
  };
}

// Issue 14: the Modbus PLC and CNC of the library read their identity, so the agent announces a
// fingerprint for each — the first step to "connected" — and no two simulated machines share one.
describe("agent → aedes: the Modbus FX5U and CNC announce their own identity in the birth", () => {
  const e2e = useEndToEnd({ broker: aedesPeer, device: twoPlantsPeer() });

  it("announces a modbus-serial-register fingerprint per device, all four distinct", {
    timeout: 60_000,
  }, async () => {
    const { device: plants, ws, collector } = e2e;
    const devices = plants.flatMap((plant, p) =>
      plant.units.map((u) => ({
        id: `${u.kind}-${p + 1}`,
        profile: `${LIBRARY}${PROFILE_OF_KIND[u.kind]}`,
        connection: `modbus-tcp://127.0.0.1:${plant.port}?unit=${u.unit}&timeout=1000`,
      })),
    );
    await ws.writeConfig(testConfig(devices));
    await e2e.startAgent();
    const birth = await collector.waitFor(
      "a birth with every device's identity",
      () =>
        collector
          .ofKind("birth")
          .find((b) => b.devices.length === devices.length && b.devices.every((d) => d.identity !== null)),
      45_000,
    );
    const identities = new Map(birth.devices.map((d) => [d.id, d.identity]));
    expect(identities.get("fx5u-1")).toMatchObject({
      source: "modbus-serial-register",
      fields: { serial_number: "FX5U-20001001", model: "FX5U-32MT/ES", firmware_version: "128" },
    });
    expect(identities.get("cnc-modbus-2")).toMatchObject({
      source: "modbus-serial-register",
      fields: { serial_number: "CNC-20002002", model: "K1000TiC", software_version: "V3.2.1" },
    });
    const fingerprints = birth.devices.map((d) => d.identity?.fingerprint);
    expect(new Set(fingerprints).size).toBe(4);
    expect(collector.rejected).toEqual([]);
  });
});
