import { z } from "zod";

/**
 * Identifier charset shared by every id that appears in a topic level or names a series:
 * lowercase so two spellings never denote one device, and free of `/`, `+`, `#` so an id can
 * never split a topic or act as an MQTT wildcard (MQTT 3.1.1 §4.7.1).
 */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const ID_MAX_LENGTH = 64;

function idSchema(what: string) {
  return z
    .string()
    .max(ID_MAX_LENGTH)
    .regex(ID_PATTERN, `${what} must be 1..64 chars of [a-z0-9_-], starting with a letter or digit`)
    .describe(`${what}: 1..64 chars of [a-z0-9_-], starting with [a-z0-9]`);
}

export const EnterpriseId = idSchema("enterprise id");
export type EnterpriseId = z.infer<typeof EnterpriseId>;

export const GatewayId = idSchema("gateway id");
export type GatewayId = z.infer<typeof GatewayId>;

export const DeviceId = idSchema("device id");
export type DeviceId = z.infer<typeof DeviceId>;

/** Signal ids come from device profiles (snake_case there); the wire accepts the id charset. */
export const SignalId = idSchema("signal id");
export type SignalId = z.infer<typeof SignalId>;

/** Device class from the profile, e.g. `cnc_machine_tool`, `energy_meter` (open vocabulary). */
export const DeviceClass = idSchema("device class");
export type DeviceClass = z.infer<typeof DeviceClass>;

/**
 * `sess` is drawn at random on every agent start, so `(sess, seq)` never repeats across restarts
 * even though `seq` restarts at 0. 16 base64url chars carry 96 bits: collisions are negligible.
 */
export const SessionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, "session id must be 16..64 chars of [A-Za-z0-9_-]")
  .describe("Random per agent start: 16..64 chars of [A-Za-z0-9_-]");
export type SessionId = z.infer<typeof SessionId>;

/** Request ids correlate a cmd with its reply; the cloud chooses them. */
export const RequestId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "request id must be 1..64 chars of [A-Za-z0-9_-]")
  .describe("Request id chosen by the cloud, echoed in the reply: 1..64 chars of [A-Za-z0-9_-]");
export type RequestId = z.infer<typeof RequestId>;

/**
 * Key id as found in a JWS header. Onramp's are RFC 7638 thumbprints (43 chars); the bound only
 * stops an absurd header from flowing into logs and lookups.
 */
export const MAX_KID_LENGTH = 256;
export const KeyId = z
  .string()
  .min(1)
  .max(MAX_KID_LENGTH)
  .describe("Key id: the RFC 7638 JWK thumbprint of the gateway's Ed25519 public key");
export type KeyId = z.infer<typeof KeyId>;

/** Predicate form for hot paths (topic parsing) where a zod parse would be needless work. */
export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}
