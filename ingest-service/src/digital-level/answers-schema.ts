import { z } from "zod";
import type { Answers } from "./scoring.js";

/** The answers as they come over HTTP: item id → option letters, bounded (200 items, 26 options). */
export const AnswersSchema: z.ZodType<Answers> = z
  .record(
    z
      .string()
      .regex(/^[a-z]+\.[a-z0-9-]+$/)
      .max(80),
    z
      .array(z.string().regex(/^[A-Z]$/))
      .min(1)
      .max(26),
  )
  .refine((answers) => Object.keys(answers).length <= 200, "at most 200 answered items");
