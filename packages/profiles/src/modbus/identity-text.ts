import type { RegisterValue } from "./decode-registers.js";

/**
 * An identity field as text, the form a fingerprint is computed over: strings trimmed (a serial
 * padded with spaces or NULs is the same serial), numbers in decimal. The agent, the simulators
 * and the fixtures all go through this one function, so the three cannot disagree on a serial.
 */
export function identityText(value: RegisterValue): string {
  return typeof value === "string" ? value.trim() : String(value);
}
