import { describe, expect, it } from "vitest";
import type { EvidenceLevel } from "../indicators/index.js";
import { computeDigitalLevel, FLAG_NOT_SUPPORTED, FLAG_TOTAL_ONLY } from "./digital-level.js";
import type { EvidenceFacts } from "./evidence-adjust.js";
import { loadQuestionnaire } from "./questionnaire.js";
import type { Answers } from "./scoring.js";

const { questionnaire: q, bindings: b } = await loadQuestionnaire();
const AT = "2026-12-01T08:00:00.000Z";

type Dev = { id: string; cls: string; level: EvidenceLevel; controller?: boolean };

/** The report facts of a plant whose production devices are `devs` (a meter is not production). */
function facts(devs: Dev[], counted: { digitalisation: string[]; networking: string[] }): EvidenceFacts {
  const production = devs.filter((d) => d.cls !== "energy_meter");
  return {
    rates: {
      digitalisation: {
        verified: { denominator: production.length, numeratorDevices: counted.digitalisation },
      },
      networking: { verified: { denominator: production.length, numeratorDevices: counted.networking } },
    },
    devices: devs.map((d) => ({
      device: d.id,
      class: d.cls,
      isProduction: d.cls !== "energy_meter",
      evidence: { level: d.level },
      cnc: { controllerStateSignals: d.controller === true ? ["execution"] : [] },
    })),
  };
}
const NO_DEVICES = facts([], { digitalisation: [], networking: [] });
const declare = (answers: Answers) => ({ kind: "answers" as const, answers, answeredAt: AT });
const item = (r: ReturnType<typeof computeDigitalLevel>, id: string) => r.items.find((i) => i.id === id);

/** Unbound items only, by hand: 10 + 7.5 + 7.5 + 7.5 + 2.5 + 3.5 + 1.5 = 40. */
const FORTY: Answers = {
  "foundation.information-systems": ["E"],
  "management.planning": ["F"],
  "management.funding": ["E"],
  "management.mechanisms": ["B", "C", "D", "E"],
  "foundation.network-security": ["B", "C"],
  "results.quality": ["B"],
  "results.revenue-per-employee": ["B"],
};

