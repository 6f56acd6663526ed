import { describe, expect, it } from "vitest";
import { aggregateForBureau, type BureauEntry, EnterpriseProfileSchema, PILOT_INDUSTRIES } from "./bureau.js";
import { DEFAULT_PARAMS } from "./params.js";

const entry = (
  id: string,
  cnc: number | null,
  networking: number | null,
  profile: Partial<BureauEntry["profile"]> = {},
): BureauEntry => ({
  profile: {
    id,
    district: "xinbei",
    developmentZone: null,
    industry: "auto-parts",
    aboveScale: true,
    smeDigitalLevel: null,
    ...profile,
  },
  cnc: { declared: cnc === null ? null : Math.min(1, cnc + 0.1), verified: cnc },
  networking: { declared: 1, verified: networking },
  digitalisation: { declared: 1, verified: 0.5 },
});

describe("aggregateForBureau (INDICATORS §6)", () => {
  const view = aggregateForBureau(
    [
      entry("a", 0.9, 1),
      entry("b", 0.5, 0.75, { district: "wujin", developmentZone: "zone-1" }),
      entry("c", null, null, { industry: "other", aboveScale: false, smeDigitalLevel: 2 }),
      entry("d", 0.8, 1, {
        industry: "integrated-circuits-and-communication-equipment",
        aboveScale: false,
        smeDigitalLevel: 1.5,
      }),
    ],
    DEFAULT_PARAMS.targets,
  );

  it("averages enterprise rates, leaving enterprises without a value out of the mean", () => {
    expect(view.overall.cnc.verified).toEqual({ value: (0.9 + 0.5 + 0.8) / 3, reason: null, enterprises: 3 });
    expect(view.overall.enterprises).toEqual(["a", "b", "c", "d"]);
  });

  it("tallies the 80 % CNC-ization target, at the target counting as met", () => {
    expect(view.overall.targets.cnc.verified).toEqual({
      target: 0.8,
      met: ["a", "d"],
      missed: ["b"],
      notComputable: ["c"],
      notJudged: [],
    });
  });

  it("holds only above-scale enterprises to full networking", () => {
    expect(view.overall.targets.aboveScaleNetworking.verified).toEqual({
      target: 1,
      met: ["a"],
      missed: ["b"],
      notComputable: [],
      notJudged: [],
    });
  });

  it("tallies the declared SME digital level against level 2", () => {
    expect(view.overall.targets.smeDigitalLevel).toEqual({
      target: 2,
      met: ["c"],
      missed: ["d"],
      notComputable: ["a", "b"],
      notJudged: [],
    });
  });

  it("holds a digital level 'not yet judged' (issue 15 §4) out of met and missed", () => {
    const waiting = {
      ...entry("e", 0.9, 1, { smeDigitalLevel: 1 }),
      smeDigitalLevelJudged: false,
    };
    const judgedLow = entry("f", 0.9, 1, { smeDigitalLevel: 1 });
    const tally = aggregateForBureau(
      [waiting, judgedLow, entry("g", 0.9, 1, { smeDigitalLevel: 3 })],
      DEFAULT_PARAMS.targets,
    ).overall.targets.smeDigitalLevel;
    expect(tally).toEqual({ target: 2, met: ["g"], missed: ["f"], notComputable: [], notJudged: ["e"] });
  });

  it("groups by district, development zone, the five industry groups and size", () => {
    expect(view.byDistrict.map((g) => [g.key, g.enterprises])).toEqual([
      ["wujin", ["b"]],
      ["xinbei", ["a", "c", "d"]],
    ]);
    expect(view.byDevelopmentZone.map((g) => [g.key, g.enterprises])).toEqual([["zone-1", ["b"]]]);
    expect(view.byIndustry.map((g) => g.key)).toEqual([...PILOT_INDUSTRIES]);
    const ic = view.byIndustry.find((g) => g.key === "advanced-structural-and-composite-materials");
    expect(ic?.cnc.verified).toMatchObject({ value: null, reason: { code: "NO_ENTERPRISE_WITH_VALUE" } });
    expect(view.bySize.map((g) => [g.key, g.enterprises])).toEqual([
      ["above-scale", ["a", "b"]],
      ["below-scale", ["c", "d"]],
    ]);
  });

  it("holds a verified rate observed too briefly out of the mean and out of met and missed (issue 15 §4)", () => {
    const early = { ...entry("e", 0, 0), cnc: { declared: 1, verified: 0, judged: false } };
    const v = aggregateForBureau([entry("a", 0.9, 1), early], DEFAULT_PARAMS.targets);
    expect(v.overall.cnc.verified).toEqual({ value: 0.9, reason: null, enterprises: 1 });
    expect(v.overall.cnc.declared.enterprises).toBe(2);
    expect(v.overall.targets.cnc.verified).toEqual({
      target: 0.8,
      met: ["a"],
      missed: [],
      notComputable: [],
      notJudged: ["e"],
    });
  });

  it("validates enterprise profiles at the boundary", () => {
    expect(() =>
      EnterpriseProfileSchema.parse({
        id: "a",
        district: "x",
        developmentZone: null,
        industry: "textiles",
        aboveScale: true,
        smeDigitalLevel: null,
      }),
    ).toThrow();
  });
});
