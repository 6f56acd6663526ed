import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataBodyV2 } from "@onramp/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnterpriseReport } from "../../src/indicators/index.js";
import type { Bundle } from "../../src/verify-cli/bundle-format.js";
import { runVerify } from "../../src/verify-cli/main.js";
import { runScenario, type Scenario } from "./scenario.js";

let s: Scenario;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "onramp-evidence-"));
  s = await runScenario();
}, 120_000);

afterAll(async () => {
  await s?.close();
  await rm(dir, { recursive: true, force: true });
});

const query = () => `from=${s.period.from}&to=${s.period.to}`;

async function reportOf(ent: string): Promise<EnterpriseReport> {
  const res = await s.h.api("GET", `/api/v1/enterprises/${ent}/indicators?${query()}`, s.h.adminToken);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as EnterpriseReport;
}

const codesOf = (report: EnterpriseReport, device: string) =>
  [
    ...new Set(report.flags.filter((f) => f.device === device && f.severity !== "info").map((f) => f.code)),
  ].sort();
const levelOf = (report: EnterpriseReport, device: string) =>
  report.devices.find((d) => d.device === device)?.evidence.level;

async function bundleOf(ent: string): Promise<Bundle> {
  const res = await s.h.api("GET", `/api/v1/enterprises/${ent}/evidence?${query()}`, s.h.adminToken);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as Bundle;
}

/** The signed body of a bundle's frame, as its sender signed it (v1 or v2 form). */
function payloadOf(item: Bundle["frames"]["items"][number]): { v: number } & Record<string, unknown> {
  const jws = JSON.parse(Buffer.from(item.base64, "base64").toString("utf8"));
  return JSON.parse(Buffer.from(jws.payload, "base64url").toString("utf8"));
}

async function verify(bundle: unknown): Promise<{ code: number; lines: string[] }> {
  const path = join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(bundle));
  const lines: string[] = [];
  const code = await runVerify([path], (line) => lines.push(line));
  return { code, lines };
}

describe("scenario through the ingest: four enterprises published as signed frames over MQTT (issue 7)", () => {
  it("shows the honest enterprise verified: no flag, devices consistent, rates at 100 %", async () => {
    const report = await reportOf("honest-co");
    expect(report.flags.filter((f) => f.severity !== "info")).toEqual([]);
    expect(levelOf(report, "lathe-1")).toBe("consistent");
    expect(levelOf(report, "lathe-2")).toBe("consistent");
    expect(report.rates.networking.verified.value).toBe(1);
    expect(report.rates.cnc.verified).toMatchObject({ value: 1, numeratorDevices: ["lathe-1", "lathe-2"] });
  });

  it("takes lathe-2's part-count drop after its reported reconnection as a counter reset, not a fake", async () => {
    const bundle = await bundleOf("honest-co");
    const resets = bundle.input.resets.filter((r) => r.device === "lathe-2");
    expect(resets.map((r) => r.signal)).toEqual(["part_count"]);
    const counts = bundle.input.series.find((x) => x.device === "lathe-2" && x.signal === "part_count");
    const at = (resets[0] as { at: number }).at;
    const before = counts?.points.filter((p) => p.t < at).at(-1)?.v as number;
    const after = counts?.points.find((p) => p.t >= at)?.v as number;
    expect(after).toBeLessThan(before);
    expect(codesOf(await reportOf("honest-co"), "lathe-2")).toEqual([]);
  });

  it("flags the enterprise that replays its earlier frames with the replay reasons", async () => {
    const report = await reportOf("replay-co");
    expect(codesOf(report, "mill-1")).toEqual(
      expect.arrayContaining([
        "REPLAY_SEQ_REPEATED",
        "REPLAY_SESSION_REAPPEARED",
        "REPLAY_SAMPLE_TIME_BACKWARDS",
      ]),
    );
    expect(levelOf(report, "mill-1")).toBe("connected");
  });

  it("flags the constant, perfectly regular fake stream through an enrolled gateway as implausible", async () => {
    const report = await reportOf("fake-co");
    expect(codesOf(report, "vmc-1")).toEqual(
      expect.arrayContaining(["PLAUSIBILITY_CONSTANT_WHILE_RUNNING", "PLAUSIBILITY_SPACING_TOO_REGULAR"]),
    );
    expect(levelOf(report, "vmc-1")).toBe("connected");
    // INDICATORS §4: out of every verified rate, with the reason beside it.
    for (const rate of [report.rates.networking, report.rates.digitalisation, report.rates.cnc]) {
      expect(rate.verified).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
      expect(rate.verified.leftOut).toMatchObject([
        { device: "vmc-1", level: "connected", reasons: [{ code: "BELOW_CONSISTENT" }] },
      ]);
    }
  });

  it("flags the machine registered twice, on both registrations", async () => {
    const report = await reportOf("twin-co");
    // Here the two registrations send different series (seeds 4 and 5: honestMachine), so only the
    // shared fingerprint flags them; the copied-stream check rightly stays silent (unlike the pure
    // scenario, where one machine's series is sent under both ids).
    expect(codesOf(report, "lathe-a")).toEqual(["UNIQUENESS_FINGERPRINT_DUPLICATE"]);
    expect(codesOf(report, "lathe-b")).toEqual(["UNIQUENESS_FINGERPRINT_DUPLICATE"]);
  });

  it("rolls the four up for the bureau, filtered by district", async () => {
    const all = await s.h.api("GET", `/api/v1/bureau/overview?${query()}`, s.h.adminToken);
    expect(all.status, JSON.stringify(all.json)).toBe(200);
    const view = (all.json as { view: { byDistrict: { key: string }[] } }).view;
    expect(view.byDistrict.map((g) => g.key)).toEqual(["wujin", "xinbei"]);
    const xinbei = await s.h.api("GET", `/api/v1/bureau/overview?${query()}&district=xinbei`, s.h.adminToken);
    const ids = (xinbei.json as { enterprises: { id: string }[] }).enterprises.map((e) => e.id);
    expect(ids).toEqual(["honest-co", "twin-co"]);
  });
});

