import type { Quality } from "../sample.js";

/**
 * A StatusCode's severity is its top two bits (OPC 10000-4 §7.39.1): 00 Good, 01 Uncertain,
 * 10 Bad, and 11 is reserved, which we read as Bad rather than trust. An absent status is Good,
 * as in the binary encoding, where a DataValue omits a Good status (OPC 10000-6 §5.2.2.17).
 */
export function qualityOfStatus(status: { readonly value: number } | number | undefined): Quality {
  const code = typeof status === "number" ? status : (status?.value ?? 0);
  const severity = (code >>> 30) & 0b11;
  return severity === 0 ? "good" : severity === 1 ? "uncertain" : "bad";
}
