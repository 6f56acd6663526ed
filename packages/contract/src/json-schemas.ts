import { z } from "zod";
import { FrameEnvelopeSchema } from "./frame/envelope.js";
import { TOPIC_KINDS } from "./topic-kinds.js";
import { TOPIC_KIND_NAMES } from "./topics.js";

export const JSON_SCHEMA_BASE_URI = "https://onramp.dev/schemas/contract/";

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schemas (draft 2020-12) generated from the zod schemas, one per body kind plus the frame
 * envelope, keyed by file name. They let non-TypeScript consumers, and auditors years later,
 * validate stored frames without our code. Refinements zod cannot express in JSON Schema (the
 * total-samples bound, unique device ids, ok/error agreement) are enforced only by the decoder.
 */
export function contractJsonSchemas(): Record<string, JsonSchema> {
  const files: Record<string, JsonSchema> = {};
  for (const kind of TOPIC_KIND_NAMES)
    files[`${kind}.json`] = toJsonSchemaFile(TOPIC_KINDS[kind].schema, `${kind}.json`);
  files["frame.json"] = toJsonSchemaFile(FrameEnvelopeSchema, "frame.json");
  return files;
}

function toJsonSchemaFile(schema: z.ZodType, file: string): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12" });
  return { $schema, $id: `${JSON_SCHEMA_BASE_URI}${file}`, ...rest };
}