describe("evidence bundle and onramp-verify", () => {
  it("accepts an untouched bundle: signatures, samples and the recomputed report all agree", async () => {
    const bundle = await bundleOf("honest-co");
    expect(bundle.frames.items.length).toBeGreaterThan(10);
    expect(JSON.stringify(bundle)).not.toMatch(/password|privateKey|token/i);
    const { code, lines } = await verify(bundle);
    expect(lines.join("\n")).toMatch(/^OK: /m);
    expect(code).toBe(0);
  });

  it("rejects a bundle with a single altered sample, naming the sample", async () => {
    const bundle = await bundleOf("honest-co");
    const frame = bundle.frames.items.find((f) => f.topic.endsWith("/data"));
    const jws = JSON.parse(Buffer.from(frame?.base64 ?? "", "base64").toString("utf8"));
    const body = JSON.parse(Buffer.from(jws.payload, "base64url").toString("utf8"));
    const sample = body.devices[0].samples.find((x: { s: string }) => x.s === "spindle_load");
    const series = bundle.input.series.find(
      (x) => x.device === body.devices[0].dev && x.signal === "spindle_load",
    );
    const point = series?.points.find((p) => p.t === sample.t);
    expect(point).toBeDefined();
    (point as { v: number }).v = (sample.v as number) + 7;
    const { code, lines } = await verify(bundle);
    expect(code).toBe(1);
    expect(lines.join("\n")).toMatch(/FAIL \[inputs\] .*spindle_load = \d+ .* is not in the inputs' series/);
  });

  it("verifies a bundle holding data frames in both contract versions (the agent upgraded mid-period)", async () => {
    const bundle = await bundleOf("honest-co");
    const versions = bundle.frames.items.filter((f) => f.topic.endsWith("/data")).map((f) => payloadOf(f).v);
    expect(new Set(versions)).toEqual(new Set([1, 2]));
    const { code, lines } = await verify(bundle);
    expect(lines.join("\n")).toMatch(/^OK: /m);
    expect(code).toBe(0);
  });

  it("rejects a bundle with a single altered sample of a version 2 frame, naming the sample", async () => {
    const bundle = await bundleOf("honest-co");
    const frame = bundle.frames.items.find((f) => f.topic.endsWith("/data") && payloadOf(f).v === 2);
    const body = payloadOf(frame as Bundle["frames"]["items"][number]) as unknown as DataBodyV2;
    const device = body.devices[0] as DataBodyV2["devices"][number];
    const block = device.blocks.find((b) =>
      b.s.includes("spindle_load"),
    ) as DataBodyV2["devices"][number]["blocks"][number];
    const t = body.t0 + (block.t[0] as number);
    const value = block.v[block.s.indexOf("spindle_load")]?.[0] as number;
    const series = bundle.input.series.find((x) => x.device === device.dev && x.signal === "spindle_load");
    const point = series?.points.find((p) => p.t === t);
    expect(point?.v).toBe(value);
    (point as { v: number }).v = value + 7;
    const { code, lines } = await verify(bundle);
    expect(code).toBe(1);
    expect(lines.join("\n")).toMatch(/FAIL \[inputs\] .*spindle_load = \d+ .* is not in the inputs' series/);
  });

  it("rejects a bundle whose input frame carries other sample times than the signed frame", async () => {
    const bundle = await bundleOf("honest-co");
    const frame = bundle.frames.items.find((f) => f.topic.endsWith("/data"));
    const digest = createHash("sha256")
      .update(Buffer.from(frame?.base64 ?? "", "base64"))
      .digest("base64url");
    const logged = bundle.input.frames.find((f) => f.digest === digest);
    const [first] = Object.values(logged?.devices[0]?.times ?? {});
    expect(first?.length).toBeGreaterThan(0);
    (first as number[])[0] = ((first as number[])[0] as number) - 1;
    const { code, lines } = await verify(bundle);
    expect(code).toBe(1);
    expect(lines.join("\n")).toMatch(
      /FAIL \[inputs\] .*the inputs' sample times of data frame .* differ from the frame's/,
    );
  });

  it("rejects a bundle whose presence drops a signed data frame's sign of life (INDICATORS §4)", async () => {
    const bundle = await bundleOf("honest-co");
    const item = bundle.frames.items.find((f) => f.topic.endsWith("/data"));
    const at = item?.receivedAt;
    const before = bundle.input.presence.length;
    bundle.input.presence = bundle.input.presence.filter((e) => !(e.kind === "frame" && e.at === at));
    expect(bundle.input.presence.length).toBeLessThan(before);
    const { code, lines } = await verify(bundle);
    expect(code).toBe(1);
    expect(lines.join("\n")).toMatch(
      /FAIL \[inputs\] .*sent good samples in data frame .* but the inputs' presence has no frame event/,
    );
  });

  it("rejects a bundle whose report was edited, printing the difference", async () => {
    const bundle = await bundleOf("fake-co");
    (bundle.report as { flags: unknown[] }).flags = [];
    const { code, lines } = await verify(bundle);
    expect(code).toBe(1);
    expect(lines.join("\n")).toMatch(/FAIL \[report\] \$\.flags\[0\]/);
  });

  it("rejects a bundle with a tampered frame signature", async () => {
    const bundle = await bundleOf("honest-co");
    const frame = bundle.frames.items[1] as Bundle["frames"]["items"][number];
    const jws = JSON.parse(Buffer.from(frame.base64, "base64").toString("utf8"));
    const sig = Buffer.from(jws.signature, "base64url");
    sig[0] = (sig[0] ?? 0) ^ 0xff;
    jws.signature = sig.toString("base64url");
    frame.base64 = Buffer.from(JSON.stringify(jws)).toString("base64");
    const { code, lines } = await verify(bundle);
    expect(code).toBe(1);
    expect(lines.join("\n")).toMatch(/FAIL \[signature\] frame 1 .*ONRAMP_FRAME_BAD_SIGNATURE/);
  });

  it("decodes a frame readably with --decode", async () => {
    const bundle = await bundleOf("honest-co");
    const path = join(dir, "frame.jws");
    await writeFile(path, Buffer.from(bundle.frames.items[0]?.base64 ?? "", "base64"));
    const lines: string[] = [];
    expect(await runVerify(["--decode", path], (l) => lines.push(l))).toBe(0);
    expect(lines.join("\n")).toMatch(/honest-co/);
  });
});
