import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChallengeOutcome } from "../../src/challenges/challenge-service.js";
import { type AgentFixture, startAgentFixture } from "./real-agent.js";

// Agents send contract v2 by default (challenge-agent.test.ts runs one); an agent still on v1
// (`frames.version: 1`) must see its data and challenge replies accepted all the same.
let f: AgentFixture;

beforeAll(async () => {
  f = await startAgentFixture({}, "modbus-plc", 1);
}, 60_000);

afterAll(async () => {
  await f?.close();
});

describe("a real edge agent sending contract v1 frames", () => {
  it("has its data stored and its challenge reply (v1 samples) passed", async () => {
    const res = await f.h.api("POST", "/api/v1/devices/plc-1/challenge", f.bureau, {
      enterprise: "chal-co",
      deadlineMs: 10_000,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const outcome = res.json as ChallengeOutcome;
    expect(outcome.causes).toEqual([]);
    expect(outcome).toMatchObject({ outcome: "passed", dev: "plc-1", gw: "gw-chal" });
    expect(outcome.reply?.samples.map((s) => [s.s, s.v]).sort()).toEqual([
      ["part_count", 17],
      ["spindle_speed", 1200],
    ]);
    // The frame log keeps the exact bytes as signed: they say which version the agent sent.
    const rows = await f.h.app.ingest.sql.query<{ kind: string; raw: Uint8Array }>(
      "SELECT kind, raw FROM frame_log WHERE gw = 'gw-chal' AND kind IN ('data', 'reply') AND raw IS NOT NULL",
    );
    const signedVersions = rows.map(({ kind, raw }) => {
      const jws = JSON.parse(Buffer.from(raw).toString("utf8")) as { payload: string };
      return [kind, JSON.parse(Buffer.from(jws.payload, "base64url").toString("utf8")).v];
    });
    expect(signedVersions).toContainEqual(["reply", 1]);
    expect(new Set(signedVersions.map(([, v]) => v))).toEqual(new Set([1]));
  });
});
