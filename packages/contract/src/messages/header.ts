import { z } from "zod";
import { EnterpriseId, GatewayId, SessionId } from "../ids.js";

/** Bodies carry their contract version so a stored frame stays interpretable after v2 exists. */
export const ContractVersion = z.literal(1).describe("Contract version of this body");

/** The largest instant a JavaScript Date can hold (ECMA-262, "Time Values and Time Range"). */
export const MAX_EPOCH_MS = 8_640_000_000_000_000;

/**
 * Milliseconds since the Unix epoch as an integer, capped so every value converts to a Date
 * (consumers format it; an out-of-range Date throws). The cap is below 2^53, so values also
 * survive JSON and JavaScript numbers exactly.
 */
export const EpochMs = z
  .int()
  .min(0)
  .max(MAX_EPOCH_MS)
  .describe("Integer milliseconds since the Unix epoch (UTC)");

/**
 * Fields every gateway→cloud body carries. `(sess, seq)` identifies a frame for deduplication and
 * gap counting (the ledger dedupes on it), which is why `seq` is assigned before spooling: a frame
 * resent after a reconnect keeps its number.
 */
export const GATEWAY_HEADER = {
  ent: EnterpriseId,
  gw: GatewayId,
  sess: SessionId,
  seq: z.int().min(0).describe("Per-session sequence number, monotonic, assigned before spooling"),
  ts: EpochMs.describe("Sending time on the gateway clock: integer ms since the Unix epoch"),
};

/** Bound shared by free-text fields and string values, so no single string dominates a frame. */
export const MAX_TEXT_LENGTH = 1024;
