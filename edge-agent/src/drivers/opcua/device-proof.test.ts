import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type DeviceProof, type OpcuaSessionProof, verifyDeviceProof } from "@onramp/contract";
import type { CompiledProfile } from "@onramp/profiles";
import { ALWAYS_ON, type PlcSimulator, startPlcSimulator } from "@onramp/simulators";
import { MessageSecurityMode, OPCUACertificateManager, OPCUAServer, SecurityPolicy } from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Driver, DriverFactory, DriverResult } from "../driver.js";
import { createOpcuaDriverFactory } from "./factory.js";
import { libraryProfile, opcuaTestContext, tempDir } from "./testing/harness.js";

/**
 * A fresh nonce per proof, as the cloud makes one per challenge: a server refuses a CreateSession
 * clientNonce it has already seen (node-opcua answers BadNonceInvalid), which is what makes a
 * recorded proof unusable for a later challenge.
 */
const freshNonce = () => randomBytes(24).toString("base64url");

function sessionProof(proved: DriverResult<DeviceProof> | undefined): OpcuaSessionProof {
  if (!proved?.ok) throw new Error(`no proof: ${JSON.stringify(proved)}`);
  if (proved.value.kind !== "opcua-session-signature") throw new Error(`no proof: ${JSON.stringify(proved)}`);
  return proved.value;
}

/** Flips one bit of a base64 value. */
function flipped(base64: string): string {
  const bytes = Buffer.from(base64, "base64");
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
  return bytes.toString("base64");
}

