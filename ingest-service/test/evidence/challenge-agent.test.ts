import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/peers/wait.js";
import type { ChallengeOutcome } from "../../src/challenges/challenge-service.js";
import type { EnterpriseReport } from "../../src/indicators/index.js";
import { type AgentFixture, startAgentFixture } from "./real-agent.js";

let f: AgentFixture;

beforeAll(async () => {
  f = await startAgentFixture();
}, 60_000);

afterAll(async () => {
  await f?.close();
});

const challenge = (token: string, deadlineMs: number) =>
  f.h.api("POST", "/api/v1/devices/plc-1/challenge", token, { enterprise: "chal-co", deadlineMs });

describe("challenges against a real edge agent reading a Modbus PLC (pymodbus)", () => {
  it("passes: the signed reply echoes the nonce, in time, with fresh values consistent with the stream", async () => {
    const res = await challenge(f.bureau, 10_000);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const outcome = res.json as ChallengeOutcome;
    expect(outcome.causes).toEqual([]);
    expect(outcome).toMatchObject({ outcome: "passed", dev: "plc-1", gw: "gw-chal" });
    expect(outcome.roundTripMs).toBeLessThan(10_000);
    // Modbus has no device signature: no proof, information only.
    expect(outcome.reply?.deviceProof).toBeUndefined();
    expect(outcome.deviceProof).toEqual({ status: "absent", reason: "the reply carries no device proof" });
    // The default mix: the counter, and (no execution state here) the other signal at random.
    expect(outcome.signals?.[0]).toBe("part_count");
    expect(outcome.reply?.samples.map((s) => [s.s, s.v]).sort()).toEqual([
      ["part_count", 17],
      ["spindle_speed", 1200],
    ]);
    // Agents sign replies in contract v2 by default (the frame log keeps the bytes as signed).
    const replies = await f.h.app.ingest.sql.query<{ raw: Uint8Array }>(
      "SELECT raw FROM frame_log WHERE gw = 'gw-chal' AND kind = 'reply'",
    );
    const payloadOf = (raw: Uint8Array) =>
      JSON.parse(
        Buffer.from(JSON.parse(Buffer.from(raw).toString("utf8")).payload, "base64url").toString("utf8"),
      );
    expect(replies.map((r) => payloadOf(r.raw).v)).toEqual([2]);
    const recorded = await f.h.api("GET", "/api/v1/enterprises/chal-co/challenges", f.bureau);
    expect((recorded.json as { id: string; outcome: string }[])[0]).toMatchObject({
      id: outcome.id,
      outcome: "passed",
    });
  });

  it("reads what the bureau asks for, times the reply at the read, and keeps the device's own time apart", async () => {
    const before = Date.now();
    const res = await f.h.api("POST", "/api/v1/devices/plc-1/challenge", f.bureau, {
      enterprise: "chal-co",
      deadlineMs: 10_000,
      signals: ["spindle_speed"],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const outcome = res.json as ChallengeOutcome;
    expect(outcome).toMatchObject({ outcome: "passed", signals: ["spindle_speed"], causes: [] });
    expect(outcome.reply?.samples.map((s) => [s.s, s.v])).toEqual([["spindle_speed", 1200]]);
    const sample = outcome.reply?.samples[0];
    expect(sample?.t).toBeGreaterThanOrEqual(before - 1000);
    expect(sample?.src).toBeTypeOf("number");
    const unknown = await f.h.api("POST", "/api/v1/devices/plc-1/challenge", f.bureau, {
      enterprise: "chal-co",
      signals: ["door_open"],
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.json)).toContain("door_open");
  });

  it("makes the honest device live-verified in the enterprise's indicators once the challenge passed", async () => {
    const res = await f.h.api(
      "GET",
      `/api/v1/enterprises/chal-co/indicators?from=${Date.now() - 3_600_000}&to=${Date.now() + 1}`,
      f.bureau,
    );
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const device = (res.json as EnterpriseReport).devices.find((d) => d.device === "plc-1");
    expect(device?.evidence, JSON.stringify(device?.evidence)).toMatchObject({
      level: "live-verified",
      blockingFlags: [],
    });
    expect(
      device?.evidence.requirements.find((r) => r.requirement === "LAST_CHALLENGE_PASSED"),
    ).toMatchObject({
      met: true,
    });
  });

  it("is the bureau's: an integrator of the enterprise may not challenge", async () => {
    const { token } = await f.h.app.ingest.apiTokens.create({
      role: "integrator",
      ent: "chal-co",
      name: "integrator",
    });
    expect((await challenge(token, 1000)).status).toBe(403);
  });

  it("fails with the cause when the device's gateway is down", async () => {
    await f.stopAgent();
    await waitFor(
      "the gateway offline",
      async () => {
        const gws = await f.h.api("GET", "/api/v1/enterprises/chal-co/gateways", f.h.adminToken);
        return (gws.json as { status: string }[])[0]?.status === "offline";
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    const res = await challenge(f.bureau, 1000);
    expect(res.status).toBe(200);
    const outcome = res.json as ChallengeOutcome;
    expect(outcome.outcome).toBe("failed");
    expect(outcome.reply).toBeNull();
    expect(outcome.causes.map((c) => c.code)).toEqual(["LIVENESS_NO_REPLY", "GATEWAY_STATE"]);
    expect(outcome.causes[1]?.reason).toMatch(/was offline/);
  });
});
