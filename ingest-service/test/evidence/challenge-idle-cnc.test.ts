import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/peers/wait.js";
import type { ChallengeOutcome } from "../../src/challenges/challenge-service.js";
import type { EnterpriseReport } from "../../src/indicators/index.js";
import type { Bundle } from "../../src/verify-cli/bundle-format.js";
import { runVerify } from "../../src/verify-cli/main.js";
import {
  AGENT_DEV,
  AGENT_ENT,
  type AgentFixture,
  IDLE_CNC_HEARTBEAT_MS,
  startAgentFixture,
} from "./real-agent.js";

let f: AgentFixture;

beforeAll(async () => {
  f = await startAgentFixture({}, "idle-opcua-cnc");
}, 180_000);

afterAll(async () => {
  await f?.close();
});

/** The device's stored points of `signal` since `from`. */
const stored = (signal: string, from: number) =>
  f.h.app.ingest.store.readSignal({
    ent: AGENT_ENT,
    gw: "gw-chal",
    dev: AGENT_DEV,
    signal,
    from,
    to: Date.now() + 1,
    limit: 10_000,
  });

const presenceOf = async () => {
  const res = await f.h.api("GET", `/api/v1/enterprises/${AGENT_ENT}/presence`, f.bureau);
  return (res.json as { dev: string; state: string }[]).find((d) => d.dev === AGENT_DEV)?.state;
};

describe("an idle OPC UA CNC run by the real agent, judged by the ingest (issue 14 §2)", () => {
  it("stays online across heartbeats in which no value changes", { timeout: 60_000 }, async () => {
    const from = Date.now();
    // Ten heartbeats of an idle machine: present all along, its one value repeated.
    await waitFor("ten heartbeats stored", async () => (await stored("execution", from)).length >= 10, {
      timeoutMs: 40_000,
      intervalMs: 200,
    });
    const points = await stored("execution", from - 60_000);
    expect(new Set(points.map((p) => p.value)).size).toBe(1);
    expect(await presenceOf()).toBe("online");
  });

  it("passes the bureau's default challenge (a counter, the state, random others) with a fresh read", {
    timeout: 60_000,
  }, async () => {
    const res = await f.h.api("POST", `/api/v1/devices/${AGENT_DEV}/challenge`, f.bureau, {
      enterprise: AGENT_ENT,
      deadlineMs: 10_000,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const outcome = res.json as ChallengeOutcome;
    expect(outcome.causes).toEqual([]);
    expect(outcome.outcome).toBe("passed");
    // part_count and operating_hours are the profile's counters; execution its state.
    expect(outcome.signals?.slice(0, 3)).toEqual(["operating_hours", "part_count", "execution"]);
    expect(outcome.signals).toHaveLength(5);
    // The machine itself signed the nonce (issue 14 §4b): its server's CreateSession signature,
    // made on a secured endpoint although the data link is None, with the certificate the birth
    // announced.
    expect(outcome.reply?.deviceProof?.kind).toBe("opcua-session-signature");
    expect(outcome.deviceProof, JSON.stringify(outcome.deviceProof)).toMatchObject({ status: "verified" });
    for (const sample of outcome.reply?.samples ?? []) {
      expect(sample.t, sample.s).toBeGreaterThanOrEqual(outcome.issuedAt - 1000);
      // The value last changed when the simulator started, long before the read.
      expect(sample.src ?? Number.POSITIVE_INFINITY, sample.s).toBeLessThan(outcome.issuedAt);
    }
    // Still online once the challenge is over: the heartbeat goes on.
    const after = Date.now();
    await waitFor(
      "heartbeats after the challenge",
      async () => (await stored("execution", after)).length >= 3,
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(await presenceOf()).toBe("online");
  });

  it("is live-verified, online and complete in the enterprise's indicators", {
    timeout: 60_000,
  }, async () => {
    const to = Date.now() + 1;
    const res = await f.h.api(
      "GET",
      `/api/v1/enterprises/${AGENT_ENT}/indicators?from=${to - 3_600_000}&to=${to}`,
      f.bureau,
    );
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const device = (res.json as EnterpriseReport).devices.find((d) => d.device === AGENT_DEV);
    expect(device?.heartbeatMs).toBe(IDLE_CNC_HEARTBEAT_MS);
    expect(
      device?.evidence.requirements.find((r) => r.requirement === "LAST_CHALLENGE_PASSED"),
    ).toMatchObject({ met: true });
    expect(device?.presence.ms.stale ?? -1, JSON.stringify(device?.presence)).toBe(0);
    expect(device?.liveness.deviceProof).toMatchObject({ status: "verified" });
  });

  it("keeps the device proof in the evidence bundle, and onramp-verify re-verifies it: a tampered signature no longer matches the report", {
    timeout: 60_000,
  }, async () => {
    const to = Date.now() + 1;
    const res = await f.h.api(
      "GET",
      `/api/v1/enterprises/${AGENT_ENT}/evidence?from=${to - 3_600_000}&to=${to}`,
      f.bureau,
    );
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const bundle = res.json as Bundle;
    const device = bundle.input.devices.find((d) => d.id === AGENT_DEV);
    expect(device?.certificateSha256).toMatch(/^[0-9a-f]{64}$/);
    const dir = await mkdtemp(join(tmpdir(), "onramp-proof-bundle-"));
    const verify = async (b: Bundle) => {
      const path = join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
      await writeFile(path, JSON.stringify(b));
      const lines: string[] = [];
      return { code: await runVerify([path], (l) => lines.push(l)), text: lines.join("\n") };
    };
    try {
      const untouched = await verify(bundle);
      expect(untouched.code, untouched.text).toBe(0);
      const proof = bundle.input.challenges.at(-1)?.reply?.deviceProof;
      if (proof?.kind !== "opcua-session-signature") throw new Error("no proof in the bundle");
      const signature = Buffer.from(proof.signature, "base64");
      signature[10] = (signature[10] ?? 0) ^ 0x01;
      proof.signature = signature.toString("base64");
      const tampered = await verify(bundle);
      expect(tampered.code).toBe(1);
      expect(tampered.text).toMatch(/FAIL \[report\]/);
      expect(tampered.text).toContain("LIVENESS_DEVICE_PROOF_INVALID");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
