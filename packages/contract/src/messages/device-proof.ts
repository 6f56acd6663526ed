import { createHash, constants as cryptoConstants, verify, X509Certificate } from "node:crypto";
import { z } from "zod";
import { CauseSchema } from "./cause.js";

/**
 * Proof from the device itself that it answered a challenge, beside the gateway's signature.
 *
 * For OPC UA the gateway opens a short extra session on a secured endpoint and sends, as the
 * CreateSession `clientNonce`, the SHA-256 of the challenge nonce (its UTF-8 bytes; 32 bytes, the
 * minimum OPC 10000-4 §5.6.2 asks of a nonce). The server must answer with `serverSignature`: its
 * application instance key's signature over `clientCertificate ‖ clientNonce` (OPC 10000-4
 * §5.6.2.2, the leaf of the client certificate), with the policy's asymmetric signature
 * algorithm (OPC 10000-7). A gateway cannot make that signature without the device's private key,
 * and cannot make it before the cloud chose the nonce. Anyone can check it against the server
 * certificate, whose SHA-256 thumbprint the device's birth announced.
 */

/** The three policies whose asymmetric signature is RSA with SHA-256 (OPC 10000-7 §6.6). */
export const DEVICE_PROOF_POLICIES = {
  "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256": {
    algorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    padding: "pkcs1",
  },
  "http://opcfoundation.org/UA/SecurityPolicy#Aes128_Sha256_RsaOaep": {
    algorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    padding: "pkcs1",
  },
  "http://opcfoundation.org/UA/SecurityPolicy#Aes256_Sha256_RsaPss": {
    algorithm: "http://opcfoundation.org/UA/security/rsa-pss-sha2-256",
    padding: "pss",
  },
} as const satisfies Record<string, { algorithm: string; padding: "pkcs1" | "pss" }>;

/** A certificate chain of a few certificates; a leaf is typically 1–2 KB of DER. */
export const MAX_PROOF_CERTIFICATE_BYTES = 16_384;
/** An RSA-4096 signature is 512 bytes. */
export const MAX_PROOF_SIGNATURE_BYTES = 1_024;

