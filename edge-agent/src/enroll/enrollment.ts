import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { EnterpriseId, GatewayId, keyIdOf } from "@onramp/contract";
import { z } from "zod";

/** RFC 8037 OKP public key as the enroll endpoint returns the cloud's cmd-signing keys. */
export const Ed25519JwkSchema = z.object({
  kty: z.literal("OKP"),
  crv: z.literal("Ed25519"),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "x must be the 32-byte key in base64url"),
  kid: z.string().max(256).optional(),
});

/** The enroll endpoint's answer (contract in README.md). Unknown fields are ignored: the server may add some. */
export const EnrollResponseSchema = z.object({
  enterprise: EnterpriseId,
  gateway: GatewayId,
  mqtt: z.object({
    url: z.string().regex(/^(mqtt|mqtts|tcp|tls):\/\/[^\s]+$/),
    username: z.string().min(1).max(256),
    password: z.string().min(1).max(1024),
    /** The MQTT client id the broker expects; the ingest's embedded broker requires `{ent}/{gw}`. */
    clientId: z.string().min(1).max(256).optional(),
  }),
  /** Keys the cloud signs cmd frames with; the agent accepts cmds signed by these only. */
  cmdKeys: z.array(Ed25519JwkSchema).min(1).max(8),
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

/** What `enrollment.json` holds (mode 0600: it carries the MQTT password). */
export const EnrollmentRecordSchema = EnrollResponseSchema.extend({
  server: z.string(),
  kid: z.string(),
  enrolledAt: z.string(),
});
export type EnrollmentRecord = z.infer<typeof EnrollmentRecordSchema>;

export const KEY_FILE = "gateway-key.pem";
export const ENROLLMENT_FILE = "enrollment.json";

export function importCmdKeys(jwks: readonly z.infer<typeof Ed25519JwkSchema>[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const jwk of jwks) {
    const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x }, format: "jwk" });
    // The kid in a cmd header is the RFC 7638 thumbprint, recomputed here rather than trusted.
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

export function importPrivateKey(pem: string): { privateKey: KeyObject; kid: string } {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("the gateway key is not an Ed25519 key");
  return { privateKey, kid: keyIdOf(createPublicKey(privateKey)) };
}
