import { encodeRegisters } from "@onramp/profiles";
import type { UnitMap } from "../peers/pymodbus.js";

/**
 * The input registers of one synthetic meter (unit id `unit`) for a pymodbus server: `floats`
 * float32 values (ABCD order) in registers 0 … 2·floats − 1, value i = unit + i / 10, then
 * `words` uint16 values in the next `words` registers, word i = unit × 100 + i.
 */
export function meterRegisterMap(unit: number, floats: number, words: number): UnitMap {
  const registers: number[] = [];
  for (let i = 0; i < floats; i++) {
    registers.push(
      ...encodeRegisters(unit + i / 10, {
        table: "input",
        address: i * 2,
        dataType: "float32",
        order: "ABCD",
        encoding: "ascii",
      }),
    );
  }
  for (let i = 0; i < words; i++) registers.push(unit * 100 + i);
  return { input: { 0: registers } };
}
