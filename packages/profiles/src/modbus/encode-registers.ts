import { type ModbusSource, registerCount } from "../schema/source.js";
import { reorderBytes, wireWords } from "./byte-order.js";
import type { RegisterValue } from "./decode-registers.js";

const utf8 = new TextEncoder();

const INTEGER_RANGE = {
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  uint16: [0n, 2n ** 16n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
} as const;

/**
 * The inverse of `decodeRegisters`: the registers a device would send for `value` (for `bool`,
 * one bit as 0/1; for `bit`, a register with only that bit set). For fixtures and simulators;
 * a value the source cannot hold (out of range, wrong type, too long) is a bug in the caller
 * and throws a RangeError. 64-bit integers may be given as BigInt to reach beyond 2^53.
 */
export function encodeRegisters(value: RegisterValue | bigint, source: ModbusSource): number[] {
  const { dataType } = source;
  if (dataType === "bool") return [expectBoolean(value, source) ? 1 : 0];
  if (dataType === "bit") return [expectBoolean(value, source) ? 1 << (source.bit ?? 0) : 0];
  const bytes = new Uint8Array(registerCount(source) * 2);
  if (dataType === "string") {
    writeString(bytes, value, source);
    const wire = source.order === "BADC" || source.order === "DCBA" ? reorderBytes(bytes, "BADC") : bytes;
    return wireWords(wire);
  }
  const view = new DataView(bytes.buffer);
  if (dataType === "float32" || dataType === "float64") {
    if (typeof value !== "number") throw rangeError(value, source);
    if (dataType === "float32") view.setFloat32(0, value);
    else view.setFloat64(0, value);
  } else {
    const n = toBigInt(value, source);
    const [min, max] = INTEGER_RANGE[dataType];
    if (n < min || n > max) throw rangeError(value, source);
    if (dataType === "int16" || dataType === "uint16") view.setUint16(0, Number(BigInt.asUintN(16, n)));
    else if (dataType === "int32" || dataType === "uint32") view.setUint32(0, Number(BigInt.asUintN(32, n)));
    else view.setBigUint64(0, BigInt.asUintN(64, n));
  }
  return wireWords(reorderBytes(bytes, source.order));
}

function expectBoolean(value: RegisterValue | bigint, source: ModbusSource): boolean {
  if (typeof value !== "boolean") throw rangeError(value, source);
  return value;
}

function toBigInt(value: RegisterValue | bigint, source: ModbusSource): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  throw rangeError(value, source);
}

function writeString(bytes: Uint8Array, value: RegisterValue | bigint, source: ModbusSource): void {
  if (typeof value !== "string") throw rangeError(value, source);
  const encoded =
    source.encoding === "utf8"
      ? utf8.encode(value)
      : Uint8Array.from(value, (c) => {
          const code = c.charCodeAt(0);
          if (code >= 0x80) throw rangeError(value, source);
          return code;
        });
  if (encoded.length > bytes.length) throw rangeError(value, source);
  bytes.set(encoded);
}

function rangeError(value: RegisterValue | bigint, source: ModbusSource): RangeError {
  return new RangeError(`${String(value)} does not fit a ${source.dataType} source at ${source.address}`);
}
