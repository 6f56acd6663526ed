// The demo's questionnaires (scripts/demo/questionnaires.ts) against the real scoring: the
// honest enterprises keep their level whatever the first minutes of evidence show, the dishonest
// one is flagged as soon as its verified rates leave its fakes out.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildApp,
  computeDigitalLevel,
  type DigitalLevel,
  type EvidenceFacts,
  loadQuestionnaire,
} from "@onramp/ingest-service";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api } from "./demo/ingest.js";
import { planPark } from "./demo/park.js";
import {
  DISHONEST_LEVEL_2,
  HONEST_LEVEL_2,
  HONEST_LEVEL_3,
  submitQuestionnaire,
} from "./demo/questionnaires.js";

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

describe("the demo's submission through a real ingest service (127.0.0.1, ephemeral ports)", () => {
  let app: FastifyInstance;
  let api: Api;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "onramp-demo-dl-"));
    app = await buildApp({
      config: {
        dataDir,
        http: { host: "127.0.0.1", port: 0 },
        broker: { mode: "embedded", host: "127.0.0.1", port: 0 },
        bureauWarmup: { enabled: false },
        copiedStreamScan: { enabled: false },
      },
      logger: pino({ level: "silent" }),
    });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    const { token } = await app.ingest.apiTokens.create({ role: "admin", ent: null, name: "demo-admin" });
    api = new Api(`http://127.0.0.1:${port}`, token);
  });
  afterAll(async () => {
    await app?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it("submits level 2, 3, 2 for the honest enterprises and level 2 for the dishonest one, which its (absent) evidence does not back", async () => {
    const park = planPark(4);
    const levels: number[] = [];
    for (const [index, ent] of park.entries()) {
      await api.createEnterprise(ent.id, ent.name);
      levels.push(await submitQuestionnaire(api, ent, index));
    }
    expect(levels).toEqual([2, 3, 2, 2]);
    const dishonest = park.find((e) => e.isDishonest);
    const report = await api.call<{ digitalLevel: DigitalLevel }>(
      "GET",
      `/enterprises/${dishonest?.id}/indicators`,
    );
    expect(report.digitalLevel.declared).toEqual({ score: 40.225, level: 2 });
    expect(report.digitalLevel.flags.map((f) => f.code)).toEqual(["DIGITAL_LEVEL_NOT_SUPPORTED"]);
    // With no machine registered yet, an honest enterprise still keeps its level.
    const honest = await api.call<{ digitalLevel: DigitalLevel }>(
      "GET",
      `/enterprises/${park[1]?.id}/indicators`,
    );
    expect(honest.digitalLevel.evidenceAdjusted?.level).toBe(3);
    expect(honest.digitalLevel.flags).toEqual([]);
  });
});