describe("OPC UA device proof: the server signs the challenge nonce at CreateSession", () => {
  let simPki: string;
  let sim: PlcSimulator;
  let profile: CompiledProfile;
  let factory: DriverFactory;
  let cleanupCtx: () => Promise<void>;
  const drivers: Driver[] = [];

  function driver(query: string): Driver {
    const root = encodeURIComponent(sim.lines[0]?.rootBrowsePath ?? "");
    const made = factory.create({
      id: "plc",
      url: `${sim.endpointUrl}?root=${root}&timeoutMs=8000&${query}`,
      profile,
    });
    if (!made.ok) throw new Error(made.error.message);
    drivers.push(made.value);
    return made.value;
  }

  /** The certificate thumbprint the device's birth announces (identity field certificate_sha256). */
  async function announcedThumbprint(d: Driver): Promise<string> {
    const identity = await d.readIdentity();
    if (!identity.ok) throw new Error(identity.error.message);
    const thumbprint = identity.value.fields.certificate_sha256;
    if (thumbprint === undefined) throw new Error("no certificate_sha256 in the identity");
    return thumbprint;
  }

  beforeAll(async () => {
    simPki = await tempDir("plc-proof");
    sim = await startPlcSimulator({ pkiDir: simPki, schedule: ALWAYS_ON });
    profile = await libraryProfile("plc/opcua-generic-plc.yaml");
    const ctx = await opcuaTestContext();
    cleanupCtx = ctx.cleanup;
    factory = createOpcuaDriverFactory(ctx);
  });

  afterAll(async () => {
    for (const d of drivers) await d.close();
    await factory?.close();
    await cleanupCtx?.();
    await sim?.stop();
    await rm(simPki, { recursive: true, force: true });
  });

  it("a device read over security None still proves itself on the server's secured endpoint, and the proof verifies against the announced thumbprint", async () => {
    const NONCE = freshNonce();
    const d = driver("security=None");
    const thumbprint = await announcedThumbprint(d);
    const proved = await d.proveIdentity?.(NONCE);
    expect(proved?.ok).toBe(true);
    const proof = sessionProof(proved);
    expect(proof.securityMode).toBe("Sign");
    expect(verifyDeviceProof(proof, NONCE, thumbprint)).toEqual({ status: "verified", thumbprint });
    // Bound to this nonce: the same signature does not answer another challenge.
    expect(verifyDeviceProof(proof, freshNonce(), thumbprint)).toMatchObject({
      status: "invalid",
      reason: expect.stringContaining("does not verify"),
    });
    expect(d.counters?.()).toMatchObject({ deviceProofs: 1 });
  });

  it.each([
    ["Basic256Sha256", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"],
    ["Aes128_Sha256_RsaOaep", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"],
    ["Aes256_Sha256_RsaPss", "http://opcfoundation.org/UA/security/rsa-pss-sha2-256"],
  ])(
    "uses the configured secured policy %s and its signature algorithm verifies with Node's crypto",
    async (policy, algorithm) => {
      const NONCE = freshNonce();
      // tofu=1 lets the data link trust the simulator; the proof session itself needs no trust.
      const d = driver(`security=SignAndEncrypt&policy=${policy}&tofu=1`);
      const thumbprint = await announcedThumbprint(d);
      const proved = await d.proveIdentity?.(NONCE);
      const proof = sessionProof(proved);
      expect(proof).toMatchObject({ securityMode: "SignAndEncrypt", algorithm });
      expect(proof.securityPolicyUri.endsWith(`#${policy}`)).toBe(true);
      expect(verifyDeviceProof(proof, NONCE, thumbprint).status).toBe("verified");
    },
  );

  it("a tampered signature, a certificate other than the announced one, or a swapped algorithm is invalid", async () => {
    const NONCE = freshNonce();
    const d = driver("security=None");
    const thumbprint = await announcedThumbprint(d);
    const proved = await d.proveIdentity?.(NONCE);
    const proof = sessionProof(proved);
    expect(
      verifyDeviceProof({ ...proof, signature: flipped(proof.signature) }, NONCE, thumbprint),
    ).toMatchObject({
      status: "invalid",
      reason: expect.stringContaining("does not verify"),
    });
    expect(verifyDeviceProof(proof, NONCE, "ab".repeat(32))).toMatchObject({
      status: "invalid",
      reason: expect.stringContaining("is not the one the device's birth announced"),
    });
    // No announced certificate to bind it to: no proof, not a failure.
    expect(verifyDeviceProof(proof, NONCE, undefined).status).toBe("absent");
    expect(
      verifyDeviceProof(
        { ...proof, algorithm: "http://www.w3.org/2000/09/xmldsig#rsa-sha1" },
        NONCE,
        thumbprint,
      ).status,
    ).toBe("invalid");
    // Another server's genuine proof (its own certificate) does not pass for this device.
    const otherPki = await tempDir("plc-proof-other");
    const other = await startPlcSimulator({
      pkiDir: otherPki,
      schedule: ALWAYS_ON,
      applicationUri: "urn:onramp:other",
    });
    try {
      const root = encodeURIComponent(other.lines[0]?.rootBrowsePath ?? "");
      const made = factory.create({
        id: "other",
        url: `${other.endpointUrl}?root=${root}&timeoutMs=8000`,
        profile,
      });
      if (!made.ok) throw new Error(made.error.message);
      drivers.push(made.value);
      // node-opcua keeps used client nonces process-wide, and both servers run in this process.
      const otherNonce = freshNonce();
      const otherProof = await made.value.proveIdentity?.(otherNonce);
      expect(otherProof?.ok, JSON.stringify(otherProof)).toBe(true);
      const verdict = verifyDeviceProof(
        otherProof?.ok ? otherProof.value : undefined,
        otherNonce,
        thumbprint,
      );
      expect(verdict).toMatchObject({
        status: "invalid",
        reason: expect.stringContaining("birth announced"),
      });
    } finally {
      await other.stop();
      await rm(otherPki, { recursive: true, force: true });
    }
  });

  it("a server with only a None endpoint gives no proof, with the reason", async () => {
    const NONCE = freshNonce();
    const pki = await tempDir("opcua-none-only");
    const server = new OPCUAServer({
      hostname: "127.0.0.1",
      port: 0,
      serverCertificateManager: new OPCUACertificateManager({
        rootFolder: join(pki, "own"),
        automaticallyAcceptUnknownCertificate: true,
      }),
      securityModes: [MessageSecurityMode.None],
      securityPolicies: [SecurityPolicy.None],
    });
    await server.initialize();
    await server.start();
    try {
      const port = server.endpoints[0]?.port;
      const made = factory.create({
        id: "plain",
        url: `opc.tcp://127.0.0.1:${port}?timeoutMs=8000`,
        profile,
      });
      if (!made.ok) throw new Error(made.error.message);
      drivers.push(made.value);
      const proved = await made.value.proveIdentity?.(NONCE);
      expect(proved).toMatchObject({
        ok: true,
        value: { kind: "none", reason: { code: "ONRAMP_OPCUA_NO_SECURED_ENDPOINT" } },
      });
      const reason = proved?.ok && proved.value.kind === "none" ? proved.value.reason.message : "";
      expect(reason).toContain("None/None");
      expect(verifyDeviceProof(proved?.ok ? proved.value : undefined, NONCE, undefined).status).toBe(
        "absent",
      );
    } finally {
      await server.shutdown(0);
      await rm(pki, { recursive: true, force: true });
    }
  });
});
