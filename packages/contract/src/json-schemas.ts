import { z } from "zod";
import { FrameEnvelopeSchema } from "./frame/envelope.js";
import { DataBodyV2Schema } from "./messages/data-v2.js";
import { ChallengeReplyV2Schema } from "./messages/reply-v2.js";
import { TOPIC_KINDS } from "./topic-kinds.js";
import { TOPIC_KIND_NAMES } from "./topics.js";

export const JSON_SCHEMA_BASE_URI = "https://onramp.dev/schemas/contract/";

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schemas (draft 2020-12) generated from the zod schemas, one per body kind plus the frame
 * envelope, keyed by file name. They let non-TypeScript consumers, and auditors years later,
 * validate stored frames without our code. Refinements zod cannot express in JSON Schema (the
 * total-samples bound, unique device ids, ok/error agreement, v2 block shapes) are enforced only
 * by the decoder.
 */
export function contractJsonSchemas(): Record<string, JsonSchema> {
  const files: Record<string, JsonSchema> = {};
  for (const kind of TOPIC_KIND_NAMES)
    files[`${kind}.json`] = toJsonSchemaFile(TOPIC_KINDS[kind].schema, `${kind}.json`);
  // Version 2 of the bodies that carry samples (contract README, "Version 2").
  files["data.v2.json"] = toJsonSchemaFile(DataBodyV2Schema, "data.v2.json");
  files["reply.v2.json"] = toJsonSchemaFile(ChallengeReplyV2Schema, "reply.v2.json");
  files["frame.json"] = toJsonSchemaFile(FrameEnvelopeSchema, "frame.json");
  return files;
}

function toJsonSchemaFile(schema: z.ZodType, file: string): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12" });
  return { $schema, $id: `${JSON_SCHEMA_BASE_URI}${file}`, ...rest };
}
