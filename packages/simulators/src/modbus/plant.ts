import { fileURLToPath } from "node:url";
import { loadProfileFile } from "@onramp/profiles";
import type { ShiftSchedule } from "../behaviour/shift-schedule.js";
import { type MachineBehaviour, MachineModel, machineBehaviour } from "../cnc/machine-model.js";
import { LineModel, lineBehaviour } from "../plc/line-model.js";
import {
  cncModbusValues,
  fx5uValues,
  lineLoad,
  machineLoad,
  pm5300Values,
  sdm630Values,
} from "./device-maps.js";
import { MeterModel, meterBehaviour } from "./meter-model.js";
import { type ModbusServer, serveModbus } from "./modbus-server.js";
import {
  type DeviceMemory,
  emptyImage,
  modbusSources,
  type RawValues,
  type RegisterImage,
  writeValues,
} from "./register-image.js";

export type ModbusDeviceKind = "sdm630" | "pm5300" | "fx5u" | "cnc-modbus";

/** The library profile each simulated device serves (path under device-profiles/). */
export const PROFILE_OF_KIND: Readonly<Record<ModbusDeviceKind, string>> = {
  sdm630: "energy_meter/eastron-sdm630.yaml",
  pm5300: "energy_meter/schneider-pm5300.yaml",
  fx5u: "plc/mitsubishi-fx5u-modbus.yaml",
  "cnc-modbus": "cnc_machine_tool/cnc-modbus-template.yaml",
};

/**
 * Register memory of each device (zero-filled where the profile reads nothing), so the agent's
 * coalesced reads across gaps succeed as they do on the real device: an FX5U's D0–D7999 all exist;
 * the meters answer zeros for reserved addresses inside their documented blocks.
 */
const MEMORY_OF_KIND: Readonly<Record<ModbusDeviceKind, DeviceMemory>> = {
  sdm630: { input: [0, 399] },
  pm5300: { holding: [0, 3999] },
  fx5u: { holding: [0, 7999] },
  "cnc-modbus": { holding: [0, 999] },
};

export interface ModbusUnitOptions {
  readonly unit: number;
  readonly kind: ModbusDeviceKind;
  /** Meters only: the unit id of the machine on this plant whose supply the meter measures. Without
   *  it the meter measures a machine of its own that has no network connection (a legacy machine). */
  readonly meters?: number;
  /**
   * Serial number served in the identity registers, unique per device by default (derived from
   * the plant's seed and the unit id). Meters serve it as a number; the PLC and the CNC as the
   * text their program copies (`FX5U-<n>`, `CNC-<n>`).
   */
  readonly serialNumber?: number;
  readonly ratedKw?: number;
}

export interface ModbusPlantOptions {
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  readonly units: readonly ModbusUnitOptions[];
  readonly seed?: number;
  /** Simulated seconds per real second. Default 1. */
  readonly speed?: number;
  readonly startTime?: number;
  readonly schedule?: ShiftSchedule;
  /** Overrides for every machine model of the plant (the Modbus CNC's, a meter's own machine). */
  readonly machineBehaviour?: Partial<MachineBehaviour>;
  readonly tickMs?: number;
  /** Default: the repository's device-profiles/. */
  readonly profilesDir?: string;
}

export interface ModbusPlant extends ModbusServer {
  readonly units: readonly {
    readonly unit: number;
    readonly kind: ModbusDeviceKind;
    readonly profile: string;
  }[];
  /** The raw values a unit serves now (what the registers hold, before the profile decodes them). */
  valuesOf(unit: number): RawValues | undefined;
}

const DEFAULT_PROFILES_DIR = fileURLToPath(new URL("../../../../device-profiles/", import.meta.url));

interface Device {
  readonly options: ModbusUnitOptions;
  readonly image: RegisterImage;
  readonly sources: ReturnType<typeof modbusSources>;
  /** Advances the device's models to `t` and returns its raw values and its load (0…1). */
  readonly step: (t: number, loadOfUnit: (unit: number) => number) => { values: RawValues; load: number };
}

/** The serial a unit serves: its own, or one unique per (seed, unit) so no two simulated devices share one. */
export function serialOfUnit(o: Pick<ModbusUnitOptions, "unit" | "serialNumber">, seed: number): number {
  return o.serialNumber ?? 20_000_000 + seed * 1000 + o.unit;
}

