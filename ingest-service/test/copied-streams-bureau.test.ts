import type { Sample } from "@onramp/contract";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDirs } from "./helpers/data-dir.js";
import { type Harness, startHarness } from "./helpers/harness.js";
import { powerSamples, publishMeter } from "./helpers/meter-streams.js";

const SHIFT_MS = 37 * 60_000;
const FROM = Date.now() - 3 * 3_600_000;

let h: Harness;
const clients: MqttClient[] = [];
const tokens: Record<string, string> = {};

/** Announces one meter in `ent` and sends its samples (helpers/meter-streams.ts). */
async function meterEnterprise(ent: string, dev: string, samples: Sample[]): Promise<void> {
  clients.push(await publishMeter(h, ent, dev, samples));
}

beforeAll(async () => {
  h = await startHarness({ profilesDir: new URL("../../device-profiles", import.meta.url).pathname });
  const original = powerSamples(42, 1_500, FROM);
  // The copier: another enterprise's meter, 37 min later, with a different scale and an offset.
  const copy = original.map((s) => ({ ...s, t: s.t + SHIFT_MS, v: 2 * (s.v as number) + 150 }));
  await meterEnterprise("acme", "meter-1", original);
  await meterEnterprise("globex", "meter-7", copy);
  await meterEnterprise("initech", "meter-3", powerSamples(43, 1_500, FROM));
  const created = await h.api("POST", "/api/v1/tokens", h.adminToken, { role: "bureau", name: "bureau" });
  tokens.bureau = (created.json as { token: string }).token;
  const ent = await h.api("POST", "/api/v1/tokens", h.adminToken, {
    role: "enterprise",
    enterprise: "acme",
    name: "acme",
  });
  tokens.acme = (ent.json as { token: string }).token;
}, 120_000);
afterAll(async () => {
  for (const client of clients) await client.endAsync(true);
  await h?.close();
  await removeDataDirs();
});

describe("GET /api/v1/bureau/copied-streams", () => {
  const path = `/api/v1/bureau/copied-streams?from=${FROM - 60_000}&to=${Date.now() + 60_000}`;

  it("names, for the bureau, both enterprises' devices carrying one series, with shift, scale and offset", async () => {
    // The frames are acknowledged once stored; poll until all three meters' data is readable.
    let scan:
      | { streams: number; matches: { a: object; b: object; fit: Record<string, number> }[] }
      | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const answer = await h.api("GET", path, tokens.bureau as string);
      expect(answer.status).toBe(200);
      scan = answer.json as typeof scan;
      if (scan?.matches.length === 1 && scan.streams === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(scan?.streams).toBe(3);
    expect(scan?.matches).toHaveLength(1);
    const [match] = scan?.matches ?? [];
    expect(match?.a).toEqual({ enterprise: "acme", device: "meter-1", signal: "power_active" });
    expect(match?.b).toEqual({ enterprise: "globex", device: "meter-7", signal: "power_active" });
    expect(match?.fit.shiftMs).toBe(SHIFT_MS);
    expect(match?.fit.scale).toBeCloseTo(2, 9);
    expect(match?.fit.offset).toBeCloseTo(150, 6);
    expect(match?.fit.matchedChanges).toBeGreaterThan(1_000);
  });

  it("then flags both devices in their enterprises' reports, naming the other side only as another enterprise's", async () => {
    const period = `from=${FROM - 60_000}&to=${Date.now() + 60_000}`;
    interface Report {
      flags: { code: string; device: string; reason: string; data: Record<string, unknown> }[];
      devices: { device: string; evidence: { level: string } }[];
    }
    const globex = (await h.api("GET", `/api/v1/enterprises/globex/indicators?${period}`, h.adminToken))
      .json as Report;
    const flag = globex.flags.find((f) => f.code === "UNIQUENESS_COPIED_STREAM");
    expect(flag?.device).toBe("meter-7");
    expect(flag?.reason).toContain("a device of another enterprise");
    expect(flag?.data).toMatchObject({
      otherDevice: null,
      otherEnterprise: null,
      otherIsAnotherEnterprise: true,
      shiftMs: -SHIFT_MS,
    });
    // Nothing of acme's identity reaches globex's report or evidence bundle.
    const bundle = await h.api("GET", `/api/v1/enterprises/globex/evidence?${period}`, h.adminToken);
    expect(JSON.stringify(globex)).not.toContain("meter-1");
    expect(JSON.stringify(bundle.json)).not.toContain("meter-1");
    // A uniqueness failure: it keeps the device below "consistent" (INDICATORS §4).
    expect(flag?.code).toBe("UNIQUENESS_COPIED_STREAM");
    expect(globex.devices.find((d) => d.device === "meter-7")?.evidence.level).not.toMatch(
      /consistent|live-verified/,
    );
    const acme = (await h.api("GET", `/api/v1/enterprises/acme/indicators?${period}`, h.adminToken))
      .json as Report;
    // acme's meter came first: its stream was copied, a warning that keeps its evidence level.
    expect(
      acme.flags.filter((f) => f.code === "UNIQUENESS_STREAM_COPIED_ELSEWHERE").map((f) => f.device),
    ).toEqual(["meter-1"]);
    expect(acme.flags.filter((f) => f.code === "UNIQUENESS_COPIED_STREAM")).toEqual([]);
    const initech = (await h.api("GET", `/api/v1/enterprises/initech/indicators?${period}`, h.adminToken))
      .json as Report;
    expect(initech.flags.filter((f) => f.code === "UNIQUENESS_COPIED_STREAM")).toEqual([]);
  });

  it("is the bureau's alone", async () => {
    const answer = await h.api("GET", path, tokens.acme as string);
    expect([answer.status, (answer.json as { code: string }).code]).toEqual([403, "ONRAMP_AUTH_FORBIDDEN"]);
  });
});
