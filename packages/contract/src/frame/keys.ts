import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";

/** The public half of a gateway key as an RFC 8037 OKP JWK, ready for any JOSE library. */
export interface Ed25519PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: "EdDSA";
  use: "sig";
}

export interface GatewayKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
}

export function generateGatewayKey(): GatewayKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, publicKey, kid: keyIdOf(publicKey) };
}

export function publicJwk(publicKey: KeyObject): Ed25519PublicJwk {
  const x = ed25519X(publicKey);
  return { kty: "OKP", crv: "Ed25519", x, kid: thumbprint(x), alg: "EdDSA", use: "sig" };
}

/**
 * The key id is the RFC 7638 JWK thumbprint: derived from the key itself, so anyone holding the
 * public JWK can recompute it and no registry of names is needed to tie a frame to its key.
 */
export function keyIdOf(publicKey: KeyObject): string {
  return thumbprint(ed25519X(publicKey));
}

export function isEd25519Key(key: KeyObject): boolean {
  return key.asymmetricKeyType === "ed25519";
}

function ed25519X(key: KeyObject): string {
  // A private key is accepted too (its JWK export also carries `x`); any other key is a bug.
  if (!isEd25519Key(key)) {
    throw new TypeError(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`);
  }
  const { x } = key.export({ format: "jwk" });
  if (typeof x !== "string") throw new TypeError("Ed25519 key exported without an x coordinate");
  return x;
}

/** RFC 7638 §3.2: members `crv`, `kty`, `x` in lexicographic order, no whitespace (RFC 8037 §2). */
function thumbprint(x: string): string {
  const canonical = `{"crv":"Ed25519","kty":"OKP","x":"${x}"}`;
  return createHash("sha256").update(canonical).digest("base64url");
}
