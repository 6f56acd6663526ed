import type { ByteOrder } from "../schema/source.js";

/**
 * Maps between the bytes of a value in significance order (most significant first, as DataView
 * reads big-endian) and the bytes on the wire (register 0 high byte, register 0 low byte, …).
 * Modbus itself only fixes the byte order inside one register (big-endian, Modbus Application
 * Protocol v1.1b3 §4.2); how a device spreads a wider value over registers is its own choice,
 * named by the ABCD letters of vendor manuals:
 *   ABCD  registers in order, high byte first (big-endian)
 *   CDAB  registers reversed ("word swap"), high byte first
 *   BADC  registers in order, bytes swapped inside each register
 *   DCBA  registers reversed and bytes swapped (little-endian)
 * For 64-bit values "registers reversed" reverses all four. Each mapping is its own inverse.
 */
export function reorderBytes(bytes: Uint8Array, order: ByteOrder): Uint8Array {
  const reversesWords = order === "CDAB" || order === "DCBA";
  const swapsBytes = order === "BADC" || order === "DCBA";
  const words = bytes.length >> 1;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const word = i >> 1;
    const from = (reversesWords ? words - 1 - word : word) * 2 + (swapsBytes ? 1 - (i & 1) : i & 1);
    out[i] = bytes[from] ?? 0;
  }
  return out;
}

/** Register values (masked to 16 bits, so arbitrary input cannot break decoding) → wire bytes. */
export function wireBytes(words: ArrayLike<number | boolean>, count: number): Uint8Array {
  const bytes = new Uint8Array(count * 2);
  for (let i = 0; i < count; i++) {
    const word = Number(words[i]) & 0xffff;
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  }
  return bytes;
}

/** Wire bytes → register values. */
export function wireWords(bytes: Uint8Array): number[] {
  const words: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) words.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return words;
}
