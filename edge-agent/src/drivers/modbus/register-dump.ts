import { ByteOrder, decodeRegisters, type ModbusSource, type ModbusTable } from "@onramp/profiles";

/** One register of a raw dump, read every way a profile could read it, to find the right `dataType` and `order`. */
export interface RegisterRow {
  readonly address: number;
  readonly value: number;
  readonly int16: number;
  readonly hex: string;
  /** The two bytes as text (`.` where not printable): spots `dataType: string` fields. */
  readonly ascii: string;
  /** This register and the next as a 32-bit value in each byte/word order (absent on the last register). */
  readonly float32?: Readonly<Record<ByteOrder, number>>;
  readonly int32?: Readonly<Record<ByteOrder, number>>;
  readonly uint32?: Readonly<Record<ByteOrder, number>>;
  /** This register and the next three as a 64-bit value in each order (absent on the last three). */
  readonly float64?: Readonly<Record<ByteOrder, number>>;
  readonly int64?: Readonly<Record<ByteOrder, number>>;
  readonly uint64?: Readonly<Record<ByteOrder, number>>;
}

export interface BitRow {
  readonly address: number;
  readonly value: boolean;
}

function sourceOf(
  table: ModbusTable,
  address: number,
  dataType: "float32" | "int32" | "uint32" | "float64" | "int64" | "uint64" | "int16",
  order: ByteOrder,
): ModbusSource {
  return { table, address, dataType, order, encoding: "ascii" };
}

function inEveryOrder(
  table: ModbusTable,
  address: number,
  pair: readonly number[],
  dataType: "float32" | "int32" | "uint32" | "float64" | "int64" | "uint64",
) {
  return Object.fromEntries(
    ByteOrder.options.map((order) => [
      order,
      Number(decodeRegisters(pair, sourceOf(table, address, dataType, order))),
    ]),
  ) as Record<ByteOrder, number>;
}

export function dumpRegisters(table: ModbusTable, address: number, values: readonly number[]): RegisterRow[] {
  return values.map((value, i) => {
    const at = address + i;
    const next = values[i + 1];
    const printable = (byte: number): string =>
      byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".";
    const row: RegisterRow = {
      address: at,
      value,
      int16: Number(decodeRegisters([value], sourceOf(table, at, "int16", "ABCD"))),
      hex: `0x${value.toString(16).toUpperCase().padStart(4, "0")}`,
      ascii: printable(value >> 8) + printable(value & 0xff),
    };
    if (next === undefined) return row;
    const pair = [value, next];
    const thirtyTwo = {
      ...row,
      float32: inEveryOrder(table, at, pair, "float32"),
      int32: inEveryOrder(table, at, pair, "int32"),
      uint32: inEveryOrder(table, at, pair, "uint32"),
    };
    const quad = values.slice(i, i + 4);
    if (quad.length < 4) return thirtyTwo;
    return {
      ...thirtyTwo,
      float64: inEveryOrder(table, at, quad, "float64"),
      int64: inEveryOrder(table, at, quad, "int64"),
      uint64: inEveryOrder(table, at, quad, "uint64"),
    };
  });
}

export function dumpBits(address: number, values: readonly (number | boolean)[]): BitRow[] {
  return values.map((value, i) => ({ address: address + i, value: Boolean(value) }));
}
