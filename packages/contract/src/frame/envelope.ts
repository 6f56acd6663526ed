import { z } from "zod";

const Base64UrlText = z.string().regex(/^[A-Za-z0-9_-]*$/, "must be unpadded base64url");

/**
 * A JWS in flattened JSON serialisation (RFC 7515 §7.2.2), restricted to what Onramp emits: one
 * integrity-protected header and no unprotected `header`, so every header parameter is signed.
 */
export const FrameEnvelopeSchema = z
  .strictObject({
    protected: Base64UrlText.min(1).describe('base64url of the JOSE header JSON: {"alg":"EdDSA","kid":…}'),
    payload: Base64UrlText.describe("base64url of the exact compact JSON body bytes that were signed"),
    signature: Base64UrlText.describe("base64url of the Ed25519 signature over protected + '.' + payload"),
  })
  .meta({
    title: "Onramp signed frame",
    description:
      "A JWS (RFC 7515) in flattened JSON serialisation, alg EdDSA (Ed25519, RFC 8037); verifiable with any JOSE library and the gateway's public JWK",
  });
export type FrameEnvelope = z.infer<typeof FrameEnvelopeSchema>;

/** Signed header parameters Onramp reads; other parameters are ignored (RFC 7515 §4). */
export interface ProtectedHeader {
  alg: "EdDSA";
  kid: string;
}
