import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BodySchema } from "./body.js";
import { MAX_PROOF_CERTIFICATE_BYTES, MAX_PROOF_SIGNATURE_BYTES, sessionNonceOf } from "./device-proof.js";
import { EXAMPLE_BODIES } from "./examples.js";

const proof = {
  kind: "opcua-session-signature",
  securityPolicyUri: "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256",
  securityMode: "Sign",
  serverCertificate: Buffer.alloc(1200, 1).toString("base64"),
  clientCertificate: Buffer.alloc(1100, 2).toString("base64"),
  algorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
  signature: Buffer.alloc(256, 3).toString("base64"),
};
const replyWith = (deviceProof: unknown) => ({ ...EXAMPLE_BODIES.reply, deviceProof });

describe("deviceProof in a challenge reply", () => {
  it("is optional, and accepted as a session signature or as none with a cause", () => {
    expect(BodySchema.safeParse(EXAMPLE_BODIES.reply).success).toBe(true);
    expect(BodySchema.safeParse(replyWith(proof)).success).toBe(true);
    const none = { kind: "none", reason: { code: "ONRAMP_OPCUA_NO_SECURED_ENDPOINT", message: "None only" } };
    expect(BodySchema.safeParse(replyWith(none)).success).toBe(true);
  });

  it("bounds certificate and signature sizes and refuses what is not base64 or not a known mode", () => {
    const big = (bytes: number) => Buffer.alloc(bytes, 7).toString("base64");
    expect(
      BodySchema.safeParse(replyWith({ ...proof, signature: big(MAX_PROOF_SIGNATURE_BYTES) })).success,
    ).toBe(true);
    expect(
      BodySchema.safeParse(replyWith({ ...proof, signature: big(MAX_PROOF_SIGNATURE_BYTES + 3) })).success,
    ).toBe(false);
    expect(
      BodySchema.safeParse(replyWith({ ...proof, serverCertificate: big(MAX_PROOF_CERTIFICATE_BYTES + 3) }))
        .success,
    ).toBe(false);
    expect(BodySchema.safeParse(replyWith({ ...proof, signature: "not base64!" })).success).toBe(false);
    expect(BodySchema.safeParse(replyWith({ ...proof, securityMode: "None" })).success).toBe(false);
    expect(BodySchema.safeParse(replyWith({ ...proof, extra: 1 })).success).toBe(false);
  });

  it("derives the CreateSession clientNonce as SHA-256 of the nonce's UTF-8 bytes (32 bytes)", () => {
    const nonce = "Zm9yLXRoZS1sYXRoZS0z";
    expect(sessionNonceOf(nonce)).toEqual(createHash("sha256").update(Buffer.from(nonce, "utf8")).digest());
    expect(sessionNonceOf(nonce)).toHaveLength(32);
  });
});
