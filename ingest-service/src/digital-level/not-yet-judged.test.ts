// Issue 15 §4 for the digital level: a declared level that falls below its floor only through
// items whose evidence has not been observed long enough is "not yet judged" (neutral), not
// "not supported" (red). Every number below is worked by hand from the questionnaire's scores.
import { describe, expect, it } from "vitest";
import { computeDigitalLevel, FLAG_NOT_SUPPORTED, FLAG_NOT_YET_JUDGED } from "./digital-level.js";
import type { EvidenceFacts } from "./evidence-adjust.js";
import { loadQuestionnaire } from "./questionnaire.js";
import type { Answers } from "./scoring.js";

const { questionnaire: q, bindings: b } = await loadQuestionnaire();
const AT = "2026-12-07T08:00:00.000Z";
const REQUIRED_MS = 180_000;
const NETWORKING = "foundation.equipment-networking";
const COLLECTION = "foundation.data-collection";

/** Unbound items: 10 + 7.5 + 7.5 + 7.5 (B–E × 1.875) + 1.5 = 34 points. */
const BASE_34: Answers = {
  "foundation.information-systems": ["E"],
  "management.planning": ["F"],
  "management.funding": ["E"],
  "management.mechanisms": ["B", "C", "D", "E"],
  "management.talent": ["B"],
};
/** Unbound items: 10 + 7.5 + 7.5 + 5.625 (B–D × 1.875) + 3 (B, C × 1.5) = 33.625 points. */
const BASE_33_625: Answers = {
  ...BASE_34,
  "management.mechanisms": ["B", "C", "D"],
  "management.talent": ["B", "C"],
};

/**
 * A plant of `machines` CNC machine tools registered `observedMs` of working time ago, none of them
 * at `consistent` yet (the first minutes after connecting), optionally an energy meter; the rates
 * judged as judgement.ts does (not judged below REQUIRED_MS, with the observed time).
 */
function plant(machines: number, observedMs: number, meter?: { observedMs: number }): EvidenceFacts {
  const ids = Array.from({ length: machines }, (_, i) => `cnc-${i + 1}`);
  const judged = machines === 0 || observedMs >= REQUIRED_MS;
  const rate = {
    denominator: machines,
    numeratorDevices: [],
    judged,
    ...(judged ? {} : { notJudgedReason: { observedMs, requiredMs: REQUIRED_MS } }),
  };
  return {
    params: { judgement: { minObservedWorkingMs: REQUIRED_MS } },
    rates: { digitalisation: { verified: rate }, networking: { verified: rate } },
    devices: [
      ...ids.map((device) => ({
        device,
        class: "cnc_machine_tool",
        isProduction: true,
        onCloud: { workingMs: observedMs },
        evidence: { level: "connected" as const },
        cnc: { controllerStateSignals: ["execution"] },
      })),
      ...(meter === undefined
        ? []
        : [
            {
              device: "meter-1",
              class: "energy_meter",
              isProduction: false,
              onCloud: { workingMs: meter.observedMs },
              evidence: { level: "connected" as const },
              cnc: { controllerStateSignals: [] },
            },
          ]),
    ],
  };
}
const level = (answers: Answers, facts: EvidenceFacts) =>
  computeDigitalLevel(q, b, { kind: "answers", answers, answeredAt: AT }, facts);

/** 34 + 6 (networking E) + 0.7 (data collection I) = 40.7: level 2 by 0.7 points. */
const HONEST_NARROW: Answers = { ...BASE_34, [NETWORKING]: ["E"], [COLLECTION]: ["I"] };

