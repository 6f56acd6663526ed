import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import {
  buildTopic,
  type ChallengeReply,
  decodeFrame,
  encodeFrame,
  generateGatewayKey,
} from "@onramp/contract";
import { ALWAYS_ON, type PlcSimulator, startPlcSimulator } from "@onramp/simulators";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Driver, DriverFactory } from "../drivers/driver.js";
import { createOpcuaDriverFactory } from "../drivers/opcua/factory.js";
import { libraryProfile, opcuaTestContext, tempDir } from "../drivers/opcua/testing/harness.js";
import { type BuiltFrame, createFrameBuilder } from "../pipeline/frame-builder.js";
import { ChallengeResponder } from "./challenge.js";

const cloud = generateGatewayKey();
const gateway = generateGatewayKey();

describe("ChallengeResponder: the device proof beside the fresh read", () => {
  let pki: string;
  let sim: PlcSimulator;
  let factory: DriverFactory;
  let plc: Driver;
  let cleanupCtx: () => Promise<void>;

  beforeAll(async () => {
    pki = await tempDir("challenge-proof");
    sim = await startPlcSimulator({ pkiDir: pki, schedule: ALWAYS_ON });
    const ctx = await opcuaTestContext();
    cleanupCtx = ctx.cleanup;
    factory = createOpcuaDriverFactory(ctx);
    const root = encodeURIComponent(sim.lines[0]?.rootBrowsePath ?? "");
    const made = factory.create({
      id: "plc",
      url: `${sim.endpointUrl}?root=${root}&timeoutMs=8000`,
      profile: await libraryProfile("plc/opcua-generic-plc.yaml"),
    });
    if (!made.ok) throw new Error(made.error.message);
    plc = made.value;
  });

  afterAll(async () => {
    await plc?.close();
    await factory?.close();
    await cleanupCtx?.();
    await sim?.stop();
    await rm(pki, { recursive: true, force: true });
  });

  /** Sends one signed challenge for `driver` and returns the decoded reply. */
  async function challenge(driver: Driver, deadlineMs: number): Promise<ChallengeReply> {
    const sent: BuiltFrame[] = [];
    const responder = new ChallengeResponder({
      frames: createFrameBuilder({
        ent: "acme",
        gw: "gw-1",
        signer: gateway,
        agent: { name: "t", version: "0" },
      }),
      cloudKeys: new Map([[cloud.kid, cloud.publicKey]]),
      device: (id) => (id === "plc" ? { driver, fingerprint: undefined } : undefined),
      publish: async (frame) => {
        sent.push(frame);
        return true;
      },
      onIdentityChanged: () => undefined,
      maxCmdAgeMs: 60_000,
      logger: pino({ level: "silent" }),
      now: Date.now,
    });
    const cmd = {
      v: 1 as const,
      kind: "cmd" as const,
      ent: "acme",
      gw: "gw-1",
      ts: Date.now(),
      id: `req-${randomBytes(4).toString("hex")}`,
      op: "challenge" as const,
      dev: "plc",
      nonce: randomBytes(24).toString("base64url"),
      signals: ["part_count"],
      deadlineMs,
    };
    const topic = buildTopic("acme", "gw-1", "cmd");
    await responder.handle(topic, encodeFrame(cmd, cloud));
    const [frame] = sent;
    if (frame === undefined) throw new Error("no reply sent");
    const decoded = decodeFrame(frame.bytes, (kid) => (kid === gateway.kid ? gateway.publicKey : undefined), {
      topic: frame.topic,
    });
    if (!decoded.ok || decoded.body.kind !== "reply") throw new Error("the reply does not decode");
    return decoded.body;
  }

  it("adds the server's signature to a successful reply", async () => {
    const reply = await challenge(plc, 15_000);
    expect(reply.ok).toBe(true);
    expect(reply.deviceProof?.kind).toBe("opcua-session-signature");
  });

  it("answers without the proof, saying why, when the proof outlasts its share of the deadline", async () => {
    // Fault injection (named: a mock of one method): a server whose signature never comes, which
    // the simulator cannot be made to do while it still answers the read.
    const stalled: Driver = {
      device: plc.device,
      start: (sink) => plc.start(sink),
      readIdentity: () => plc.readIdentity(),
      read: (ids) => plc.read(ids),
      close: () => Promise.resolve(),
      proveIdentity: () => new Promise(() => undefined),
    };
    const reply = await challenge(stalled, 6_000);
    expect(reply.ok).toBe(true);
    expect(reply.samples.map((s) => s.s)).toEqual(["part_count"]);
    expect(reply.deviceProof).toMatchObject({
      kind: "none",
      reason: { code: "ONRAMP_CHALLENGE_PROOF_TIMEOUT", message: expect.stringContaining("4200 ms") },
    });
  });
});
