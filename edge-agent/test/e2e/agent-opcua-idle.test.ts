import { randomBytes } from "node:crypto";
import {
  type BirthBody,
  buildTopic,
  type ChallengeReply,
  encodeFrame,
  verifyDeviceProof,
} from "@onramp/contract";
import { describe, expect, it } from "vitest";
import { statusOf, testConfig } from "./fixture.js";
import { aedesPeer, cncSimulatorPeer, useEndToEnd } from "./harness.js";

const PROFILE = new URL("../../../device-profiles/cnc_machine_tool/opcua-machine-tool.yaml", import.meta.url)
  .pathname;
const HEARTBEAT_MS = 1_000;
/** Signals of the machine-tool profile the test follows: the state and two counters. */
const WATCHED = ["execution", "part_count", "operating_hours"];

// An idle CNC (issue 14 §2): the simulator advances its machine once at start and never again
// (tick every hour), so no value changes for the whole test and its subscription notifies
// nothing after the initial values. The real agent must keep it present at the heartbeat and
// answer a challenge with fresh read times.
describe("agent → aedes over OPC UA: an idle CNC whose values never change", () => {
  const e2e = useEndToEnd({
    broker: aedesPeer,
    device: cncSimulatorPeer({ machines: 1, seed: 3, tickMs: 3_600_000 }),
  });

  it("keeps reporting the unchanged values at the heartbeat and answers a challenge with read times", {
    timeout: 90_000,
  }, async () => {
    const { device: sim, ws, collector } = e2e;
    const machine = sim.machines[0];
    if (!machine) throw new Error("no machine");
    const root = encodeURIComponent(machine.rootBrowsePath);
    await ws.writeConfig(
      testConfig([
        {
          id: "cnc-idle",
          profile: PROFILE,
          connection: `${sim.endpointUrl}?root=${root}&publishingIntervalMs=200&keepAliveCount=5`,
          overrides: { heartbeatMs: HEARTBEAT_MS },
        },
      ]),
    );
    const running = await e2e.startAgent();
    const samples = (signal: string) =>
      (collector.samplesByDevice().get("cnc-idle") ?? []).filter((s) => s.s === signal);
    await collector.waitFor(
      "six heartbeats of every watched signal",
      () => WATCHED.every((signal) => samples(signal).length >= 6),
      45_000,
    );
    for (const signal of WATCHED) {
      const seen = samples(signal);
      expect(new Set(seen.map((s) => JSON.stringify(s.v))).size, `${signal}: one value all along`).toBe(1);
      // After the initial value (timed at its only change), one sample per heartbeat.
      for (let i = 2; i < seen.length; i++) {
        const gap = (seen[i]?.t ?? 0) - (seen[i - 1]?.t ?? 0);
        expect(gap, `${signal}: spacing`).toBeGreaterThanOrEqual(HEARTBEAT_MS - 50);
        expect(gap, `${signal}: spacing`).toBeLessThan(HEARTBEAT_MS + 1_500);
      }
    }
    const counters = (await statusOf(running.statusPort ?? 0))?.devices.find((d) => d.id === "cnc-idle");
    expect(counters).toMatchObject({ state: "connected", isProducing: true });
    expect(counters?.counters.heartbeatReplays).toBeGreaterThan(0);

    const issuedAt = Date.now();
    const cmd = {
      v: 1 as const,
      kind: "cmd" as const,
      ent: "acme",
      gw: "gw-1",
      ts: issuedAt,
      id: "req-idle",
      op: "challenge" as const,
      dev: "cnc-idle",
      nonce: randomBytes(32).toString("base64url"),
      signals: WATCHED,
      deadlineMs: 10_000,
    };
    await collector.client.publishAsync(buildTopic("acme", "gw-1", "cmd"), encodeFrame(cmd, ws.cloudKey), {
      qos: 1,
    });
    const reply = (await collector.waitFor("the reply", () =>
      collector.ofKind("reply").find((r) => r.id === "req-idle"),
    )) as ChallengeReply;
    expect(reply).toMatchObject({ ok: true, nonce: cmd.nonce, dev: "cnc-idle" });
    expect(reply.samples.map((s) => s.s)).toEqual(WATCHED);
    for (const sample of reply.samples) {
      // Fresh: read after the challenge, although the value last changed when the test began.
      expect(sample.t, sample.s).toBeGreaterThanOrEqual(issuedAt);
      expect(sample.src, sample.s).toBeLessThan(issuedAt);
      // Consistent with what the stream says the machine still has.
      expect(sample.v, sample.s).toEqual(samples(sample.s).at(-1)?.v);
      expect(sample.q).toBe("good");
    }
    // The machine's own signature over the nonce (issue 14 §4b), by the certificate of the birth.
    const births = collector.ofKind("birth") as BirthBody[];
    const announced = births.at(-1)?.devices.find((d) => d.id === "cnc-idle")?.identity
      ?.fields.certificate_sha256;
    expect(announced).toMatch(/^[0-9a-f]{64}$/);
    expect(reply.deviceProof?.kind).toBe("opcua-session-signature");
    expect(verifyDeviceProof(reply.deviceProof, cmd.nonce, announced)).toMatchObject({ status: "verified" });

    // Still online after the challenge: the heartbeat goes on.
    const after = Date.now();
    await collector.waitFor(
      "heartbeats after the challenge",
      () => WATCHED.every((signal) => samples(signal).filter((s) => s.t > after).length >= 2),
      20_000,
    );
    expect(collector.rejected).toEqual([]);
  });
});
