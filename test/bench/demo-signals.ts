// The demo's signals as the agent reads them, second by second, for the uplink bench
// (gateway-uplink.ts). One "cell" is the demo park's Modbus plant (scripts/demo/park.ts
// MODBUS_UNITS: an FX5U line PLC, a Modbus CNC, an SDM630 metering the line and a PM5300 metering
// the CNC), driven by the simulators' own behaviour models (@onramp/simulators: line, machine and
// meter models; always on, first batch already set up, as scripts/demo/sim-process.ts starts
// them). Each second the models advance, their raw values are laid into register images with the
// profile's own codec (writeValues, as the Modbus plant serves them) and read back through the
// agent's compiled profile (planned reads → decodeModbusRead): the path of polling the demo's plant
// over Modbus TCP, minus the socket.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type CompiledProfile,
  compileProfile,
  loadProfileFile,
  Profile,
  type Sample,
  type Signal,
} from "@onramp/profiles";
import {
  ALWAYS_ON,
  cncModbusValues,
  type DeviceMemory,
  emptyImage,
  fx5uValues,
  LineModel,
  lineBehaviour,
  lineLoad,
  MachineModel,
  MeterModel,
  type ModbusDeviceKind,
  machineBehaviour,
  machineLoad,
  meterBehaviour,
  modbusSources,
  PROFILE_OF_KIND,
  pm5300Values,
  type RawValues,
  type RegisterImage,
  readRegister,
  sdm630Values,
  serialOfUnit,
  writeValues,
} from "@onramp/simulators";
import { MODBUS_UNITS } from "../../scripts/demo/park.js";

const PROFILES_DIR = fileURLToPath(new URL("../../device-profiles/", import.meta.url));
/** As scripts/demo/sim-process.ts: the park's machines were set up before the demo switched them on. */
const FIRST_BATCH_SET_UP = { firstSetupMinutes: [0.25, 1.5] as const };
/** Register memory per kind, as packages/simulators/src/modbus/plant.ts serves it (reads across gaps read 0). */
const MEMORY_OF_KIND: Readonly<Record<ModbusDeviceKind, DeviceMemory>> = {
  sdm630: { input: [0, 399] },
  pm5300: { holding: [0, 3999] },
  fx5u: { holding: [0, 7999] },
  "cnc-modbus": { holding: [0, 999] },
};
/** Time between the answers of two reads of one poll, as on a loopback Modbus TCP link. */
export const READ_SPACING_MS = 2;

interface Unit {
  readonly unit: number;
  readonly meters: number | undefined;
  readonly compiled: CompiledProfile;
  readonly image: RegisterImage;
  readonly sources: ReturnType<typeof modbusSources>;
  readonly step: (t: number, loadOf: (unit: number) => number) => { values: RawValues; load: number };
}

const compiledOfKind = new Map<ModbusDeviceKind, CompiledProfile>();
async function compiledOf(kind: ModbusDeviceKind): Promise<CompiledProfile> {
  const known = compiledOfKind.get(kind);
  if (known !== undefined) return known;
  const loaded = await loadProfileFile(join(PROFILES_DIR, PROFILE_OF_KIND[kind]));
  if (!loaded.ok) throw new Error(`profile ${PROFILE_OF_KIND[kind]} does not load`);
  const compiled = compileProfile(loaded.profile);
  compiledOfKind.set(kind, compiled);
  return compiled;
}

/** The value model of one unit, as plant.ts `makeDevice` builds it for the demo's plant. */
function stepOf(
  kind: ModbusDeviceKind,
  unit: number,
  meters: number | undefined,
  seed: number,
  start: number,
) {
  const deviceSeed = seed * 1000 + unit;
  const withSchedule = { ...FIRST_BATCH_SET_UP, schedule: ALWAYS_ON };
  const serial = serialOfUnit({ unit }, seed);
  if (kind === "cnc-modbus") {
    const model = new MachineModel(machineBehaviour({ seed: deviceSeed, ...withSchedule }), start);
    const nameplate = { serialNumber: `CNC-${serial}`, model: "K1000TiC", firmware: "V3.2.1" };
    return (t: number) => {
      const s = model.advanceTo(t);
      return { values: cncModbusValues(s, nameplate), load: machineLoad(s) };
    };
  }
  if (kind === "fx5u") {
    const model = new LineModel(lineBehaviour({ seed: deviceSeed, ...withSchedule }), start);
    const nameplate = { serialNumber: `FX5U-${serial}`, model: "FX5U-32MT/ES", firmware: 128 };
    return (t: number) => {
      const s = model.advanceTo(t);
      return {
        values: fx5uValues(s, `RCP-${unit}`.slice(0, 8), 100 + (unit % 20), nameplate),
        load: lineLoad(s),
      };
    };
  }
  const meter = new MeterModel(meterBehaviour({ seed: deviceSeed }), start);
  const toValues = kind === "sdm630" ? sdm630Values : pm5300Values;
  return (t: number, loadOf: (unit: number) => number) => {
    const load = loadOf(meters ?? -1);
    return { values: toValues(meter.advanceTo(t, load), serial), load };
  };
}

/** A signal of a cell: which unit it comes from and the name it is sent under. */
interface CellSignal {
  readonly unitIndex: number;
  readonly signal: Signal;
  readonly name: string;
}

/** Every signal of the demo's plant, in MODBUS_UNITS order; a name two units share gets `_u<unit>` on the later one. */
async function cellSignals(): Promise<CellSignal[]> {
  const out: CellSignal[] = [];
  const names = new Set<string>();
  for (const [unitIndex, u] of MODBUS_UNITS.entries()) {
    for (const signal of (await compiledOf(u.kind)).signals) {
      const name = names.has(signal.id) ? `${signal.id}_u${u.unit}` : signal.id;
      names.add(name);
      out.push({ unitIndex, signal, name });
    }
  }
  return out;
}

