// Child process of the fraud suite: the honest agent-run enterprise's machines — an OPC UA server
// with two CNCs (OPC 40501), the second of which sits idle for hours (its operator's setup and
// idle spells last 3–4 h: no value changes), and a Modbus TCP gateway with the demo's PLC, Modbus
// CNC and two meters. Prints one JSON line with the endpoints, then serves until SIGTERM.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ALWAYS_ON, startCncSimulator, startModbusPlant } from "@onramp/simulators";
import { MODBUS_UNITS, type SimulatedEnterprise } from "../../scripts/demo/park.js";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    id: { type: "string" },
    speed: { type: "string" },
    "idle-first-minutes": { type: "string" },
    "part-after-signal-minutes": { type: "string" },
  },
});
/** Simulated seconds per real second (README.md "Overrides": the short run scales the plant's time). */
const speed = Number(values.speed ?? 1);
const dataDir = values["data-dir"] ?? ".onramp-data/fraud";
/**
 * cnc-2 sits idle for long stretches: a first one of `--idle-first-minutes` (simulated), or until
 * SIGUSR2 plus `--part-after-signal-minutes` (set by the scenario to half the judged period, so
 * the machine is idle for most of the run yet seen running once in it, as INDICATORS §2.3 needs to
 * count it numerically controlled), one part, then 3–4 h idle.
 */
const idleFirst = Number(values["idle-first-minutes"] ?? 180);
const IDLE_FOR_HOURS = {
  setupMinutes: [idleFirst, idleFirst],
  idleMinutes: [180, 240],
  batchSize: [1, 1],
} as const;

const cnc = await startCncSimulator({
  host: "127.0.0.1",
  port: 0,
  pkiDir: join(dataDir, "sim-pki"),
  machines: [{}, { behaviour: IDLE_FOR_HOURS }],
  seed: 7,
  speed,
  schedule: ALWAYS_ON,
});
const plant = await startModbusPlant({
  host: "127.0.0.1",
  seed: 7,
  speed,
  schedule: ALWAYS_ON,
  units: MODBUS_UNITS.map((u) => ({
    unit: u.unit,
    kind: u.kind,
    ...("meters" in u ? { meters: u.meters } : {}),
  })),
});
const stop = async () => {
  await Promise.allSettled([cnc.stop(), plant.stop()]);
  process.exit(0);
};
// SIGUSR2 (sent by the scenario when the judged period starts): cnc-2's first idle stretch ends
// `--part-after-signal-minutes` (simulated) from now, so its one part lands inside the judged
// period however long the other scenarios took to start.
const partAfterSignal = values["part-after-signal-minutes"];
if (partAfterSignal !== undefined)
  process.on("SIGUSR2", () =>
    cnc.endCurrentActivityAt(1, cnc.simulatedNow() + Number(partAfterSignal) * 60_000),
  );
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
const ready: SimulatedEnterprise = {
  id: values.id ?? "honest-agent",
  cnc: {
    endpointUrl: cnc.endpointUrl,
    roots: cnc.machines.map((m) => m.rootBrowsePath),
    serials: cnc.machines.map((m) => m.serialNumber),
  },
  modbus: { port: plant.port, units: plant.units.map((u) => ({ unit: u.unit, profile: u.profile })) },
};
process.stdout.write(`${JSON.stringify({ ready: [ready] })}\n`);
