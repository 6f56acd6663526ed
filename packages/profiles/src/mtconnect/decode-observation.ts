import type { Quality } from "../sample.js";

/** One observation of a DataItem as the agent reports it: element text, or a condition's state. */
export interface MtconnectObservation {
  /** Element text (`ACTIVE`, `1250.5`, `O1234`), or the condition state (`NORMAL`, `WARNING`, `FAULT`). */
  readonly text: string;
  /** The observation's `timestamp` attribute, ms since the epoch, when the agent gave one. */
  readonly timestamp?: number;
}

export type ObservationReading =
  | { readonly ok: true; readonly raw: number | string | null; readonly quality: Quality }
  | { readonly ok: false; readonly message: string };

/**
 * The raw value of an observation. `UNAVAILABLE` is MTConnect's "no valid value" (Standard Part 3
 * §5.4, and a condition's Unavailable state): quality bad, never a value. Numeric signals parse
 * the text as a number; others keep it as text for the enum map.
 */
export function readObservation(o: MtconnectObservation, isNumeric: boolean): ObservationReading {
  if (o.text === "UNAVAILABLE") return { ok: true, raw: null, quality: "bad" };
  if (!isNumeric) return { ok: true, raw: o.text, quality: "good" };
  const text = o.text.trim();
  const n = text === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(n)) return { ok: false, message: `"${o.text}" is not a number` };
  return { ok: true, raw: n, quality: "good" };
}
