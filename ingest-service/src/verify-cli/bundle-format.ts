import { EnterpriseId, GatewayId, KeyId } from "@onramp/contract";
import { z } from "zod";
import { EnterpriseInputSchema, IndicatorParamsSchema } from "../indicators/index.js";

/**
 * The evidence bundle: one JSON document anyone can open. It is self-contained — the report's
 * inputs and parameters, the report, a sample of the raw signed frames exactly as received
 * (base64 of the JWS bytes), the gateways' public JWKs and the registry entries — so
 * `onramp-verify` (or any JOSE library and a JSON diff) re-checks it without the server.
 * Nothing secret is in it: no private key, password hash or token.
 */
export const BUNDLE_FORMAT = "onramp.evidence-bundle/2";
// /2: the inputs' frames carry each data frame's sample times by signal, no longer its samples
// (the frame log keeps only what the replay checks read); a /1 bundle is refused by its format.

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
});
export type Bundle = z.infer<typeof BundleSchema>;
