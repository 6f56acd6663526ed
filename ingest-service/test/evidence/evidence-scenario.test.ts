import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DataBodyV2 } from "@onramp/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DigitalLevel } from "../../src/digital-level/index.js";
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

describe("the SME digital level in the bundle, recomputed by onramp-verify (issue 15)", () => {
  const DATA = new URL("../../data/sme-digital-level/", import.meta.url);
  const VERIFY_BIN = fileURLToPath(new URL("../../bin/onramp-verify.js", import.meta.url));
  const sha256Of = async (file: string) =>
    createHash("sha256")
      .update(await readFile(new URL(file, DATA)))
      .digest("hex");
  /**
   * By hand: information systems E 10 + planning F 7.5 + funding E 7.5 + mechanisms B,C,D,E 7.5 +
   * network security B,C 2.5 + quality B 3.5 + revenue per employee B 1.5 (the unit test's 40) +
   * equipment networking E 6 = 46: level 2.
   */
  const HONEST_ANSWERS = {
    "foundation.information-systems": ["E"],
    "management.planning": ["F"],
    "management.funding": ["E"],
    "management.mechanisms": ["B", "C", "D", "E"],
    "foundation.equipment-networking": ["E"],
    "foundation.network-security": ["B", "C"],
    "results.quality": ["B"],
    "results.revenue-per-employee": ["B"],
  };
  /** By hand: 10 + 7.5 + 7.5 + 6 + 6 + 3.5 + 1.5 = 42, level 2; 30 when both bound items fall to A. */
  const FAKE_IMPORT = {
    format: "miit-sme-digital-level/1",
    questionnaireVersion: "2024",
    answers: {
      "foundation.information-systems": "E",
      "management.planning": "F",
      "management.funding": "E",
      "foundation.equipment-digitalisation": "E",
      "foundation.equipment-networking": "E",
      "results.quality": "B",
      "results.revenue-per-employee": "B",
    },
  };
  const levelOfReport = async (ent: string) =>
    (
      (await reportOf(ent)) as EnterpriseReport & {
        digitalLevel: DigitalLevel;
      }
    ).digitalLevel;
  type Section = NonNullable<Bundle["digitalLevel"]>;
  const sectionOf = (bundle: Bundle): Section => {
    expect(bundle.digitalLevel).not.toBeNull();
    return bundle.digitalLevel as Section;
  };

  beforeAll(async () => {
    const put = await s.h.api("PUT", "/api/v1/enterprises/honest-co/digital-level/answers", s.h.adminToken, {
      answers: HONEST_ANSWERS,
    });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    const imported = await s.h.api(
      "POST",
      "/api/v1/enterprises/fake-co/digital-level/import",
      s.h.adminToken,
      FAKE_IMPORT,
    );
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    const totalOnly = await s.h.api(
      "POST",
      "/api/v1/enterprises/twin-co/digital-level/import",
      s.h.adminToken,
      {
        format: "miit-sme-digital-level/1",
        questionnaireVersion: "2024",
        totalScore: 52.5,
        level: 2,
      },
    );
    expect(totalOnly.status, JSON.stringify(totalOnly.json)).toBe(200);
  });

  it("carries the submission, the questionnaire and bindings by sha256, and the report's digitalLevel", async () => {
    const bundle = await bundleOf("honest-co");
    expect(bundle.format).toBe("onramp.evidence-bundle/3");
    const section = sectionOf(bundle);
    expect(section.questionnaire).toEqual({
      id: "miit-sme-digital-level-manufacturing",
      version: "2024",
      file: "2024-manufacturing.json",
      sha256: await sha256Of("2024-manufacturing.json"),
    });
    expect(section.bindings).toEqual({
      id: "miit-sme-digital-level-manufacturing",
      version: "2024",
      file: "2024-manufacturing.bindings.json",
      sha256: await sha256Of("2024-manufacturing.bindings.json"),
    });
    expect(section.submission).toMatchObject({
      source: "questionnaire",
      answeredBy: expect.stringMatching(/^admin:/),
      declaration: { kind: "answers", answers: HONEST_ANSWERS },
    });
    const fromReport = await levelOfReport("honest-co");
    expect(section.result).toEqual(fromReport);
    expect(fromReport.declared).toEqual({ score: 46, level: 2 });
    // Both lathes are consistent, networked and send controller state: networking E stands, and
    // the evidence supports what was left unanswered — digitalisation E (2/2) 6 and data
    // collection G, I 0.7 + 0.7: 46 + 6 + 1.4 = 53.4.
    expect(fromReport.evidenceAdjusted).toEqual({ score: 53.4, level: 2 });
  });

  it("verifies an untouched bundle's digital level: declared and evidence-adjusted recomputed, matching", async () => {
    const { code, lines } = await verify(await bundleOf("honest-co"));
    expect(code, lines.join("\n")).toBe(0);
    expect(lines.join("\n")).toMatch(
      /digital level: recomputed declared 46 points, level 2, evidence-adjusted 53.4 points, level 2 with questionnaire miit-sme-digital-level-manufacturing 2024 .*: matches the bundle/,
    );
  });

  it("recomputes an imported declaration the evidence does not support, flag included", async () => {
    const bundle = await bundleOf("fake-co");
    const section = sectionOf(bundle);
    expect(section.submission).toMatchObject({ source: "national-import", declaration: { kind: "answers" } });
    const result = section.result as unknown as DigitalLevel;
    expect(result.declared).toEqual({ score: 42, level: 2 });
    expect(result.evidenceAdjusted).toEqual({ score: 30, level: 1 });
    expect(result.flags.map((f) => f.code)).toEqual(["DIGITAL_LEVEL_NOT_SUPPORTED"]);
    const { code, lines } = await verify(bundle);
    expect(code, lines.join("\n")).toBe(0);
    expect(lines.join("\n")).toContain("evidence-adjusted 30 points, level 1");
  });

  it("verifies an enterprise that has not answered (no submission) and a total-only import", async () => {
    const unanswered = sectionOf(await bundleOf("replay-co"));
    expect(unanswered.submission).toBeNull();
    expect(unanswered.result).toMatchObject({ declared: null, evidenceAdjusted: null, flags: [] });
    const none = await verify(await bundleOf("replay-co"));
    expect(none.code, none.lines.join("\n")).toBe(0);
    expect(none.lines.join("\n")).toContain(
      "digital level: recomputed declared none, evidence-adjusted none",
    );

    const bundle = await bundleOf("twin-co");
    expect(sectionOf(bundle).submission).toMatchObject({
      source: "national-import",
      declaration: { kind: "total", score: 52.5, level: 2 },
    });
    expect((sectionOf(bundle).result as unknown as DigitalLevel).flags.map((f) => f.code)).toEqual([
      "DIGITAL_LEVEL_TOTAL_ONLY",
    ]);
    expect((await verify(bundle)).code).toBe(0);
    // The imported level raised in the bundle: the recomputed section says 3, the bundled one 2.
    const declaration = sectionOf(bundle).submission?.declaration;
    if (declaration?.kind !== "total") throw new Error("expected a total-only declaration");
    declaration.level = 3;
    const raised = await verify(bundle);
    expect(raised.code).toBe(1);
    expect(raised.lines.join("\n")).toMatch(
      /FAIL \[digital-level\] \$\.declared\.level: bundled 2, recomputed 3/,
    );
  });

  it("fails a bundle whose submitted answer was altered, naming the item", async () => {
    const bundle = await bundleOf("honest-co");
    const declaration = sectionOf(bundle).submission?.declaration;
    if (declaration?.kind !== "answers") throw new Error("expected item answers");
    declaration.answers["management.planning"] = ["A"];
    const { code, lines } = await verify(bundle);
    expect(code).toBe(1);
    const text = lines.join("\n");
    expect(text).toMatch(
      /FAIL \[digital-level\] item management\.planning \(.*\): \$\.items\[\d+\]\.declaredAnswer: bundled "F", recomputed "A"/,
    );
    expect(text).toMatch(/FAIL \[digital-level\] \$\.declared\.score: bundled 46, recomputed 38\.5/);
    expect(text).toContain("DOES NOT MATCH the bundle");
  });

  it("fails a bundle whose digitalLevel was altered: a dropped flag and a raised level", async () => {
    const bundle = await bundleOf("fake-co");
    const result = sectionOf(bundle).result as unknown as DigitalLevel;
    result.flags = [];
    result.evidenceAdjusted = { score: 42, level: 2 };
    const { code, lines } = await verify(bundle);
    expect(code).toBe(1);
    const text = lines.join("\n");
    expect(text).toMatch(/FAIL \[digital-level\] \$\.evidenceAdjusted\.level: bundled 2, recomputed 1/);
    expect(text).toMatch(
      /FAIL \[digital-level\] \$\.flags\[0\]: bundled \(absent\), recomputed .*DIGITAL_LEVEL_NOT_SUPPORTED/,
    );
  });

  it("fails a bundle whose red flag was turned into the neutral 'not yet judged' one (issue 15 §4)", async () => {
    // fake-co's machines were observed for the whole period: its rates are judged, the flag is red.
    const bundle = await bundleOf("fake-co");
    const result = sectionOf(bundle).result as unknown as DigitalLevel;
    expect(
      (bundle.report as { rates: { networking: { verified: { judged: boolean } } } }).rates.networking
        .verified.judged,
    ).toBe(true);
    const flag = result.flags[0];
    if (flag === undefined) throw new Error("expected fake-co's flag");
    flag.code = "DIGITAL_LEVEL_NOT_YET_JUDGED";
    const relabelled = await verify(bundle);
    expect(relabelled.code).toBe(1);
    expect(relabelled.lines.join("\n")).toMatch(
      /FAIL \[digital-level\] \$\.flags\[0\]\.code: bundled "DIGITAL_LEVEL_NOT_YET_JUDGED", recomputed "DIGITAL_LEVEL_NOT_SUPPORTED"/,
    );
    // The judgement threshold is part of what is recomputed: raising it in the bundle's params
    // makes the verifier see "not yet judged" where the bundle says "not supported", and fail.
    const raised = await bundleOf("fake-co");
    raised.params.judgement.minObservedWorkingMs = 365 * 86_400_000;
    const waiting = await verify(raised);
    expect(waiting.code).toBe(1);
    expect(waiting.lines.join("\n")).toMatch(
      /FAIL \[digital-level\] \$\.flags\[0\]\.code: bundled "DIGITAL_LEVEL_NOT_SUPPORTED", recomputed "DIGITAL_LEVEL_NOT_YET_JUDGED"/,
    );
  });

  it("fails a bundle whose device evidence was altered so the adjusted level would differ", async () => {
    // A bundled result says the networking answer stands; inputs without the lathes' frames do not.
    const bundle = await bundleOf("honest-co");
    bundle.input.presence = bundle.input.presence.filter((e) => e.kind !== "frame");
    const { code, lines } = await verify(bundle);
    expect(code).toBe(1);
    expect(lines.join("\n")).toMatch(
      /FAIL \[digital-level\] item foundation\.equipment-networking \(.*\): \$\.items\[\d+\]\.adjustedAnswer: bundled "E"/,
    );
  });

  it("refuses to recompute with another questionnaire than it ships, saying which", async () => {
    const bundle = await bundleOf("honest-co");
    const section = sectionOf(bundle);
    section.questionnaire = {
      ...section.questionnaire,
      version: "2025",
      file: "2025-manufacturing.json",
      sha256: "0".repeat(64),
    };
    const { code, lines } = await verify(bundle);
    expect(code).toBe(1);
    const text = lines.join("\n");
    expect(text).toContain(
      "FAIL [digital-level] the bundle's questionnaire is miit-sme-digital-level-manufacturing 2025 (2025-manufacturing.json, sha256 0000",
    );
    expect(text).toContain(
      `this verifier ships miit-sme-digital-level-manufacturing 2024 (2024-manufacturing.json, sha256 ${await sha256Of("2024-manufacturing.json")})`,
    );
    expect(text).toContain("digital level: NOT RECOMPUTED");
  });

  it("the built onramp-verify carries the questionnaire inside it: a good bundle passes, a tampered one fails", async () => {
    const good = await bundleOf("honest-co");
    const tampered = await bundleOf("honest-co");
    const declaration = sectionOf(tampered).submission?.declaration;
    if (declaration?.kind !== "answers") throw new Error("expected item answers");
    declaration.answers["results.quality"] = ["A"];
    const run = async (bundle: Bundle) => {
      const path = join(dir, `bin-bundle-${Math.random().toString(36).slice(2)}.json`);
      await writeFile(path, JSON.stringify(bundle));
      return spawnSync(process.execPath, [VERIFY_BIN, path], { encoding: "utf8", timeout: 120_000 });
    };
    const passed = await run(good);
    expect(passed.stderr).not.toMatch(/running from the TypeScript sources/);
    expect(passed.status, passed.stdout).toBe(0);
    expect(passed.stdout).toMatch(
      /digital level: recomputed .* built into this verifier\): matches the bundle/,
    );
    const failed = await run(tampered);
    expect(failed.status, failed.stdout).toBe(1);
    expect(failed.stdout).toMatch(/FAIL \[digital-level\] item results\.quality/);
  }, 180_000);
});
