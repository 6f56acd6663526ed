import type { Workarounds } from "../schema/profile.js";
import type { ModbusSource, ModbusTable } from "../schema/source.js";

/** A signal to read: its id and Modbus source. */
export interface ReadableSignal {
  readonly id: string;
  readonly source: ModbusSource;
}

/** One signal's place in a read: `offset` and `count` in registers (bits for coil/discrete) from the read's start. */
export interface SignalSlot {
  readonly id: string;
  readonly offset: number;
  readonly count: number;
}

/** One Modbus request: FC1/FC2/FC4/FC3 for table coil/discrete/input/holding. */
export interface PlannedRead {
  readonly table: ModbusTable;
  readonly address: number;
  readonly count: number;
  /** Sorted by offset, then id. */
  readonly signals: readonly SignalSlot[];
}

/**
 * Protocol maxima per request: "Quantity of Registers 1 to 125 (0x7D)" for FC3/FC4 and
 * "Quantity of coils/inputs 1 to 2000 (0x7D0)" for FC1/FC2 (Modbus Application Protocol
 * v1.1b3 §6.1–§6.4): a response must fit the 253-byte PDU.
 */
export const MODBUS_MAX_REGISTERS_PER_READ = 125;
export const MODBUS_MAX_BITS_PER_READ = 2000;

/**
 * Reading through a small hole costs a few bytes on the wire, a separate request costs a round
 * trip (tens of ms on RTU at 9600 baud): 10 registers (20 bytes) or 80 bits (10 bytes) of unused
 * data are cheaper than one more request on every link we know of.
 */
export const DEFAULT_MAX_REGISTER_GAP = 10;
export const DEFAULT_MAX_BIT_GAP = 80;

export interface ReadLimits {
  /** Capped at 125. */
  readonly maxRegistersPerRead?: number;
  /** Capped at 2000. */
  readonly maxBitsPerRead?: number;
  /** Largest hole, in registers, read through to merge two blocks. */
  readonly maxGap?: number;
  /** Largest hole, in bits, read through in coil/discrete tables. */
  readonly maxBitGap?: number;
  readonly readGrouping?: "coalesce" | "one-per-signal";
}

/** The planner limits a profile's `workarounds` block asks for. */
export function readLimitsFor(workarounds: Workarounds | undefined): ReadLimits {
  const w = workarounds ?? {};
  return {
    maxRegistersPerRead: w.maxRegistersPerRead,
    maxBitsPerRead: w.maxBitsPerRead,
    maxGap: w.maxGap,
    maxBitGap: w.maxBitGap,
    readGrouping: w.readGrouping,
  };
}

export function isBitTable(table: ModbusTable): boolean {
  return table === "coil" || table === "discrete";
}