const base64Of = (maxBytes: number) =>
  z
    .string()
    .min(4)
    .max(Math.ceil(maxBytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be standard base64");

export const OpcuaSessionProofSchema = z.strictObject({
  kind: z.literal("opcua-session-signature"),
  securityPolicyUri: z.string().min(1).max(256).describe("The endpoint's security policy URI"),
  securityMode: z.enum(["Sign", "SignAndEncrypt"]),
  serverCertificate: base64Of(MAX_PROOF_CERTIFICATE_BYTES).describe(
    "CreateSessionResponse.serverCertificate: DER, base64 (may be a chain, leaf first)",
  ),
  clientCertificate: base64Of(MAX_PROOF_CERTIFICATE_BYTES).describe(
    "CreateSessionRequest.clientCertificate the gateway sent: DER, base64",
  ),
  algorithm: z.string().min(1).max(256).describe("CreateSessionResponse.serverSignature.algorithm"),
  signature: base64Of(MAX_PROOF_SIGNATURE_BYTES).describe(
    "CreateSessionResponse.serverSignature.signature: base64",
  ),
});
export type OpcuaSessionProof = z.infer<typeof OpcuaSessionProofSchema>;

/** The device cannot give a proof (no secured endpoint, …): says why, for the record. */
export const NoDeviceProofSchema = z.strictObject({ kind: z.literal("none"), reason: CauseSchema });

export const DeviceProofSchema = z
  .discriminatedUnion("kind", [OpcuaSessionProofSchema, NoDeviceProofSchema])
  .describe("Proof from the device itself (OPC UA: the server's CreateSession signature over the nonce)");
export type DeviceProof = z.infer<typeof DeviceProofSchema>;

/** The CreateSession clientNonce a challenge nonce maps to: SHA-256 of its UTF-8 bytes. */
export function sessionNonceOf(challengeNonce: string): Buffer {
  return createHash("sha256").update(challengeNonce, "utf8").digest();
}

/** The first DER element of a concatenated chain (OPC 10000-6 §6.2.3: leaf first). */
export function leafOfChain(der: Buffer): Buffer {
  if (der[0] !== 0x30 || der.length < 2) return der;
  const first = der[1] ?? 0;
  if (first < 0x80) return der.subarray(0, 2 + first);
  const lengthBytes = first & 0x7f;
  let length = 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + (der[2 + i] ?? 0);
  return der.subarray(0, 2 + lengthBytes + length);
}

/** SHA-256 of the leaf certificate's DER, lower-case hex: the thumbprint births announce. */
export function certificateThumbprintOf(der: Buffer): string {
  return createHash("sha256").update(leafOfChain(der)).digest("hex");
}

export type DeviceProofVerdict =
  | { readonly status: "verified"; readonly thumbprint: string }
  | { readonly status: "absent"; readonly reason: string }
  | { readonly status: "invalid"; readonly reason: string };

/**
 * Checks a device proof against the challenge nonce and the server-certificate thumbprint the
 * device's birth announced (undefined: none announced, so nothing to bind the certificate to).
 * Pure and deterministic: the ingest and `onramp-verify` both run it on the stored reply.
 */
export function verifyDeviceProof(
  proof: DeviceProof | undefined,
  challengeNonce: string,
  expectedThumbprint: string | undefined,
): DeviceProofVerdict {
  if (proof === undefined) return { status: "absent", reason: "the reply carries no device proof" };
  if (proof.kind === "none") {
    return { status: "absent", reason: `the gateway gave no device proof: ${proof.reason.code}` };
  }
  const policy = (DEVICE_PROOF_POLICIES as Record<string, { algorithm: string; padding: string }>)[
    proof.securityPolicyUri
  ];
  if (policy === undefined) {
    return { status: "invalid", reason: `security policy ${proof.securityPolicyUri} is not one proofs use` };
  }
  if (proof.algorithm !== policy.algorithm) {
    return {
      status: "invalid",
      reason: `signature algorithm ${proof.algorithm} is not ${policy.algorithm}, the policy's`,
    };
  }
  const serverDer = leafOfChain(Buffer.from(proof.serverCertificate, "base64"));
  const thumbprint = certificateThumbprintOf(serverDer);
  // Nothing to bind the signature to (the birth carried no identity, e.g. the device was offline
  // when the gateway started): not a failure, since a forger gains nothing here that omitting the
  // proof would not give, while an honest device would be failed for a late identity read.
  if (expectedThumbprint === undefined) {
    return {
      status: "absent",
      reason: "the device's birth announced no server certificate to check the proof against",
    };
  }
  if (thumbprint !== expectedThumbprint.toLowerCase()) {
    return {
      status: "invalid",
      reason: `the signing certificate ${thumbprint} is not the one the device's birth announced (${expectedThumbprint})`,
    };
  }
  let publicKey: X509Certificate["publicKey"];
  try {
    publicKey = new X509Certificate(serverDer).publicKey;
  } catch {
    return { status: "invalid", reason: "the server certificate is not a readable X.509 certificate" };
  }
  const signed = Buffer.concat([
    leafOfChain(Buffer.from(proof.clientCertificate, "base64")),
    sessionNonceOf(challengeNonce),
  ]);
  const padding =
    policy.padding === "pss"
      ? { padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : { padding: cryptoConstants.RSA_PKCS1_PADDING };
  let isValid: boolean;
  try {
    isValid = verify(
      "sha256",
      signed,
      { key: publicKey, ...padding },
      Buffer.from(proof.signature, "base64"),
    );
  } catch {
    isValid = false;
  }
  if (!isValid) {
    return {
      status: "invalid",
      reason: "the server signature does not verify over the client certificate and this challenge's nonce",
    };
  }
  return { status: "verified", thumbprint };
}
