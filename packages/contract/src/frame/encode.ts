import { type KeyObject, sign } from "node:crypto";
import type { WireBody } from "../messages/versions.js";
import { isEd25519Key } from "./keys.js";

export interface Signer {
  /** Key id put in the protected header; the RFC 7638 thumbprint from `keyIdOf`. */
  kid: string;
  privateKey: KeyObject;
}

/**
 * Serialises the body once and signs exactly those bytes: there is no canonical form to agree
 * on, a verifier checks the bytes it received (DESIGN §4). The body is trusted to match the
 * schema (it was built from typed values); receivers validate it. A v1 body is signed as it is;
 * for version 2 pass `toWireBody(body, 2)`.
 */
export function encodeFrame(body: WireBody, signer: Signer): Buffer {
  return signFlattened(Buffer.from(JSON.stringify(body), "utf8"), signer);
}

/**
 * JWS flattened JSON serialisation (RFC 7515 §7.2.2) with `alg: "EdDSA"` (RFC 8037 §3.1). The
 * signing input is ASCII(BASE64URL(header) || "." || BASE64URL(payload)) (RFC 7515 §5.1). Every
 * part is base64url, which needs no JSON escaping, so the envelope is assembled as text.
 */
export function signFlattened(payload: Uint8Array, signer: Signer): Buffer {
  if (signer.privateKey.type !== "private" || !isEd25519Key(signer.privateKey)) {
    throw new TypeError("encodeFrame needs an Ed25519 private key");
  }
  const protectedB64 = Buffer.from(JSON.stringify({ alg: "EdDSA", kid: signer.kid }), "utf8").toString(
    "base64url",
  );
  const payloadB64 = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString(
    "base64url",
  );
  const signingInput = Buffer.from(`${protectedB64}.${payloadB64}`, "latin1");
  // Ed25519 hashes internally (RFC 8032 PureEdDSA), hence no digest algorithm.
  const signature = sign(null, signingInput, signer.privateKey).toString("base64url");
  return Buffer.from(
    `{"protected":"${protectedB64}","payload":"${payloadB64}","signature":"${signature}"}`,
    "latin1",
  );
}
