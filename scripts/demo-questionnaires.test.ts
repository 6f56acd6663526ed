// The demo's questionnaires (scripts/demo/questionnaires.ts) against the real scoring: the
// honest enterprises keep their level whatever the first minutes of evidence show, the dishonest
// one is flagged as soon as its verified rates leave its fakes out.

import { computeDigitalLevel, type EvidenceFacts, loadQuestionnaire } from "@onramp/ingest-service";
import { describe, expect, it } from "vitest";
import { DISHONEST_LEVEL_2, HONEST_LEVEL_2, HONEST_LEVEL_3 } from "./demo/questionnaires.js";

const { questionnaire: q, bindings: b } = await loadQuestionnaire();
const AT = "2026-12-07T00:00:00.000Z";

/** A plant of `production` machines of which `verified` count, and one energy meter. */
function plant(production: number, verified: number): EvidenceFacts {
  const ids = Array.from({ length: production }, (_, i) => `m-${i + 1}`);
  const counted = ids.slice(0, verified);
  return {
    rates: {
      digitalisation: { verified: { denominator: production, numeratorDevices: counted } },
      networking: { verified: { denominator: production, numeratorDevices: counted } },
    },
    devices: [
      ...ids.map((id, i) => ({
        device: id,
        class: "cnc_machine_tool",
        isProduction: true,
        evidence: { level: i < verified ? ("consistent" as const) : ("connected" as const) },
        cnc: { controllerStateSignals: ["execution"] },
      })),
      {
        device: "meter-1",
        class: "energy_meter",
        isProduction: false,
        evidence: { level: "consistent" as const },
        cnc: { controllerStateSignals: [] },
      },
    ],
  };
}
const level = (answers: Record<string, string[]>, facts: EvidenceFacts) =>
  computeDigitalLevel(q, b, { kind: "answers", answers, answeredAt: AT }, facts);

describe("demo questionnaires", () => {
  it("declare level 2 (56.125), level 3 (76.975) and a dishonest level 2 by a hair (40.225)", () => {
    expect(level(HONEST_LEVEL_2, plant(4, 4)).declared).toEqual({ score: 56.125, level: 2 });
    expect(level(HONEST_LEVEL_3, plant(4, 4)).declared).toEqual({ score: 76.975, level: 3 });
    expect(level(DISHONEST_LEVEL_2, plant(6, 3)).declared).toEqual({ score: 40.225, level: 2 });
  });

  it("keep an honest enterprise's level with every machine verified, and even with none verified yet", () => {
    for (const [answers, expected] of [
      [HONEST_LEVEL_2, 2],
      [HONEST_LEVEL_3, 3],
    ] as const) {
      const all = level(answers, plant(4, 4));
      expect(all.evidenceAdjusted?.score).toBe(all.declared?.score);
      expect(all.flags).toEqual([]);
      const none = level(answers, plant(4, 0));
      expect(none.evidenceAdjusted?.level).toBe(expected);
      expect(none.flags).toEqual([]);
    }
  });

  it("flag the dishonest enterprise once its two fakes and the cloned CNC are left out (3 of 6 machines)", () => {
    const r = level(DISHONEST_LEVEL_2, plant(6, 3));
    expect(r.evidenceAdjusted).toEqual({ score: 37.225, level: 1 });
    expect(r.flags.map((f) => [f.code, f.items])).toEqual([
      [
        "DIGITAL_LEVEL_NOT_SUPPORTED",
        ["foundation.equipment-digitalisation", "foundation.equipment-networking"],
      ],
    ]);
  });
});
