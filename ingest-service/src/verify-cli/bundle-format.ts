import { EnterpriseId, GatewayId, KeyId } from "@onramp/contract";
import { z } from "zod";
import { AnswersSchema } from "../digital-level/answers-schema.js";
import { EnterpriseInputSchema, IndicatorParamsSchema } from "../indicators/index.js";

/**
 * The evidence bundle: one JSON document anyone can open. It is self-contained — the report's
 * inputs and parameters, the report, a sample of the raw signed frames exactly as received
 * (base64 of the JWS bytes), the gateways' public JWKs and the registry entries — so
 * `onramp-verify` (or any JOSE library and a JSON diff) re-checks it without the server.
 * Nothing secret is in it: no private key, password hash or token.
 */
export const BUNDLE_FORMAT = "onramp.evidence-bundle/3";
// /2: the inputs' frames carry each data frame's sample times by signal, no longer its samples
// (the frame log keeps only what the replay checks read); a /1 bundle is refused by its format.
// /3: `digitalLevel` (issue 15): the declaration behind the SME digital level, the questionnaire
// and bindings it was scored with (by sha256) and the report's digitalLevel section.

/** At most this many frames per bundle (a bounded download); `frames.truncated` says when more existed. */
export const MAX_BUNDLE_FRAMES = 2_000;

const Ed25519Jwk = z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string() }).loose();

export const BundleFrameSchema = z.strictObject({
  /** The MQTT topic it arrived on (the decoder checks body and topic agree). */
  topic: z.string(),
  receivedAt: z.int(),
  /** The exact bytes received: a JWS in flattened JSON serialisation, base64-encoded. */
  base64: z.base64(),
});
export type BundleFrame = z.infer<typeof BundleFrameSchema>;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** A questionnaire data file by identity: the verifier recomputes only with the same bytes. */
const QuestionnaireFileSchema = z.strictObject({
  id: z.string().min(1),
  version: z.string().min(1),
  /** File name under ingest-service/data/sme-digital-level/. */
  file: z.string().min(1),
  /** sha256 (hex) of the file's exact bytes. */
  sha256: Sha256Hex,
});

/** What the enterprise declared (digital-level/digital-level.ts `Declaration`). */
const DeclarationSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("answers"), answers: AnswersSchema, answeredAt: z.iso.datetime() }),
  z.strictObject({
    kind: z.literal("total"),
    score: z.number().min(0).max(100),
    level: z.literal([0, 1, 2, 3, 4]),
    answeredAt: z.iso.datetime(),
  }),
]);

/**
 * The SME digital level behind the report (INDICATORS §7): the submission it was computed from,
 * the questionnaire and bindings by identity, and the report's `digitalLevel` section, which the
 * verifier recomputes from the submission and the indicators it recomputes from `input`.
 */
export const BundleDigitalLevelSchema = z.strictObject({
  questionnaire: QuestionnaireFileSchema,
  bindings: QuestionnaireFileSchema,
  /** The latest submission (the one the report counts); null when the enterprise has not answered. */
  submission: z
    .strictObject({
      /** `questionnaire`: answered in the dashboard or over the API; `national-import`: imported. */
      source: z.enum(["questionnaire", "national-import"]),
      /** Who declared: `role:name` of the API principal. */
      answeredBy: z.string().min(1),
      declaration: DeclarationSchema,
    })
    .nullable(),
  /** The enterprise report's `digitalLevel` section, as the server computed it. */
  result: z.record(z.string(), z.unknown()),
});
export type BundleDigitalLevel = z.infer<typeof BundleDigitalLevelSchema>;

export const BundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  generatedAt: z.int(),
  enterprise: z.strictObject({ id: EnterpriseId, name: z.string() }).loose(),
  params: IndicatorParamsSchema,
  input: EnterpriseInputSchema,
  /** The report as the server computed it; the verifier recomputes it from `input` and `params`. */
  report: z.record(z.string(), z.unknown()),
  frames: z.strictObject({
    limit: z.int(),
    /** Archived frames (exact bytes kept) in the period. */
    available: z.int(),
    truncated: z.boolean(),
    items: z.array(BundleFrameSchema),
  }),
  gateways: z.array(
    z.strictObject({
      ent: EnterpriseId,
      id: GatewayId,
      kid: KeyId,
      publicJwk: Ed25519Jwk,
      enrolledAt: z.int(),
      revokedAt: z.int().nullable(),
    }),
  ),
  /**
   * The enterprise's registry entries (devices announced by births, with their declarations) and
   * its equipment declarations (`source: "declaration"`), as stored.
   */
  registry: z.array(z.record(z.string(), z.unknown())),
  /** Null when the server scores no digital level (started without the questionnaire). */
  digitalLevel: BundleDigitalLevelSchema.nullable(),
});
export type Bundle = z.infer<typeof BundleSchema>;
