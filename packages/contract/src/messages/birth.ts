import { z } from "zod";
import { DeviceClass, DeviceId, KeyId } from "../ids.js";
import { ContractVersion, GATEWAY_HEADER, MAX_TEXT_LENGTH } from "./header.js";

export const MAX_BIRTH_DEVICES = 10_000;

/**
 * `vendor/model@version`. The version part admits both integers and semver (with pre-release or
 * build suffix) so the profile library can pick either without a contract change.
 */
export const ProfileRef = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}\/[a-z0-9][a-z0-9._-]{0,63}@[0-9][0-9A-Za-z.+-]{0,31}$/,
    "profile must be vendor/model@version, e.g. siemens/s7-1500@1.2.0",
  )
  .describe("Device profile reference: vendor/model@version");

/** Where a device's identity was read from; decides how much a fingerprint proves. */
export const IdentitySourceSchema = z.enum([
  "opcua-certificate",
  "opcua-application-uri",
  "opcua-machine-tool-identification",
  "modbus-device-identification",
  "modbus-serial-register",
  "industrial-internet-identifier",
  /**
   * Derived from vendor, model and a serial the integrator typed from the rating plate and sent
   * with the gateway's enrollment: nothing was read from the device, so it proves less.
   */
  "nameplate",
  /** S7: order number, serial number and module name from the CPU's SZL (IDs 0x0011 and 0x001C). */
  "s7-szl",
  /** MTConnect: the Device element's uuid, manufacturer, model and serial number from /probe. */
  "mtconnect-device",
  // Issue 20: a device behind a Sparkplug B gateway, known only by its group/edge/device path —
  // the gateway's name for it, not an identity read from the machine (the evidence says so).
  "sparkplug-b",
]);
export type IdentitySource = z.infer<typeof IdentitySourceSchema>;

export const IdentitySchema = z.strictObject({
  fingerprint: z
    .string()
    .min(1)
    .max(256)
    .describe('Stable identity of the physical device, e.g. "sha256:…" or an identifier "88.x.y/suffix"'),
  source: IdentitySourceSchema,
  fields: z
    .record(z.string().min(1).max(64), z.string().max(MAX_TEXT_LENGTH))
    .describe("The raw identity fields the fingerprint was derived from (serial number, vendor, …)"),
});
export type Identity = z.infer<typeof IdentitySchema>;

export const BirthDeviceSchema = z.strictObject({
  id: DeviceId,
  profile: ProfileRef,
  class: DeviceClass,
  /**
   * Digest of the device's effective mapping (profile + the gateway's overrides). Recorded at
   * every birth, so a remapping — a meter turned into a "CNC" by editing a profile — leaves an
   * audit trail (INDICATORS §5) even when the profile reference stays the same.
   */
  mapping: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, "mapping must be sha256:<64 hex digits>")
    .describe("SHA-256 of the device's effective mapping (profile + overrides), canonical JSON"),
  /** null until the agent has read the identity (device offline at start, or no identity support). */
  identity: IdentitySchema.nullable(),
});
export type BirthDevice = z.infer<typeof BirthDeviceSchema>;

/**
 * Published (retained) at every connect: which agent runs, which key signs this session's frames
 * and which devices it serves. A new birth replaces the retained one. `willSeq` pairs the birth
 * with the last will registered on the same connection (the role of Sparkplug B's bdSeq), so a
 * reader of the two retained messages can tell whether the death is current; see death.ts.
 */
export const BirthBodySchema = z
  .strictObject({
    v: ContractVersion,
    kind: z.literal("birth"),
    ...GATEWAY_HEADER,
    agent: z.strictObject({ name: z.string().min(1).max(64), version: z.string().min(1).max(64) }),
    kid: KeyId.describe("Key id (RFC 7638 thumbprint) of the key signing this session's frames"),
    willSeq: z
      .int()
      .min(0)
      .describe("seq of the last-will death body registered with this connection (see death)"),
    devices: z.array(BirthDeviceSchema).max(MAX_BIRTH_DEVICES),
  })
  .superRefine((body, ctx) => {
    // The will is signed while connecting, before the birth is published on that connection.
    if (body.willSeq >= body.seq) {
      ctx.addIssue({
        code: "custom",
        message: "willSeq must be lower than the birth's seq",
        path: ["willSeq"],
      });
    }
    // Two entries with one id would make every later frame about that device ambiguous.
    const seen = new Set<string>();
    for (const [index, device] of body.devices.entries()) {
      if (seen.has(device.id)) {
        ctx.addIssue({
          code: "custom",
          message: `duplicate device id "${device.id}"`,
          path: ["devices", index, "id"],
        });
      }
      seen.add(device.id);
    }
  })
  .meta({
    title: "Onramp birth body",
    description: "Gateway birth: agent, signing key and devices (retained)",
  });
export type BirthBody = z.infer<typeof BirthBodySchema>;
