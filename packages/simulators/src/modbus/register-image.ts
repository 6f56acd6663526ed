import { encodeRegisters, type ModbusSource, type Profile, type RegisterValue } from "@onramp/profiles";

/** Raw register-level values by signal id (or identity field name): what the device's firmware stores. */
export type RawValues = Readonly<Record<string, RegisterValue | bigint>>;

/** Register ranges (inclusive) that exist in the device's memory and read 0 until written. */
export interface DeviceMemory {
  readonly holding?: readonly [number, number];
  readonly input?: readonly [number, number];
}

/**
 * One unit's four Modbus tables. An address the profile never wrote reads 0 when it lies in the
 * device's memory (a PLC's D registers all exist) and is absent otherwise (illegal data address).
 */
export interface RegisterImage {
  readonly holding: Map<number, number>;
  readonly input: Map<number, number>;
  readonly coil: Map<number, boolean>;
  readonly discrete: Map<number, boolean>;
  readonly memory: DeviceMemory;
}

export function emptyImage(memory: DeviceMemory = {}): RegisterImage {
  return { holding: new Map(), input: new Map(), coil: new Map(), discrete: new Map(), memory };
}

/** The word at `address`, or undefined when the device has no such register. */
export function readRegister(
  image: RegisterImage,
  table: "holding" | "input",
  address: number,
): number | undefined {
  const value = image[table].get(address);
  if (value !== undefined) return value;
  const range = image.memory[table];
  return range !== undefined && address >= range[0] && address <= range[1] ? 0 : undefined;
}

/** The Modbus sources of a profile by name: signals by id, identity fields by field name. */
export function modbusSources(profile: Profile): Map<string, ModbusSource> {
  const sources = new Map<string, ModbusSource>();
  for (const signal of profile.signals) {
    if ("modbus" in signal.source) sources.set(signal.id, signal.source.modbus);
  }
  for (const [name, field] of Object.entries(profile.identity?.fields ?? {})) {
    if (field !== undefined && "modbus" in field) sources.set(name, field.modbus);
  }
  return sources;
}

/**
 * Lays `values` out in the tables exactly where the profile reads them, with the profile's own
 * codec (`encodeRegisters`), so what the simulator serves and what the agent decodes cannot drift.
 * Bit signals sharing a register are merged (status words).
 */
export function writeValues(
  image: RegisterImage,
  sources: Map<string, ModbusSource>,
  values: RawValues,
): void {
  for (const [name, value] of Object.entries(values)) {
    const source = sources.get(name);
    if (source === undefined) throw new Error(`the profile has no Modbus source named "${name}"`);
    if (source.table === "coil" || source.table === "discrete") {
      image[source.table].set(source.address, value === true);
      continue;
    }
    const table = image[source.table];
    if (source.dataType === "bit") {
      const mask = 1 << (source.bit ?? 0);
      const word = table.get(source.address) ?? 0;
      table.set(source.address, value === true ? word | mask : word & ~mask);
      continue;
    }
    encodeRegisters(value, source).forEach((word, i) => {
      table.set(source.address + i, word);
    });
  }
}
