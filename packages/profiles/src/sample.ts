import type { ErrorCode } from "./errors.js";

/**
 * How far a value can be trusted, in the three levels OPC UA status codes reduce to
 * (severity bits, OPC 10000-4 §7.39) and every historian understands.
 */
export type Quality = "good" | "uncertain" | "bad";

/** Why a raw input could not be turned into a value: returned, never thrown. */
export interface DecodeError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** One normalised reading of one signal. */
export interface Sample {
  readonly signal: string;
  /** Engineering value; null exactly when quality is bad. Its JS type is fixed per signal. */
  readonly value: number | boolean | string | null;
  readonly quality: Quality;
  /** Milliseconds since the epoch: the device's timestamp when it sends one, else the read time. */
  readonly sourceTs: number;
  /** Set when a number falls outside the signal's declared range (flagged, never clamped). */
  readonly outOfRange?: true;
  /**
   * Why the value is bad: a DecodeError when the raw input could not be decoded, or the driver's
   * cause (stable code + sentence) when it could not be read at all, e.g. an OPC UA browse path
   * that does not resolve, so that `probe` and the logs can say why.
   */
  readonly error?: DecodeError | { readonly code: string; readonly message: string };
}

/** The worse of two qualities. */
export function worstQuality(a: Quality, b: Quality): Quality {
  if (a === "bad" || b === "bad") return "bad";
  return a === "uncertain" || b === "uncertain" ? "uncertain" : "good";
}
