// The forger's own signing, with `jose` and nothing of the project's codec (independence: what a
// third party that read packages/contract/README.md "Frame format" would write). A frame is a
// flattened JWS, `{"alg":"EdDSA","kid":…}` protected header, the body's compact JSON as payload.
import {
  calculateJwkThumbprint,
  exportJWK,
  FlattenedSign,
  flattenedVerify,
  generateKeyPair,
  importJWK,
  type JWK,
} from "jose";

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

export interface ForgerKey {
  readonly privateKey: PrivateKey;
  readonly publicJwk: JWK;
  readonly kid: string;
}

/** A fresh Ed25519 key; `kid` is the RFC 7638 thumbprint, as the contract requires. */
export async function generateForgerKey(): Promise<ForgerKey> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, kid, publicJwk: { ...jwk, kid, alg: "EdDSA", use: "sig" } };
}

/** Signs the exact bytes of `JSON.stringify(body)`; returns the compact flattened JWS bytes. */
export async function signBody(body: object, key: ForgerKey): Promise<Buffer> {
  const jws = await new FlattenedSign(new TextEncoder().encode(JSON.stringify(body)))
    .setProtectedHeader({ alg: "EdDSA", kid: key.kid })
    .sign(key.privateKey);
  return Buffer.from(
    JSON.stringify({ protected: jws.protected, payload: jws.payload, signature: jws.signature }),
  );
}

/** Verifies a cloud `cmd` against the enrolled cmd keys; returns its body, or undefined if none verifies. */
export async function verifyCmd(bytes: Buffer, cmdKeys: readonly JWK[]): Promise<unknown> {
  let frame: { protected: string; payload: string; signature: string };
  try {
    frame = JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined; // not a JWS at all
  }
  for (const jwk of cmdKeys) {
    try {
      const { payload } = await flattenedVerify(frame, await importJWK(jwk, "EdDSA"), {
        algorithms: ["EdDSA"],
      });
      return JSON.parse(new TextDecoder().decode(payload));
    } catch {
      // the next key (rotation): a cmd must verify with one of them
    }
  }
  return undefined;
}
