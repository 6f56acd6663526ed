import type { DecodeError, Quality, Sample } from "../sample.js";
import type { Signal } from "../schema/signal.js";

/** A decoded raw value, before it becomes the signal's engineering value. */
export type RawScalar = number | boolean | string;

export interface Engineering {
  readonly value: Sample["value"];
  readonly quality: Quality;
  readonly outOfRange?: true;
  readonly error?: DecodeError;
}

/**
 * Compiles the raw → engineering step of one signal into a closure (Telegraf's
 * `determineConverter` habit): scale/offset, type and enum are resolved once here, not per sample.
 * Whatever the raw input, the value keeps the signal's JS type (number, boolean or string),
 * because a series must never change type downstream (InfluxDB refuses a field type change).
 */
export function compileToEngineering(signal: Signal): (raw: RawScalar) => Engineering {
  switch (signal.type) {
    case "number":
    case "integer":
      return compileNumeric(signal);
    case "boolean":
      return (raw) => {
        if (typeof raw === "boolean") return { value: raw, quality: "good" };
        if (typeof raw !== "number") return mismatch(raw, signal);
        // 0/1 is a boolean; any other number is read as "set" but flagged, since it may be a wrong register.
        return { value: raw !== 0, quality: raw === 0 || raw === 1 ? "good" : "uncertain" };
      };
    case "string":
      return (raw) => {
        if (typeof raw === "number" && !Number.isFinite(raw)) return notFinite(raw);
        return { value: String(raw), quality: "good" };
      };
    case "enum": {
      // A Map, not the record: a raw "constructor" must not find Object.prototype's.
      const labels = new Map(Object.entries(signal.enum ?? {}));
      return (raw) => {
        const key = typeof raw === "boolean" ? (raw ? "1" : "0") : String(raw);
        const label = labels.get(key);
        // An undocumented state is still information: keep it, as text, and flag it.
        return label === undefined ? { value: key, quality: "uncertain" } : { value: label, quality: "good" };
      };
    }
  }
}

function compileNumeric(signal: Signal): (raw: RawScalar) => Engineering {
  const isScaled = signal.scale !== undefined || signal.offset !== undefined;
  const scale = signal.scale ?? 1;
  const offset = signal.offset ?? 0;
  const [min, max] = signal.range ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  const isInteger = signal.type === "integer";
  return (raw) => {
    if (typeof raw === "string") return mismatch(raw, signal);
    const n = typeof raw === "boolean" ? Number(raw) : raw;
    if (!Number.isFinite(n)) return notFinite(n);
    // engineering = raw × scale + offset. Rounding to 15 significant digits removes the binary
    // noise of the multiplication (2301 × 0.1 = 230.10000000000002) without touching real digits:
    // a double holds 15.95 significant decimal digits.
    let value = isScaled ? Number((n * scale + offset).toPrecision(15)) : n;
    let quality: Quality = "good";
    if (isInteger) {
      const rounded = Math.round(value);
      if (Math.abs(value - rounded) <= 1e-9 * Math.max(1, Math.abs(value))) value = rounded;
      else quality = "uncertain";
    }
    if (value < min || value > max) return { value, quality: "uncertain", outOfRange: true };
    return { value, quality };
  };
}

function mismatch(raw: RawScalar, signal: Signal): Engineering {
  const error: DecodeError = {
    code: "ONRAMP_DECODE_TYPE_MISMATCH",
    message: `a ${typeof raw} cannot feed ${signal.type} signal ${signal.id}`,
  };
  return { value: null, quality: "bad", error };
}

function notFinite(n: number): Engineering {
  return {
    value: null,
    quality: "bad",
    error: { code: "ONRAMP_DECODE_NOT_FINITE", message: `the device sent ${n}` },
  };
}