function makeDevice(
  o: ModbusUnitOptions,
  seed: number,
  start: number,
  schedule: ShiftSchedule | undefined,
  overrides: Partial<MachineBehaviour> = {},
) {
  const deviceSeed = seed * 1000 + o.unit;
  const withSchedule = { ...overrides, ...(schedule === undefined ? {} : { schedule }) };
  const serial = serialOfUnit(o, seed);
  if (o.kind === "cnc-modbus") {
    const model = new MachineModel(machineBehaviour({ seed: deviceSeed, ...withSchedule }), start);
    const nameplate = { serialNumber: `CNC-${serial}`, model: "K1000TiC", firmware: "V3.2.1" };
    return (t: number) => {
      const s = model.advanceTo(t);
      return { values: cncModbusValues(s, nameplate), load: machineLoad(s) };
    };
  }
  if (o.kind === "fx5u") {
    const model = new LineModel(lineBehaviour({ seed: deviceSeed, ...withSchedule }), start);
    const program = 100 + (o.unit % 20);
    const nameplate = { serialNumber: `FX5U-${serial}`, model: "FX5U-32MT/ES", firmware: 128 };
    return (t: number) => {
      const s = model.advanceTo(t);
      return { values: fx5uValues(s, `RCP-${o.unit}`.slice(0, 8), program, nameplate), load: lineLoad(s) };
    };
  }
  const meter = new MeterModel(
    meterBehaviour({ seed: deviceSeed, ...(o.ratedKw === undefined ? {} : { ratedKw: o.ratedKw }) }),
    start,
  );
  const own =
    o.meters === undefined
      ? new MachineModel(machineBehaviour({ seed: deviceSeed, ...withSchedule }), start)
      : undefined;
  const toValues = o.kind === "sdm630" ? sdm630Values : pm5300Values;
  return (t: number, loadOfUnit: (unit: number) => number) => {
    const load = own === undefined ? loadOfUnit(o.meters ?? -1) : machineLoad(own.advanceTo(t));
    return { values: toValues(meter.advanceTo(t, load), serial), load };
  };
}

/** A Modbus TCP gateway with machines and meters behind it, each on its own unit id. */
export async function startModbusPlant(options: ModbusPlantOptions): Promise<ModbusPlant> {
  const seed = options.seed ?? 1;
  const speed = options.speed ?? 1;
  const realStart = Date.now();
  const simStart = options.startTime ?? realStart;
  const profilesDir = options.profilesDir ?? DEFAULT_PROFILES_DIR;
  const devices = new Map<number, Device>();
  const machineUnits = new Set(
    options.units.filter((u) => u.kind === "fx5u" || u.kind === "cnc-modbus").map((u) => u.unit),
  );
  for (const o of options.units) {
    if (devices.has(o.unit)) throw new Error(`two devices on unit id ${o.unit}`);
    if (o.meters !== undefined && !machineUnits.has(o.meters)) {
      throw new Error(`unit ${o.unit} meters unit ${o.meters}, which is not a machine on this plant`);
    }
    const loaded = await loadProfileFile(`${profilesDir}/${PROFILE_OF_KIND[o.kind]}`);
    if (!loaded.ok) throw new Error(`profile ${PROFILE_OF_KIND[o.kind]} does not load`);
    const step = makeDevice(o, seed, simStart, options.schedule, options.machineBehaviour);
    devices.set(o.unit, {
      options: o,
      image: emptyImage(MEMORY_OF_KIND[o.kind]),
      sources: modbusSources(loaded.profile),
      step,
    });
  }
  const current = new Map<number, RawValues>();
  const tick = () => {
    const t = simStart + (Date.now() - realStart) * speed;
    const loads = new Map<number, number>();
    // Machines first, then the meters that measure them.
    const ordered = [...devices.values()].sort(
      (a, b) => Number(a.options.meters !== undefined) - Number(b.options.meters !== undefined),
    );
    for (const device of ordered) {
      const { values, load } = device.step(t, (unit) => loads.get(unit) ?? 0);
      loads.set(device.options.unit, load);
      writeValues(device.image, device.sources, values);
      current.set(device.options.unit, values);
    }
  };
  tick();
  const server = await serveModbus({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    units: new Map([...devices].map(([unit, d]) => [unit, d.image])),
  });
  const timer = setInterval(tick, options.tickMs ?? 200);
  timer.unref();
  return {
    host: server.host,
    port: server.port,
    units: options.units.map((o) => ({ unit: o.unit, kind: o.kind, profile: PROFILE_OF_KIND[o.kind] })),
    valuesOf: (unit) => current.get(unit),
    async stop() {
      clearInterval(timer);
      await server.stop();
    },
  };
}
