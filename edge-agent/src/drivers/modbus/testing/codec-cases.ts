import { ByteOrder, type RegisterValue } from "@onramp/profiles";
import type { ModbusSourceInput, SignalCase } from "./test-profile.js";

/** Test-only: a signal for every data type × byte/word order × register table, with a value each. */

type NumberType = Exclude<ModbusSourceInput["dataType"], "bool" | "bit" | "string">;

const NUMBERS: readonly [dataType: NumberType, raw: number, type: "integer" | "number", registers: number][] =
  [
    ["int16", -12345, "integer", 1],
    ["uint16", 54321, "integer", 1],
    ["int32", -123456789, "integer", 2],
    ["uint32", 3_000_000_000, "integer", 2],
    ["float32", 1234.5, "number", 2],
    ["int64", -1234567890123, "integer", 4],
    ["uint64", Number.MAX_SAFE_INTEGER, "integer", 4],
    ["float64", -1.2345678901234567e-4, "number", 4],
  ];

const STRINGS: readonly [order: ByteOrder, encoding: "ascii" | "utf8", raw: string][] = [
  ["ABCD", "ascii", "OR-4711"],
  ["BADC", "ascii", "OR-4711"],
  ["ABCD", "utf8", "Größe"],
];

/** Cases in `holding` and `input`, laid out back to back from `address` 0, plus coils and discrete inputs. */
export function codecCases(): SignalCase[] {
  const cases: SignalCase[] = [];
  for (const table of ["holding", "input"] as const) {
    let address = 0;
    const add = (
      id: string,
      modbus: Omit<ModbusSourceInput, "table" | "address">,
      type: SignalCase["signal"]["type"],
      raw: RegisterValue,
      registers: number,
    ) => {
      cases.push({
        signal: { id, role: "other", type, source: { modbus: { table, address, ...modbus } } },
        raw,
      });
      address += registers;
    };
    for (const [dataType, raw, type, registers] of NUMBERS) {
      for (const order of ByteOrder.options) {
        add(`${table}_${dataType}_${order.toLowerCase()}`, { dataType, order }, type, raw, registers);
      }
    }
    for (const [order, encoding, raw] of STRINGS) {
      add(
        `${table}_string_${encoding}_${order.toLowerCase()}`,
        { dataType: "string", length: 4, encoding, order },
        "string",
        raw,
        4,
      );
    }
    add(`${table}_bit_3`, { dataType: "bit", bit: 3 }, "boolean", true, 1);
    add(`${table}_bit_12`, { dataType: "bit", bit: 12 }, "boolean", false, 1);
  }
  for (const table of ["coil", "discrete"] as const) {
    [true, false, true, true, false, false, true, false, true, true].forEach((raw, address) => {
      cases.push({
        signal: {
          id: `${table}_${address}`,
          role: "other",
          type: "boolean",
          source: { modbus: { table, address, dataType: "bool" } },
        },
        raw,
      });
    });
  }
  return cases;
}

/** The engineering value each case decodes to (no scaling in these profiles: the raw value itself). */
export function expectedValues(cases: readonly SignalCase[]): Record<string, RegisterValue> {
  return Object.fromEntries(cases.map((c) => [c.signal.id, c.raw as RegisterValue]));
}
