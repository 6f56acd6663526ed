import { shortestFloat32 } from "../normalise/float32.js";
import { type ModbusSource, registerCount } from "../schema/source.js";
import { reorderBytes, wireBytes } from "./byte-order.js";

export type RegisterValue = number | string | boolean;

const ASCII_REPLACEMENT = "\uFFFD";
const utf8 = new TextDecoder("utf-8", { fatal: false });

/**
 * Decodes the registers (or, for `bool`, the coil/discrete bits) of one source into a value.
 * `words` must hold at least `registerCount(source)` entries, the first being the source's
 * address; any values are accepted (each masked to 16 bits), so decoding never throws on what a
 * device sends. 64-bit integers are exact as BigInt but returned as a Number: beyond 2^53
 * (9.007e15) they round to the nearest double, which is far past any counter a machine reaches.
 */
export function decodeRegisters(words: ArrayLike<number | boolean>, source: ModbusSource): RegisterValue {
  const count = registerCount(source);
  if (words.length < count) {
    // A short block is a bug in the caller (the normaliser checks lengths before decoding).
    throw new RangeError(
      `${source.dataType} at ${source.address} needs ${count} registers, got ${words.length}`,
    );
  }
  switch (source.dataType) {
    case "bool":
      return Boolean(words[0]);
    case "bit":
      return ((Number(words[0]) >> (source.bit ?? 0)) & 1) === 1;
    case "string":
      return decodeString(wireBytes(words, count), source);
    default:
      return decodeNumber(new DataView(reorderBytes(wireBytes(words, count), source.order).buffer), source);
  }
}

function decodeNumber(view: DataView, source: ModbusSource): number {
  switch (source.dataType) {
    case "int16":
      return view.getInt16(0);
    case "uint16":
      return view.getUint16(0);
    case "int32":
      return view.getInt32(0);
    case "uint32":
      return view.getUint32(0);
    case "float32":
      return shortestFloat32(view.getFloat32(0));
    case "int64":
      return Number(view.getBigInt64(0));
    case "uint64":
      return Number(view.getBigUint64(0));
    default:
      return view.getFloat64(0);
  }
}

/**
 * Two characters per register, the first in the high byte; BADC/DCBA devices put the first in
 * the low byte. Word order does not apply: a string is a sequence, not a number. Devices pad
 * fixed-length fields with NULs or spaces, which are trimmed from the end.
 */
function decodeString(wire: Uint8Array, source: ModbusSource): string {
  const bytes = source.order === "BADC" || source.order === "DCBA" ? reorderBytes(wire, "BADC") : wire;
  const text =
    source.encoding === "utf8"
      ? utf8.decode(bytes)
      : Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : ASCII_REPLACEMENT)).join("");
  return text.replace(/[\0 ]+$/, "");
}
