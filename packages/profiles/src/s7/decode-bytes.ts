import { shortestFloat32 } from "../normalise/float32.js";
import type { S7Source } from "../schema/s7-source.js";

/** A decoded S7 value: date_and_time becomes ISO 8601 text without a zone (the CPU's local time). */
export type S7Value = number | boolean | string;

export type S7Decoded =
  | { readonly ok: true; readonly value: S7Value }
  | { readonly ok: false; readonly message: string };

/**
 * Decodes one value from the bytes the CPU answered, big-endian as every S7 CPU stores them
 * (S7-300/400/1200/1500 and S7-200 SMART alike). `bytes` starts at the value's first byte.
 */
export function decodeS7Bytes(bytes: ArrayLike<number>, source: S7Source): S7Decoded {
  const view = new DataView(Uint8Array.from(bytes).buffer);
  switch (source.dataType) {
    case "bool":
      return { ok: true, value: ((view.getUint8(0) >> (source.bit ?? 0)) & 1) === 1 };
    case "byte":
      return { ok: true, value: view.getUint8(0) };
    case "word":
      return { ok: true, value: view.getUint16(0) };
    case "int":
      return { ok: true, value: view.getInt16(0) };
    case "dword":
      return { ok: true, value: view.getUint32(0) };
    case "dint":
      return { ok: true, value: view.getInt32(0) };
    case "real":
      return { ok: true, value: shortestFloat32(view.getFloat32(0)) };
    case "lreal":
      return { ok: true, value: view.getFloat64(0) };
    case "string":
      return decodeString(view, source.length ?? 0);
    case "wstring":
      return decodeWString(view, source.length ?? 0);
    case "date_and_time":
      return decodeDateAndTime(view);
    case "counter":
      return decodeBcd(view.getUint16(0) & 0x0fff, "counter");
    case "timer":
      return decodeS5Time(view.getUint16(0));
  }
}

/** STRING[n]: max length byte, actual length byte, then n Latin-1 characters (S7 manual, "STRING"). */
function decodeString(view: DataView, declared: number): S7Decoded {
  const actual = view.getUint8(1);
  if (actual > declared || actual > view.byteLength - 2)
    return { ok: false, message: `STRING[${declared}] says it holds ${actual} characters` };
  let text = "";
  for (let i = 0; i < actual; i++) text += String.fromCharCode(view.getUint8(2 + i));
  return { ok: true, value: text };
}

/** WSTRING[n]: max length word, actual length word, then n UTF-16BE code units. */
function decodeWString(view: DataView, declared: number): S7Decoded {
  const actual = view.getUint16(2);
  if (actual > declared || 4 + 2 * actual > view.byteLength)
    return { ok: false, message: `WSTRING[${declared}] says it holds ${actual} characters` };
  const units: number[] = [];
  for (let i = 0; i < actual; i++) units.push(view.getUint16(4 + 2 * i));
  return { ok: true, value: String.fromCharCode(...units) };
}

function bcdByte(b: number): number | undefined {
  const hi = b >> 4;
  const lo = b & 0x0f;
  return hi > 9 || lo > 9 ? undefined : hi * 10 + lo;
}

function decodeBcd(word: number, what: string): S7Decoded {
  const hundreds = (word >> 8) & 0x0f;
  const tens = (word >> 4) & 0x0f;
  const ones = word & 0x0f;
  if (hundreds > 9 || tens > 9 || ones > 9)
    return { ok: false, message: `${what} 0x${word.toString(16)} is not BCD` };
  return { ok: true, value: hundreds * 100 + tens * 10 + ones };
}

/** S5TIME: bits 12-13 the time base (10 ms, 100 ms, 1 s, 10 s), bits 0-11 three BCD digits; in ms. */
function decodeS5Time(word: number): S7Decoded {
  const count = decodeBcd(word & 0x0fff, "S5TIME");
  if (!count.ok) return count;
  const base = [10, 100, 1_000, 10_000][(word >> 12) & 0x03] ?? 10;
  return { ok: true, value: (count.value as number) * base };
}

/**
 * DATE_AND_TIME: 8 BCD bytes — year (90..99 → 19xx, 00..89 → 20xx), month, day, hour, minute,
 * second, then milliseconds in three BCD digits and the weekday in the last nibble.
 */
function decodeDateAndTime(view: DataView): S7Decoded {
  const parts = [0, 1, 2, 3, 4, 5, 6].map((i) => bcdByte(view.getUint8(i)));
  const msLow = view.getUint8(7) >> 4;
  if (parts.some((p) => p === undefined) || msLow > 9)
    return { ok: false, message: "DATE_AND_TIME bytes are not BCD" };
  const [yy, month, day, hour, minute, second, msHigh] = parts as number[];
  const year = (yy ?? 0) >= 90 ? 1900 + (yy ?? 0) : 2000 + (yy ?? 0);
  const ms = (msHigh ?? 0) * 10 + msLow;
  const pad = (n: number | undefined, w = 2) => String(n ?? 0).padStart(w, "0");
  return {
    ok: true,
    value: `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(ms, 3)}`,
  };
}