describe("the digital level while bound rates are not yet judged", () => {
  it("an honest plant, 2 min after connecting, on a narrow margin: the neutral flag, no red one", () => {
    const r = level(HONEST_NARROW, plant(4, 120_000));
    expect(r.declared).toEqual({ score: 40.7, level: 2 });
    // Networking 0/4 is band A (0), data collection I has no device at consistent yet (0): 34.
    expect(r.evidenceAdjusted).toEqual({ score: 34, level: 1 });
    expect(r.flags.map((f) => [f.code, f.items])).toEqual([[FLAG_NOT_YET_JUDGED, [NETWORKING, COLLECTION]]]);
    const flag = r.flags[0];
    expect(flag?.en).toContain("Declared SME digital level 2 (40.7 points) not yet judged");
    expect(flag?.en).toContain(
      '"Networking rate of production equipment" (observed 2 min of the required 3 min of working time)',
    );
    expect(flag?.zh).toContain("尚未评判");
    expect(flag?.zh).toContain("已观察 2 分钟，需要 3 分钟的工作时间");
    // The item table says it too, beside what the evidence shows so far.
    const networking = r.items.find((i) => i.id === NETWORKING);
    expect(networking?.reason?.en).toContain("(not yet judged: observed 2 min of the required 3 min");
  });

  it("the same plant once judged (1 h observed) and really below: red, with both items", () => {
    const r = level(HONEST_NARROW, plant(4, 3_600_000));
    expect(r.evidenceAdjusted).toEqual({ score: 34, level: 1 });
    expect(r.flags.map((f) => [f.code, f.items])).toEqual([[FLAG_NOT_SUPPORTED, [NETWORKING, COLLECTION]]]);
    expect(r.flags[0]?.en).toContain("it scores 34, below level 2's floor of 40");
    expect(r.items.find((i) => i.id === NETWORKING)?.reason?.en).not.toContain("not yet judged");
  });

  it("mixed: networking not yet judged, energy management declared with no meter registered: red, naming the judged item only", () => {
    // 33.625 + 6 (networking E) + 0.7 (K) = 40.325; K falls for good (no meter could ever back it):
    // 40.325 − 0.7 = 39.625 < 40 on judged evidence alone; networking (−6) is still waiting.
    const r = level({ ...BASE_33_625, [NETWORKING]: ["E"], [COLLECTION]: ["K"] }, plant(4, 120_000));
    expect(r.declared).toEqual({ score: 40.325, level: 2 });
    expect(r.evidenceAdjusted).toEqual({ score: 33.625, level: 1 });
    expect(r.flags.map((f) => [f.code, f.items])).toEqual([[FLAG_NOT_SUPPORTED, [COLLECTION]]]);
    expect(r.flags[0]?.en).toContain(
      "it scores 39.625 counting only the items already judged (33.625 with all adjusted), below level 2's floor of 40",
    );
    expect(r.flags[0]?.en).not.toContain("Networking rate of production equipment");
    expect(r.flags[0]?.zh).toContain("只计已评判的条目为 39.625 分");
  });

  it("mixed, but the judged loss alone leaves the floor: neutral, naming the waiting item", () => {
    // 34 + 6 + 0.7 = 40.7; judged K lost → 40.0, still level 2: only networking can decide it.
    const r = level({ ...BASE_34, [NETWORKING]: ["E"], [COLLECTION]: ["K"] }, plant(4, 120_000));
    expect(r.evidenceAdjusted).toEqual({ score: 34, level: 1 });
    expect(r.flags.map((f) => [f.code, f.items])).toEqual([[FLAG_NOT_YET_JUDGED, [NETWORKING]]]);
  });

  it("an energy meter registered 1 min ago is waiting too; one registered an hour ago that shows nothing is not", () => {
    const answers = { ...BASE_33_625, [NETWORKING]: ["E"], [COLLECTION]: ["K"] };
    const young = level(answers, plant(4, 120_000, { observedMs: 60_000 }));
    expect(young.flags.map((f) => [f.code, f.items])).toEqual([
      [FLAG_NOT_YET_JUDGED, [NETWORKING, COLLECTION]],
    ]);
    expect(young.flags[0]?.en).toContain(
      '"Business activities whose data is collected automatically" (observed 1 min of the required 3 min',
    );
    const old = level(answers, plant(4, 120_000, { observedMs: 3_600_000 }));
    expect(old.flags.map((f) => [f.code, f.items])).toEqual([[FLAG_NOT_SUPPORTED, [COLLECTION]]]);
  });

  it("a declared-only plant with no equipment registered is judged by the absence: red at once", () => {
    const r = level(HONEST_NARROW, plant(0, 0));
    expect(r.evidenceAdjusted).toEqual({ score: 34, level: 1 });
    expect(r.flags.map((f) => [f.code, f.items])).toEqual([[FLAG_NOT_SUPPORTED, [NETWORKING, COLLECTION]]]);
  });

  it("reads facts without judgement fields (reports before issue 15) as judged", () => {
    const { params: _params, ...old } = plant(4, 120_000);
    const bare: EvidenceFacts = {
      ...old,
      rates: {
        digitalisation: { verified: { denominator: 4, numeratorDevices: [] } },
        networking: { verified: { denominator: 4, numeratorDevices: [] } },
      },
    };
    expect(level(HONEST_NARROW, bare).flags.map((f) => f.code)).toEqual([FLAG_NOT_SUPPORTED]);
  });
});