export interface DemoDevices {
  /** Signals of the demo's plant (all four units). */
  readonly plantSignals: number;
  /** Per device: its name, the profile the agent's reporter gets, and what each poll reads. */
  readonly devices: readonly { readonly id: string; readonly phaseMs: number }[];
  /** Compiled profile of device `d`: its signals with their own deadband and heartbeat; `everyValue` sets every heartbeat to 100 ms. */
  profileOf(d: number, everyValue: boolean): CompiledProfile;
  /** Advances every device's plant to second `t` (ms) and returns each device's samples of that poll. */
  poll(t: number): Sample[][];
}

/**
 * `devices` devices of `signals` signals each. Device d runs its own demo plant (seed d + 1) and
 * reports `signals` of its signals: a window of the plant's signal list starting at d × signals
 * (mod the list's length), so over all devices every demo signal appears in the same proportion.
 * Devices are polled once per second at phases spread evenly over the second; the reads of one
 * poll are answered READ_SPACING_MS apart.
 */
export async function demoDevices(devices: number, signals: number, start: number): Promise<DemoDevices> {
  const all = await cellSignals();
  if (signals > all.length) throw new Error(`a demo plant has ${all.length} signals, fewer than ${signals}`);
  const plants: Unit[][] = [];
  const picks: CellSignal[][] = [];
  for (let d = 0; d < devices; d++) {
    const seed = d + 1;
    const units: Unit[] = [];
    for (const u of MODBUS_UNITS) {
      const meters = "meters" in u ? u.meters : undefined;
      const compiled = await compiledOf(u.kind);
      units.push({
        unit: u.unit,
        meters,
        compiled,
        image: emptyImage(MEMORY_OF_KIND[u.kind]),
        sources: modbusSources(compiled.profile),
        step: stepOf(u.kind, u.unit, meters, seed, start),
      });
    }
    plants.push(units);
    picks.push(Array.from({ length: signals }, (_, j) => all[(d * signals + j) % all.length] as CellSignal));
  }
  const ids = Array.from({ length: devices }, (_, d) => `cell-${String(d + 1).padStart(3, "0")}`);
  const profiles = new Map<string, CompiledProfile>();
  const profileOf = (d: number, everyValue: boolean): CompiledProfile => {
    const key = `${d}/${everyValue}`;
    const known = profiles.get(key);
    if (known !== undefined) return known;
    const base = (i: number) => plants[d]?.[i]?.compiled.profile as Profile;
    const compiled = compileProfile(
      Profile.parse({
        schemaVersion: 1,
        id: "onramp-bench/demo-cell",
        version: "1.0.0",
        vendor: "Onramp",
        model: "the demo plant's signals",
        class: "plc",
        protocol: "modbus",
        source: {
          kind: "template",
          document: "gateway-uplink benchmark",
          note: "signals of the demo's profiles",
        },
        defaults: { pollIntervalMs: 1000, heartbeatMs: 60_000 },
        signals: (picks[d] as CellSignal[]).map(({ unitIndex, signal, name }) => {
          const heartbeatMs = everyValue ? 100 : (signal.heartbeatMs ?? base(unitIndex).defaults.heartbeatMs);
          const { deadband, ...rest } = signal;
          return {
            ...rest,
            id: name,
            heartbeatMs,
            ...(everyValue || deadband === undefined ? {} : { deadband }),
          };
        }),
      }),
    );
    profiles.set(key, compiled);
    return compiled;
  };
  const phases = ids.map((_, d) => Math.floor((d * 1000) / devices));
  return {
    plantSignals: all.length,
    devices: ids.map((id, d) => ({ id, phaseMs: phases[d] as number })),
    profileOf,
    poll(t) {
      return plants.map((units, d) => {
        const at = t + (phases[d] as number);
        const loads = new Map<number, number>();
        const byUnit = new Map<string, Sample>();
        let read = 0;
        // Machines first, then the meters that measure them (plant.ts does the same).
        for (const [i, unit] of [...units.entries()].sort(
          ([, a], [, b]) => Number(a.meters !== undefined) - Number(b.meters !== undefined),
        )) {
          const { values, load } = unit.step(at, (u) => loads.get(u) ?? 0);
          loads.set(unit.unit, load);
          writeValues(unit.image, unit.sources, values);
          for (const group of unit.compiled.readPlan)
            for (const r of group.reads) {
              const data = registersOf(unit.image, r.table, r.address, r.count);
              const answeredAt = at + READ_SPACING_MS * read++;
              for (const s of unit.compiled.decodeModbusRead(r, data, answeredAt))
                byUnit.set(`${i}/${s.signal}`, s);
            }
        }
        return (picks[d] as CellSignal[]).map(({ unitIndex, signal, name }) => {
          const s = byUnit.get(`${unitIndex}/${signal.id}`);
          if (s === undefined) throw new Error(`no reading of ${signal.id} on unit ${unitIndex}`);
          return { ...s, signal: name };
        });
      });
    },
  };
}

function registersOf(
  image: RegisterImage,
  table: "holding" | "input" | "coil" | "discrete",
  address: number,
  count: number,
): (number | boolean)[] {
  return Array.from({ length: count }, (_, i) => {
    if (table === "coil" || table === "discrete") return image[table].get(address + i) ?? false;
    const word = readRegister(image, table, address + i);
    // The simulated device would answer "illegal data address": the agent's read plan and the
    // plant's memory disagree, and the bench would measure something the demo never sends.
    if (word === undefined)
      throw new Error(`${table} register ${address + i} is not in the simulated device`);
    return word;
  });
}
