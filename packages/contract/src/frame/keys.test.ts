import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateGatewayKey, keyIdOf, publicJwk } from "./keys.js";

// RFC 8037 Appendix A.1 (the Ed25519 key) and A.3 (its RFC 7638 thumbprint).
const RFC_8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
const RFC_8037_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
const RFC_8037_THUMBPRINT = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

describe("gateway keys", () => {
  const rfcPrivate = createPrivateKey({
    key: { kty: "OKP", crv: "Ed25519", d: RFC_8037_D, x: RFC_8037_X },
    format: "jwk",
  });
  const rfcPublic = createPublicKey(rfcPrivate);

  it("computes the RFC 8037 A.3 thumbprint as the key id", () => {
    expect(keyIdOf(rfcPublic)).toBe(RFC_8037_THUMBPRINT);
  });

  it("exports the public JWK with its thumbprint as kid, and never the private part", () => {
    expect(publicJwk(rfcPrivate)).toEqual({
      kty: "OKP",
      crv: "Ed25519",
      x: RFC_8037_X,
      kid: RFC_8037_THUMBPRINT,
      alg: "EdDSA",
      use: "sig",
    });
  });

  it("generates a fresh Ed25519 key pair whose kid is its thumbprint", () => {
    const first = generateGatewayKey();
    const second = generateGatewayKey();
    expect(first.publicKey.asymmetricKeyType).toBe("ed25519");
    expect(first.kid).toBe(keyIdOf(first.publicKey));
    expect(first.kid).not.toBe(second.kid);
  });

  it("refuses keys of other types, which would be a bug at the call site", () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(() => keyIdOf(publicKey)).toThrow(TypeError);
  });
});
