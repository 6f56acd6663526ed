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
