import { describe, expect, it } from "vitest";
import { computeEnterpriseReport, type EnterpriseReport } from "../../src/indicators/index.js";
import { devicesNeeded, diagnosisPlan, levelGaps, verdictOf } from "../../src/report/plan.js";
import { cncDevice } from "../indicator-scenarios/fixtures.js";
import { honestEnterprise, twinEnterprise } from "../indicator-scenarios/scenario.js";
import { DIGITAL_LEVEL, NOT_JUDGED } from "./extensions-fixture.js";

/** The honest scenario enterprise plus two key-process machines no gateway announces. */
function honestWithGaps(): EnterpriseReport {
  const input = honestEnterprise();
  return computeEnterpriseReport({
    ...input,
    devices: [
      ...input.devices,
      cncDevice("grinder-4", { enterprise: input.enterprise.id, fingerprint: undefined }),
      cncDevice("saw-5", {
        enterprise: input.enterprise.id,
        class: "press",
        declaredCnc: false,
        declaredDigital: false,
        declaredNetworked: false,
        fingerprint: undefined,
      }),
    ],
  });
}

describe("the plan to the pilot's targets", () => {
  it("counts the fewest devices that close a rate's gap, exactly at the 80 % edge", () => {
    expect(devicesNeeded(2, 4, 0.8)).toBe(2); // 3/4 = 75 % is short; 4/4
    expect(devicesNeeded(3, 5, 0.8)).toBe(1); // 4/5 = 80 % exactly passes
    expect(devicesNeeded(4, 5, 0.8)).toBe(0);
    expect(devicesNeeded(1, 3, 0.8)).toBe(2); // 2/3 = 66.7 % short; 3/3
    expect(devicesNeeded(7, 10, 0.8)).toBe(1);
    expect(devicesNeeded(0, 0, 0.8)).toBe(0);
    expect(devicesNeeded(2, 3, 1)).toBe(1);
  });

  it("connects the silent CNC and replaces the machine that cannot be numerically controlled", () => {
    const report = honestWithGaps();
    expect(report.rates.cnc.verified).toMatchObject({ numerator: 2, denominator: 4 });
    const plan = diagnosisPlan(report, true);
    expect(plan.cnc).toMatchObject({ target: 0.8, current: 0.5, needed: 2, judged: true });
    expect(plan.cnc.steps.map((s) => [s.device, s.class, s.action, s.neededForTarget])).toEqual([
      ["grinder-4", "cnc_machine_tool", "connect", true],
      ["saw-5", "press", "replace", true],
    ]);
    expect(verdictOf(plan.cnc)).toBe("notMet");
    // Above scale: every production device networked; press-1 and meter-1 are not key-process.
    expect(plan.networking).toMatchObject({ target: 1, aboveScale: true, needed: 2 });
    expect(plan.networking.steps.map((s) => [s.device, s.action])).toEqual([
      ["grinder-4", "connect"],
      ["saw-5", "connect"],
    ]);
  });

  it("sets no networking target below scale, but still lists the devices not networked", () => {
    const plan = diagnosisPlan(honestWithGaps(), false);
    expect(plan.networking).toMatchObject({ target: null, needed: 0 });
    expect(verdictOf(plan.networking)).toBe("noTarget");
    expect(plan.networking.steps).toHaveLength(2);
  });

  it("asks to clear the flags that hold a machine below consistent, naming them", () => {
    const plan = diagnosisPlan(computeEnterpriseReport(twinEnterprise()), true);
    expect(plan.cnc.needed).toBe(2);
    for (const step of plan.cnc.steps) {
      expect(step.action).toBe("resolve-flags");
      expect(step.flags).toEqual(["UNIQUENESS_COPIED_STREAM", "UNIQUENESS_FINGERPRINT_DUPLICATE"]);
    }
  });

  it("calls a rate the report has not judged 'not judged', never 'not met'", () => {
    const report = honestWithGaps();
    const notJudged = {
      ...report,
      rates: {
        ...report.rates,
        cnc: {
          ...report.rates.cnc,
          verified: { ...report.rates.cnc.verified, judged: false, notJudgedReason: NOT_JUDGED },
        },
      },
    } as EnterpriseReport;
    const plan = diagnosisPlan(notJudged, true);
    expect(plan.cnc.judged).toBe(false);
    expect(verdictOf(plan.cnc)).toBe("notJudged");
    // Absent `judged` (a report before shape15) is judged.
    expect(diagnosisPlan(report, true).cnc.judged).toBe(true);
  });

  it("closes each digital-level gap with provable points first, then names the lowest items to raise", () => {
    const gaps = levelGaps(DIGITAL_LEVEL);
    expect(gaps?.score).toBe(35);
    const [two, three, four] = gaps?.levels ?? [];
    // Level 2 at 40: 5 short; F-2.3 restores 4 (not enough alone), F-2.2 3 more.
    expect(two).toMatchObject({ level: 2, threshold: 40, gap: 5, remaining: 0, raise: [] });
    expect(two?.prove.map((p) => [p.item.id, p.points])).toEqual([
      ["F-2.3", 4],
      ["F-2.2", 3],
    ]);
    // Level 3 at 60: 25 short, 7 provable, 18 to raise on other items, lowest first.
    expect(three).toMatchObject({ gap: 25, remaining: 18 });
    expect(three?.raise.map((i) => i.id)).toEqual(["F-2.1", "M-3.1", "R-4.1"]);
    expect(four).toMatchObject({ gap: 45, remaining: 38 });
  });

  it("has nothing to prove at a band edge already reached, and no plan without an adjusted score", () => {
    const atEdge = levelGaps({ ...DIGITAL_LEVEL, evidenceAdjusted: { score: 40, level: 2 } });
    expect(atEdge?.levels[0]).toMatchObject({ level: 2, gap: 0, prove: [], remaining: 0 });
    expect(levelGaps({ ...DIGITAL_LEVEL, evidenceAdjusted: null })).toBeNull();
  });
});
