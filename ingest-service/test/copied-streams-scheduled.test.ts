// Issue 14: a copy across enterprises reaches the copier's report with nobody calling
// `GET /bureau/copied-streams`: the ingest scans the city on its own schedule (`copiedStreamScan`)
// and counts each scan in /metrics. The real service on ephemeral ports, real signed frames.
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDirs } from "./helpers/data-dir.js";
import { type Harness, startHarness } from "./helpers/harness.js";
import { powerSamples, publishMeter } from "./helpers/meter-streams.js";

const FROM = Date.now() - 2 * 3_600_000;
const SHIFT_MS = 11 * 60_000;

interface Report {
  flags: { code: string; device: string; severity: string }[];
  devices: { device: string; evidence: { level: string } }[];
}

let h: Harness;
const clients: MqttClient[] = [];

beforeAll(async () => {
  h = await startHarness({
    profilesDir: new URL("../../device-profiles", import.meta.url).pathname,
    // A short interval so the test sees a scan after its data landed; the default is 5 min.
    copiedStreamScan: { enabled: true, everyMs: 1_000 },
  });
  const original = powerSamples(7, 1_200, FROM);
  const copy = original.map((s) => ({ ...s, t: s.t + SHIFT_MS, v: 1.1 * (s.v as number) + 40 }));
  clients.push(await publishMeter(h, "acme", "meter-1", original));
  clients.push(await publishMeter(h, "globex", "meter-9", copy));
  clients.push(await publishMeter(h, "initech", "meter-3", powerSamples(8, 1_200, FROM)));
}, 120_000);
afterAll(async () => {
  for (const client of clients) await client.endAsync(true);
  await h?.close();
  await removeDataDirs();
});

const metric = async (name: string): Promise<number> => {
  const text = await (await fetch(`${h.http}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
};

const reportOf = async (ent: string): Promise<Report> => {
  const period = `from=${FROM - 60_000}&to=${Date.now() + 60_000}`;
  const answer = await h.api("GET", `/api/v1/enterprises/${ent}/indicators?${period}`, h.adminToken);
  expect(answer.status).toBe(200);
  return answer.json as Report;
};

describe("scheduled city-wide copied-stream scan", () => {
  it("flags the copier's and the original's device in their reports without any call to the scan route", async () => {
    let globex: Report | undefined;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      globex = await reportOf("globex");
      if (globex.flags.some((f) => f.code === "UNIQUENESS_COPIED_STREAM")) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const flag = globex?.flags.find((f) => f.code === "UNIQUENESS_COPIED_STREAM");
    expect(flag).toMatchObject({ device: "meter-9", severity: "failure" });
    expect(globex?.devices.find((d) => d.device === "meter-9")?.evidence.level).not.toMatch(
      /consistent|live-verified/,
    );
    const acme = await reportOf("acme");
    // The source came first: a warning, not a failure (the copy is globex's, 11 min later).
    expect(
      acme.flags.filter((f) => f.code === "UNIQUENESS_STREAM_COPIED_ELSEWHERE").map((f) => f.device),
    ).toEqual(["meter-1"]);
    expect(acme.flags.filter((f) => f.code === "UNIQUENESS_COPIED_STREAM")).toEqual([]);
    const initech = await reportOf("initech");
    expect(initech.flags.filter((f) => f.code === "UNIQUENESS_COPIED_STREAM")).toEqual([]);
  });

  it("counts its scans and what the last one found in /metrics", async () => {
    // A scan that started before the last meter's frames were stored read two streams; poll.
    let deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await metric("onramp_copied_stream_scan_last_streams")) !== 3)
      await new Promise((resolve) => setTimeout(resolve, 250));
    const before = await metric("onramp_copied_stream_scans_total");
    expect(before).toBeGreaterThanOrEqual(1);
    expect(await metric("onramp_copied_stream_scan_last_streams")).toBe(3);
    expect(await metric("onramp_copied_stream_scan_last_copies")).toBe(1);
    // A counter never incremented has no sample line: no scan failed.
    expect(await metric("onramp_copied_stream_scan_errors_total")).toBeNaN();
    // It keeps running on its schedule.
    deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await metric("onramp_copied_stream_scans_total")) <= before)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await metric("onramp_copied_stream_scans_total")).toBeGreaterThan(before);
  });
});