describe("SME digital level, hand-worked", () => {
  it("puts exactly 40 points at level 2 and 38.5 at level 1 (band edge)", () => {
    const forty = computeDigitalLevel(q, b, declare(FORTY), NO_DEVICES);
    expect(forty.declared).toEqual({ score: 40, level: 2 });
    const { "results.revenue-per-employee": _dropped, ...less } = FORTY;
    expect(computeDigitalLevel(q, b, declare(less), NO_DEVICES).declared).toEqual({ score: 38.5, level: 1 });
    expect(computeDigitalLevel(q, b, declare({ "results.energy": ["A"] }), NO_DEVICES).declared).toEqual({
      score: 0,
      level: 0,
    });
  });

  it("keeps an unbound item as declared even with no evidence at all", () => {
    const r = computeDigitalLevel(
      q,
      b,
      declare({ "foundation.network-security": ["B", "C", "D", "E"] }),
      NO_DEVICES,
    );
    expect(item(r, "foundation.network-security")).toMatchObject({
      declaredAnswer: "B,C,D,E",
      declaredScore: 5,
      binding: null,
      adjustedAnswer: "B,C,D,E",
      adjustedScore: 5,
      reason: null,
      devices: [],
    });
  });

  it("gives a bound item with no evidence only what no evidence supports: the lowest band", () => {
    const r = computeDigitalLevel(q, b, declare({ "foundation.equipment-networking": ["E"] }), NO_DEVICES);
    const networking = item(r, "foundation.equipment-networking");
    expect(networking).toMatchObject({
      declaredAnswer: "E",
      declaredScore: 6,
      binding: { indicator: "networking", minEvidence: "consistent" },
      adjustedAnswer: "A",
      adjustedScore: 0,
      devices: [],
    });
    expect(networking?.reason?.en).toContain("no production equipment registered in the period");
    expect(networking?.reason?.zh).toContain("无法核验");
  });

  it("leaves an unanswered bound multiple-choice item unanswered when no evidence backs any of its options", () => {
    const r = computeDigitalLevel(q, b, declare({ "results.energy": ["C"] }), NO_DEVICES);
    expect(item(r, "foundation.data-collection")).toMatchObject({
      declaredAnswer: null,
      adjustedAnswer: null,
      adjustedScore: 0,
      reason: null,
    });
  });

  it("replaces a bound answer the evidence contradicts, naming the devices (40 % is band C)", () => {
    const devs: Dev[] = [
      { id: "cnc-1", cls: "cnc_machine_tool", level: "consistent", controller: true },
      { id: "cnc-2", cls: "cnc_machine_tool", level: "live-verified" },
      { id: "cnc-3", cls: "cnc_machine_tool", level: "connected" },
      { id: "press-1", cls: "press", level: "declared" },
      { id: "press-2", cls: "press", level: "declared" },
    ];
    const evidence = facts(devs, { digitalisation: ["cnc-1", "cnc-2"], networking: ["cnc-1", "cnc-2"] });
    const r = computeDigitalLevel(
      q,
      b,
      declare({
        "foundation.equipment-digitalisation": ["E"],
        "foundation.data-collection": ["G", "I", "K", "N"],
      }),
      evidence,
    );
    expect(item(r, "foundation.equipment-digitalisation")).toMatchObject({
      declaredScore: 6,
      adjustedAnswer: "C",
      adjustedScore: 3,
      devices: ["cnc-1", "cnc-2"],
    });
    expect(item(r, "foundation.equipment-digitalisation")?.reason?.en).toContain("2/5 (40 %");
    // G (controller state: cnc-1) and I (production device) stand, K (no energy meter) falls, N is unbound.
    const collection = item(r, "foundation.data-collection");
    expect(collection).toMatchObject({
      declaredAnswer: "G,I,K,N",
      adjustedAnswer: "G,I,N",
      devices: ["cnc-1", "cnc-2"],
    });
    expect(collection?.declaredScore).toBeCloseTo(2.8, 10);
    expect(collection?.adjustedScore).toBeCloseTo(2.1, 10);
    expect(collection?.reason?.en).toContain(
      "K (Energy management: at least one energy meter sends verified telemetry) has no evidence",
    );
  });

  it("flags a declared level 2 whose evidence-adjusted score falls below 40, with the items that caused it", () => {
    const answers: Answers = {
      "foundation.information-systems": ["E"],
      "management.planning": ["F"],
      "management.funding": ["E"],
      "foundation.equipment-digitalisation": ["E"],
      "foundation.equipment-networking": ["E"],
      "results.quality": ["B"],
      "results.revenue-per-employee": ["B"],
    };
    const devs: Dev[] = [1, 2, 3, 4, 5].map((n) => ({
      id: `cnc-${n}`,
      cls: "cnc_machine_tool",
      level: "declared",
    }));
    const r = computeDigitalLevel(
      q,
      b,
      declare(answers),
      facts(devs, { digitalisation: [], networking: [] }),
    );
    expect(r.declared).toEqual({ score: 42, level: 2 });
    expect(r.evidenceAdjusted).toEqual({ score: 30, level: 1 });
    expect(r.flags).toHaveLength(1);
    expect(r.flags[0]).toMatchObject({
      code: FLAG_NOT_SUPPORTED,
      items: ["foundation.equipment-digitalisation", "foundation.equipment-networking"],
    });
    expect(r.flags[0]?.zh).toContain("低于 2 级下限 40 分");
    expect(r.flags[0]?.en).toContain("scores 30, below level 2's floor of 40");
  });

  it("does not flag when the evidence supports the declared level", () => {
    const r = computeDigitalLevel(q, b, declare(FORTY), NO_DEVICES);
    expect(r.evidenceAdjusted).toEqual({ score: 40, level: 2 });
    expect(r.flags).toEqual([]);
  });

  it("shows a total-only import as declared, with nothing adjusted and a flag saying why", () => {
    const r = computeDigitalLevel(q, b, { kind: "total", score: 52.5, level: 2, answeredAt: AT }, NO_DEVICES);
    expect(r.declared).toEqual({ score: 52.5, level: 2 });
    expect(r.evidenceAdjusted).toBeNull();
    expect(r.flags.map((f) => f.code)).toEqual([FLAG_TOTAL_ONLY]);
    expect(r.items.every((i) => i.declaredAnswer === null && i.adjustedScore === null)).toBe(true);
  });

  it("has nothing declared and nothing adjusted when the enterprise has not answered", () => {
    const r = computeDigitalLevel(q, b, null, NO_DEVICES);
    expect(r).toMatchObject({ answeredAt: null, declared: null, evidenceAdjusted: null, flags: [] });
    expect(r.questionnaire).toMatchObject({
      id: "miit-sme-digital-level-manufacturing",
      version: "2024",
      partial: true,
    });
    expect(r.questionnaire.source).toContain("工信厅企业〔2024〕56号");
  });
});
