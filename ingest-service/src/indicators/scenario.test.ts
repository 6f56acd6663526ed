import { describe, expect, it } from "vitest";
import {
  fakeStreamEnterprise,
  honestEnterprise,
  replayingEnterprise,
  twinEnterprise,
} from "../../test/indicator-scenarios/scenario.js";
import { aggregateForBureau, bureauEntryOf, type EnterpriseProfile } from "./bureau.js";
import { canonicalReportJson, computeEnterpriseReport, type EnterpriseReport } from "./enterprise-report.js";
import { EnterpriseInputSchema } from "./inputs.js";
import { DEFAULT_PARAMS } from "./params.js";

const honest = computeEnterpriseReport(honestEnterprise());
const replay = computeEnterpriseReport(replayingEnterprise());
const fake = computeEnterpriseReport(fakeStreamEnterprise());
const twin = computeEnterpriseReport(twinEnterprise());

const levelOf = (report: EnterpriseReport, device: string) =>
  report.devices.find((d) => d.device === device)?.evidence.level;
const codesOf = (report: EnterpriseReport, device: string) =>
  [
    ...new Set(report.flags.filter((f) => f.device === device && f.severity !== "info").map((f) => f.code)),
  ].sort();

describe("scenario: four simulated enterprises (issue 7)", () => {
  it("ends with the honest enterprise verified: no flag, challenged lathe live-verified, the rest consistent", () => {
    expect(honest.flags).toEqual([]);
    expect(levelOf(honest, "lathe-1")).toBe("live-verified");
    expect(levelOf(honest, "lathe-2")).toBe("consistent");
    expect(levelOf(honest, "press-1")).toBe("consistent");
    expect(levelOf(honest, "meter-1")).toBe("consistent");
    expect(honest.rates.networking.verified).toMatchObject({
      value: 1,
      denominatorDevices: ["lathe-1", "lathe-2", "press-1"],
      sme: { points: 6 },
    });
    expect(honest.rates.cnc.verified).toMatchObject({ value: 1, numeratorDevices: ["lathe-1", "lathe-2"] });
    const lathe = honest.devices.find((d) => d.device === "lathe-1");
    expect(lathe?.completeness.value).toBeGreaterThan(0.95);
    expect(lathe?.utilisation.value).toBeGreaterThan(0.5);
    expect(lathe?.utilisation.value).toBeLessThan(0.9);
  });

  it("flags the enterprise that replays yesterday's frames, with the replay reasons", () => {
    expect(codesOf(replay, "mill-1")).toEqual([
      "REPLAY_SAMPLE_TIME_BACKWARDS",
      "REPLAY_SEQ_REPEATED",
      "REPLAY_SESSION_REAPPEARED",
    ]);
    expect(levelOf(replay, "mill-1")).toBe("connected");
    // The replayed copies are duplicates, so the mill is online only until it broke down at 10:00.
    expect(replay.rates.networking.verified).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(replay.devices[0]?.onCloud.shortfalls).toContain("ONLINE_SHARE_BELOW_MINIMUM");
  });

  it("flags the fake stream through an enrolled gateway as implausible, and its cached challenge answer as stale", () => {
    expect(codesOf(fake, "vmc-1")).toEqual([
      "LIVENESS_STALE_VALUES",
      "PLAUSIBILITY_CONSTANT_WHILE_RUNNING",
      "PLAUSIBILITY_PERIODIC_SIGNAL",
      "PLAUSIBILITY_SPACING_TOO_REGULAR",
    ]);
    expect(levelOf(fake, "vmc-1")).toBe("connected");
    // INDICATORS §4: verified rates count only consistent or better, and say who is out and why.
    expect(fake.rates.cnc.verified.value).toBe(0);
    expect(fake.rates.networking.verified.value).toBe(0);
    expect(fake.rates.networking.verified.leftOut).toMatchObject([
      {
        device: "vmc-1",
        level: "connected",
        reasons: [
          {
            code: "BELOW_CONSISTENT",
            detail:
              "only connected: LIVENESS_STALE_VALUES, PLAUSIBILITY_CONSTANT_WHILE_RUNNING, PLAUSIBILITY_PERIODIC_SIGNAL, PLAUSIBILITY_SPACING_TOO_REGULAR",
          },
        ],
      },
    ]);
  });

  it("flags the enterprise that registered one machine twice, on both registrations", () => {
    // One machine under two ids also sends one series twice (issue 14's copied-stream check).
    expect(codesOf(twin, "lathe-a")).toEqual([
      "UNIQUENESS_COPIED_STREAM",
      "UNIQUENESS_FINGERPRINT_DUPLICATE",
    ]);
    expect(codesOf(twin, "lathe-b")).toEqual([
      "UNIQUENESS_COPIED_STREAM",
      "UNIQUENESS_FINGERPRINT_DUPLICATE",
    ]);
    expect(levelOf(twin, "lathe-a")).toBe("connected");
  });

  it("recomputes every report byte for byte from its input after a JSON round trip (the bundle verifier's path)", () => {
    for (const build of [honestEnterprise, replayingEnterprise, fakeStreamEnterprise, twinEnterprise]) {
      const input = build();
      const fromBundle = EnterpriseInputSchema.parse(JSON.parse(JSON.stringify(input)));
      expect(canonicalReportJson(computeEnterpriseReport(fromBundle, DEFAULT_PARAMS))).toBe(
        canonicalReportJson(computeEnterpriseReport(input)),
      );
    }
  });

  it("aggregates the four for the bureau against the 80 % CNC-ization target", () => {
    const profile = (
      id: string,
      industry: EnterpriseProfile["industry"],
      aboveScale: boolean,
    ): EnterpriseProfile => ({
      id,
      district: id === "honest-co" || id === "twin-co" ? "xinbei" : "wujin",
      developmentZone: id === "honest-co" ? "high-tech-zone" : null,
      industry,
      aboveScale,
      smeDigitalLevel: aboveScale ? null : 2,
    });
    const view = aggregateForBureau(
      [
        bureauEntryOf(profile("honest-co", "auto-parts", true), honest),
        bureauEntryOf(profile("replay-co", "auto-parts", true), replay),
        bureauEntryOf(profile("fake-co", "advanced-transport-equipment", false), fake),
        bureauEntryOf(profile("twin-co", "other", false), twin),
      ],
      DEFAULT_PARAMS.targets,
    );
    expect(view.overall.targets.aboveScaleNetworking.verified).toEqual({
      target: 1,
      met: ["honest-co"],
      missed: ["replay-co"],
      notComputable: [],
      notJudged: [],
    });
    expect(view.byIndustry.map((g) => [g.key, g.enterprises.length])).toEqual([
      ["auto-parts", 2],
      ["advanced-transport-equipment", 1],
      ["integrated-circuits-and-communication-equipment", 0],
      ["advanced-structural-and-composite-materials", 0],
      ["other", 1],
    ]);
    expect(view.byDistrict.map((g) => g.key)).toEqual(["wujin", "xinbei"]);
    expect(view.byDevelopmentZone.map((g) => [g.key, g.enterprises])).toEqual([
      ["high-tech-zone", ["honest-co"]],
    ]);
  });
});
