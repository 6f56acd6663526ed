// Child process of `npm run demo`: every enterprise's simulators — an OPC UA server with its CNC
// machines (OPC 40501 Machine Tools model) and a Modbus TCP gateway with a PLC, a CNC and two meters;
// for some, a Siemens S7 PLC line (Snap7) or an MTConnect machine tool (park.ts `extras`).
// Prints one JSON line with the endpoints, then serves until SIGTERM/SIGINT.
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  ALWAYS_ON,
  type CncSimulator,
  type ModbusPlant,
  MTCONNECT_MACHINE_PROFILE,
  S7_LINE_PROFILE,
  startCncSimulator,
  startModbusPlant,
  startMtconnectAgentSimulator,
  startS7LineSimulator,
} from "@onramp/simulators";
import { MODBUS_UNITS, planPark, type SimulatedEnterprise } from "./park.js";

const { values } = parseArgs({
  options: {
    enterprises: { type: "string" },
    machines: { type: "string" },
    "data-dir": { type: "string" },
  },
});
const park = planPark(Number(values.enterprises));
const machines = Number(values.machines);
const dataDir = values["data-dir"] ?? ".onramp-data/demo";

const cncs: CncSimulator[] = [];
const plants: ModbusPlant[] = [];
const others: { stop(): Promise<void> }[] = [];
const stop = async () => {
  await Promise.allSettled([
    ...cncs.map((s) => s.stop()),
    ...plants.map((p) => p.stop()),
    ...others.map((o) => o.stop()),
  ]);
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());

/**
 * The park's machines were set up for their first batch before the demo switched them on: each
 * runs its first cycle within a minute or so (later setups take their usual 5–25 min), so every
 * CNC is seen running (execution=ACTIVE, INDICATORS §2.3) within the demo's first minutes.
 */
const FIRST_BATCH_SET_UP = { firstSetupMinutes: [0.25, 1.5] as const };
const started = await Promise.all(
  park.map(async (ent): Promise<SimulatedEnterprise> => {
    // OPC UA machine i is seeded seed × 1000 + i, Modbus unit u seed × 1000 + u: from the third
    // machine on, machine 2 would run the Modbus CNC's (unit 2) very behaviour — one series under
    // two devices, which the copied-stream check rightly flags. Those machines get seeds of their own.
    const ownSeed = (i: number) => (i >= 2 ? { seed: ent.seed * 1000 + 100 + i } : {});
    const specs = Array.from({ length: machines }, (_, i) => ({
      behaviour: { ...ownSeed(i), ...FIRST_BATCH_SET_UP },
    }));
    const cnc = await startCncSimulator({
      host: "127.0.0.1",
      port: 0,
      pkiDir: join(dataDir, "sim-pki", ent.id),
      machines: specs,
      seed: ent.seed,
      schedule: ALWAYS_ON,
    });
    cncs.push(cnc);
    const plant = await startModbusPlant({
      host: "127.0.0.1",
      seed: ent.seed,
      schedule: ALWAYS_ON,
      machineBehaviour: FIRST_BATCH_SET_UP,
      units: MODBUS_UNITS.map((u) => ({
        unit: u.unit,
        kind: u.kind,
        ...("meters" in u ? { meters: u.meters } : {}),
      })),
    });
    plants.push(plant);
    const s7 = ent.extras.includes("s7-line")
      ? await startS7LineSimulator({ host: "127.0.0.1", port: 0, seed: ent.seed, schedule: ALWAYS_ON })
      : undefined;
    if (s7) others.push(s7);
    const mtconnect = ent.extras.includes("mtconnect-machine")
      ? await startMtconnectAgentSimulator({
          host: "127.0.0.1",
          port: 0,
          seed: ent.seed,
          schedule: ALWAYS_ON,
          behaviour: FIRST_BATCH_SET_UP,
        })
      : undefined;
    if (mtconnect) others.push(mtconnect);
    return {
      id: ent.id,
      cnc: {
        endpointUrl: cnc.endpointUrl,
        roots: cnc.machines.map((m) => m.rootBrowsePath),
        serials: cnc.machines.map((m) => m.serialNumber),
      },
      modbus: { port: plant.port, units: plant.units.map((u) => ({ unit: u.unit, profile: u.profile })) },
      ...(s7 ? { s7: { port: s7.port, profile: S7_LINE_PROFILE } } : {}),
      ...(mtconnect
        ? {
            mtconnect: { port: mtconnect.port, device: mtconnect.device, profile: MTCONNECT_MACHINE_PROFILE },
          }
        : {}),
    };
  }),
);
process.stdout.write(`${JSON.stringify({ ready: started })}\n`);
