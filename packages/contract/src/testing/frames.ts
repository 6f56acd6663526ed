// Builders for frames the codec would never produce (foreign headers, algorithms, payloads), so
// the decoder's rejections are tested with real signatures rather than hand-made byte strings.
import { createHmac, type KeyObject, sign } from "node:crypto";

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");

/** A flattened JWS with any protected header and payload, Ed25519-signed (or HMAC for `alg` HS*). */
export function forgeFrame(header: unknown, payload: Uint8Array | string, privateKey: KeyObject): Buffer {
  const protectedB64 = b64(JSON.stringify(header));
  const payloadB64 = b64(payload);
  const input = Buffer.from(`${protectedB64}.${payloadB64}`, "latin1");
  const signature = sign(null, input, privateKey);
  return envelope({ protected: protectedB64, payload: payloadB64, signature: b64(signature) });
}

/**
 * The classic algorithm-confusion forgery (RFC 8725 §2.1): HMAC keyed with the *public* key's
 * bytes, which an attacker knows, hoping the verifier lets the header pick the algorithm.
 */
export function forgeHs256Frame(kid: string, payload: string, publicKey: KeyObject): Buffer {
  const protectedB64 = b64(JSON.stringify({ alg: "HS256", kid }));
  const payloadB64 = b64(payload);
  const secret = publicKey.export({ format: "der", type: "spki" });
  const mac = createHmac("sha256", secret).update(`${protectedB64}.${payloadB64}`).digest();
  return envelope({ protected: protectedB64, payload: payloadB64, signature: b64(mac) });
}

export function envelope(parts: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify(parts), "utf8");
}

/** The [start, end) byte range of a section's base64url text inside a frame from encodeFrame. */
export function sectionRange(
  frame: Uint8Array,
  section: "protected" | "payload" | "signature",
): [number, number] {
  const text = Buffer.from(frame).toString("latin1");
  const start = text.indexOf(`"${section}":"`) + section.length + 4;
  return [start, text.indexOf('"', start)];
}
