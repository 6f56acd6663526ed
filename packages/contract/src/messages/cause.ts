import { z } from "zod";
import { MAX_TEXT_LENGTH } from "./header.js";

/**
 * Why something failed. `code` is stable (e.g. `ONRAMP_MODBUS_TIMEOUT`) so the cloud can count and
 * group failures; `message` is for people and may change between agent versions.
 */
export const CauseSchema = z.strictObject({
  code: z
    .string()
    .max(64)
    .regex(/^[A-Z][A-Z0-9_]*$/, "code must be UPPER_SNAKE_CASE, e.g. ONRAMP_MODBUS_TIMEOUT"),
  message: z.string().max(MAX_TEXT_LENGTH),
});
export type Cause = z.infer<typeof CauseSchema>;
