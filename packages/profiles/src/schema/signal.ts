import { z } from "zod";
import { ROLE_ENUM_VOCABULARY, ROLES } from "../roles.js";
import { UNITS } from "../units.js";
import { SignalSource } from "./source.js";

export const SignalId = z
  .string()
  .regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, "signal ids are snake_case (e.g. spindle_speed)")
  .max(64);

/**
 * Report-by-exception threshold. Named by what it is relative to, so there is no hidden
 * semantics: `absolute` in the signal's unit; `percentOfRange` of the declared `range` span
 * (the OPC UA PercentDeadband definition, OPC 10000-8 §6.2), which therefore needs a range.
 */
export const Deadband = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("absolute"), value: z.number().min(0) }).strict(),
  z.object({ kind: z.literal("percentOfRange"), value: z.number().min(0).max(100) }).strict(),
]);
export type Deadband = z.infer<typeof Deadband>;

export const SignalType = z.enum(["number", "integer", "boolean", "string", "enum"]);
export type SignalType = z.infer<typeof SignalType>;

export const Signal = z
  .object({
    id: SignalId,
    /** Human description, ideally the vendor document's own name for the value. */
    name: z.string().min(1).max(200).optional(),
    role: z.enum(ROLES),
    type: SignalType,
    unit: z.enum(UNITS).optional(),
    /** Plausible engineering range after scaling; values outside are flagged, never clamped. */
    range: z.tuple([z.number(), z.number()]).optional(),
    /** engineering = raw × scale + offset. */
    scale: z.number().optional(),
    offset: z.number().optional(),
    /** Raw value (as written in the document) → label. Keys are compared as strings. */
    enum: z.record(z.string(), z.string().min(1).max(64)).optional(),
    source: SignalSource,
    pollIntervalMs: z.int().min(10).max(86_400_000).optional(),
    heartbeatMs: z.int().min(100).max(86_400_000).optional(),
    deadband: Deadband.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const isNumeric = s.type === "number" || s.type === "integer";
    if ((s.type === "enum") !== (s.enum !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["enum"],
        message: "an enum map is required with type enum, and only allowed there",
      });
    }
    if (!isNumeric) {
      for (const key of ["unit", "range", "scale", "offset", "deadband"] as const) {
        if (s[key] !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `${key} applies to number and integer signals only`,
          });
        }
      }
    }
    if (s.range && s.range[0] > s.range[1]) {
      ctx.addIssue({ code: "custom", path: ["range"], message: "range must be [min, max] with min <= max" });
    }
    if (s.deadband?.kind === "percentOfRange" && !s.range) {
      ctx.addIssue({
        code: "custom",
        path: ["deadband"],
        message: "a percentOfRange deadband needs a range",
      });
    }
    if (
      "modbus" in s.source &&
      s.source.modbus.dataType === "string" &&
      s.type !== "string" &&
      s.type !== "enum"
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["type"],
        message: "a string register feeds a string or enum signal only",
      });
    }
    const vocabulary = ROLE_ENUM_VOCABULARY[s.role];
    if (vocabulary) {
      if (s.type !== "enum") {
        ctx.addIssue({
          code: "custom",
          path: ["type"],
          message: `role ${s.role} must be an enum over ${vocabulary.join(", ")}`,
        });
      }
      for (const [raw, label] of Object.entries(s.enum ?? {})) {
        if (!vocabulary.includes(label)) {
          ctx.addIssue({
            code: "custom",
            path: ["enum", raw],
            message: `"${label}" is not in the ${s.role} vocabulary; use one of ${vocabulary.join(", ")}`,
          });
        }
      }
    }
  });
export type Signal = z.infer<typeof Signal>;
