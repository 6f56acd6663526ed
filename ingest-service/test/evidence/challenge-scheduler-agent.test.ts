import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/peers/wait.js";
import type { ChallengeOutcome } from "../../src/challenges/challenge-service.js";
import { type AgentFixture, startAgentFixture } from "./real-agent.js";

const EVERY_MS = 1000;
const JITTER = 0.5;

let f: AgentFixture;

beforeAll(async () => {
  f = await startAgentFixture({
    challenges: { everyMs: EVERY_MS, jitter: JITTER, concurrency: 1, deadlineMs: 2000 },
  });
}, 60_000);

afterAll(async () => {
  await f?.close();
});

type Recorded = ChallengeOutcome & { requestedBy: string };

describe("scheduled random challenges (--challenge-every) against a real edge agent", () => {
  it("challenges the online device at jittered intervals, one at a time, and records each result", async () => {
    let recorded: Recorded[] = [];
    await waitFor(
      "three scheduled challenges recorded",
      async () => {
        const res = await f.h.api("GET", "/api/v1/enterprises/chal-co/challenges", f.bureau);
        recorded = (res.json as Recorded[]).filter((c) => c.requestedBy === "scheduler");
        return recorded.length >= 3;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    const chronological = [...recorded].sort((a, b) => a.issuedAt - b.issuedAt);
    for (const c of chronological) {
      expect(c, JSON.stringify(c.causes)).toMatchObject({
        dev: "plc-1",
        gw: "gw-chal",
        outcome: "passed",
        deadlineMs: 2000,
      });
      expect(c.reply?.samples.map((s) => s.s).sort()).toEqual(["part_count", "spindle_speed"]);
    }
    expect(new Set(chronological.map((c) => c.id)).size).toBe(chronological.length);
    for (let i = 1; i < chronological.length; i++) {
      const previous = chronological[i - 1] as Recorded;
      const current = chronological[i] as Recorded;
      // concurrency 1: a challenge starts only after the previous one's reply came back…
      expect(current.issuedAt).toBeGreaterThanOrEqual(previous.issuedAt + (previous.roundTripMs ?? 0));
      // …and never sooner than the shortest jittered interval after it.
      expect(current.issuedAt - previous.issuedAt).toBeGreaterThanOrEqual(EVERY_MS * (1 - JITTER) - 50);
    }
  });

  it("leaves devices of an offline gateway alone: it only picks devices whose gateway is online", async () => {
    await f.stopAgent();
    await waitFor(
      "the gateway offline",
      async () => {
        const gws = await f.h.api("GET", "/api/v1/enterprises/chal-co/gateways", f.h.adminToken);
        return (gws.json as { status: string }[])[0]?.status === "offline";
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    // A challenge picked just before the gateway went offline may still be waiting for its deadline.
    await new Promise((resolve) => setTimeout(resolve, 2000 + EVERY_MS));
    const offlineSince = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3 * EVERY_MS * (1 + JITTER)));
    const res = await f.h.api("GET", `/api/v1/enterprises/chal-co/challenges?from=${offlineSince}`, f.bureau);
    expect((res.json as Recorded[]).filter((c) => c.requestedBy === "scheduler")).toEqual([]);
  });
});
