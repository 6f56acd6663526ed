import { z } from "zod";
import { SignalId } from "../ids.js";
import { EpochMs, MAX_TEXT_LENGTH } from "./header.js";

/**
 * A value as the profile decoded it. `null` means the device answered but the value is absent
 * (e.g. an OPC UA Bad status); the quality says why. JSON cannot carry NaN or Infinity, so
 * numbers here are always finite.
 */
export const SampleValueSchema = z.union([
  z.number(),
  z.boolean(),
  z.string().max(MAX_TEXT_LENGTH),
  z.null(),
]);
export type SampleValue = z.infer<typeof SampleValueSchema>;

/** The three OPC UA status severities (OPC 10000-4 §7.39), which Modbus readings map onto too. */
export const QualitySchema = z.enum(["good", "uncertain", "bad"]);
export type Quality = z.infer<typeof QualitySchema>;

/** Short keys: a data frame holds thousands of samples and every byte is signed and stored. */
export const SampleSchema = z.strictObject({
  s: SignalId,
  v: SampleValueSchema,
  q: QualitySchema,
  t: EpochMs.describe("Source timestamp (the device's, or the gateway's read time): integer ms"),
});
export type Sample = z.infer<typeof SampleSchema>;

/**
 * A sample of a challenge reply: a fresh read, so `t` is the read time on the gateway clock (what
 * the gateway vouches for), and the device's own source timestamp, when it has one, is kept apart
 * in `src`. An OPC UA SourceTimestamp is the time of the last *change* (OPC 10000-4 §7.7.3): an
 * idle value read now carries an old one, and judging freshness on it would call a live machine
 * stale.
 */
export const ReplySampleSchema = SampleSchema.extend({
  t: EpochMs.describe("Read time: the gateway clock when the device answered the read, integer ms"),
  src: EpochMs.optional().describe(
    "The device's source timestamp for the value, when it has one (OPC UA SourceTimestamp: the last change)",
  ),
});
export type ReplySample = z.infer<typeof ReplySampleSchema>;
