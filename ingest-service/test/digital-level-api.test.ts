import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DigitalLevel } from "../src/digital-level/index.js";
import { removeDataDirs } from "./helpers/data-dir.js";
import { TestGateway } from "./helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "./helpers/harness.js";

let h: Harness;
const tokens: Record<string, string> = {};

const token = async (role: string, enterprise?: string) => {
  const created = await h.api("POST", "/api/v1/tokens", h.adminToken, {
    role,
    enterprise,
    name: `${role}-${enterprise}`,
  });
  expect(created.status).toBe(201);
  return (created.json as { token: string }).token;
};

/** Registers production devices the way an agent does (signed birth); they never send telemetry. */
async function announce(gateway: TestGateway, devices: [string, string][]): Promise<void> {
  const client = await gateway.connect(h.mqtt);
  const birth = gateway.birth(
    devices.map(([id, cls]) => ({
      id,
      profile: `test/${cls}@1.0.0`,
      class: cls,
      mapping: `sha256:${"c".repeat(64)}`,
      identity: null,
    })),
  );
  await client.publishAsync(gateway.topic("birth"), gateway.sign(birth), { qos: 1 });
  await client.endAsync();
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const listed = await h.api("GET", `/api/v1/enterprises/${gateway.ent}/devices`, h.adminToken);
    if ((listed.json as unknown[]).length === devices.length) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the birth did not reach the registry within 20 s");
}

/** Declares level 2 (42 points), 12 of them on the two rate items that the evidence must back. */
const LEVEL_2_ANSWERS = {
  "foundation.information-systems": ["E"],
  "management.planning": ["F"],
  "management.funding": ["E"],
  "foundation.equipment-digitalisation": ["E"],
  "foundation.equipment-networking": ["E"],
  "results.quality": ["B"],
  "results.revenue-per-employee": ["B"],
};

beforeAll(async () => {
  // Judged at once: the devices below never send, and this file is about what the API stores and
  // flags once judged. The first minutes' "not yet judged" (issue 15 §4) is tested in
  // src/digital-level/not-yet-judged.test.ts and test/web/digital-level-wait.browser.test.ts.
  h = await startHarness({ indicators: { judgement: { minObservedWorkingMs: 0 } } });
  const acme = new TestGateway("acme", "gw-1");
  await acme.enroll(h.http, await enrollmentToken(h, "acme", "gw-1"));
  await announce(acme, [
    ["cnc-1", "cnc_machine_tool"],
    ["cnc-2", "cnc_machine_tool"],
    ["plc-1", "plc"],
  ]);
  await enrollmentToken(h, "globex", "gw-1");
  tokens.acme = await token("enterprise", "acme");
  tokens.acmeIntegrator = await token("integrator", "acme");
  tokens.globex = await token("enterprise", "globex");
  tokens.bureau = await token("bureau");
}, 300_000);
afterAll(async () => {
  await h?.close();
  await removeDataDirs();
});

const ANSWERS = "/api/v1/enterprises/acme/digital-level/answers";

describe("SME digital level API", { timeout: 120_000 }, () => {
  it("serves the questionnaire with its source and bindings to any token", async () => {
    const res = await h.api("GET", "/api/v1/digital-level/questionnaire", tokens.bureau as string);
    expect(res.status).toBe(200);
    const body = res.json as {
      questionnaire: { source: { notice: string }; partial: boolean };
      bindings: { bindings: unknown[] };
    };
    expect(body.questionnaire.source.notice).toBe("工信厅企业〔2024〕56号");
    expect(body.questionnaire.partial).toBe(true);
    expect(body.bindings.bindings).toHaveLength(3);
  });

  it("lets only the enterprise itself or an admin declare", async () => {
    for (const who of ["acmeIntegrator", "globex", "bureau"]) {
      const res = await h.api("PUT", ANSWERS, tokens[who] as string, { answers: LEVEL_2_ANSWERS });
      expect(res.status, who).toBe(403);
      expect((res.json as { code: string }).code).toBe("ONRAMP_AUTH_FORBIDDEN");
    }
    expect((await h.api("GET", ANSWERS, tokens.acme as string)).status).toBe(404);
  });

  it("refuses answers that do not fit the questionnaire, naming the item", async () => {
    const bad = await h.api("PUT", ANSWERS, tokens.acme as string, {
      answers: { "foundation.equipment-networking": ["E", "D"], "foundation.network": ["A", "B"] },
    });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ code: "ONRAMP_DIGITAL_LEVEL_ANSWERS_INVALID" });
    expect((bad.json as { message: string }).message).toContain(
      "foundation.equipment-networking: choose one option",
    );
    expect((bad.json as { message: string }).message).toContain("foundation.network");
    const malformed = await h.api("PUT", ANSWERS, tokens.acme as string, {
      answers: { "foundation.network": "B" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ code: "ONRAMP_API_VALIDATION" });
  });

  it("stores the enterprise's answers with time and who, and the report flags the level its evidence does not back", async () => {
    const put = await h.api("PUT", ANSWERS, tokens.acme as string, { answers: LEVEL_2_ANSWERS });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({
      declared: { score: 42, level: 2 },
      answeredBy: "enterprise:enterprise-acme",
    });
    const stored = await h.api("GET", ANSWERS, tokens.bureau as string);
    expect(stored.json).toMatchObject({ kind: "answers", source: "questionnaire", answers: LEVEL_2_ANSWERS });

    const report = await h.api("GET", "/api/v1/enterprises/acme/indicators", tokens.acme as string);
    expect(report.status).toBe(200);
    const level = (report.json as { digitalLevel: DigitalLevel }).digitalLevel;
    expect(level.declared).toEqual({ score: 42, level: 2 });
    // Three production devices registered, none sent telemetry: both rates verify at 0/3.
    expect(level.evidenceAdjusted).toEqual({ score: 30, level: 1 });
    expect(level.answeredAt).toBe((put.json as { answeredAt: string }).answeredAt);
    const networking = level.items.find((i) => i.id === "foundation.equipment-networking");
    expect(networking).toMatchObject({
      declaredAnswer: "E",
      adjustedAnswer: "A",
      adjustedScore: 0,
      devices: [],
    });
    expect(networking?.reason?.en).toContain("0/3");
    expect(level.flags).toEqual([
      expect.objectContaining({
        code: "DIGITAL_LEVEL_NOT_SUPPORTED",
        items: ["foundation.equipment-digitalisation", "foundation.equipment-networking"],
      }),
    ]);
  });

  it("shows declared vs evidence-adjusted and the flag in the bureau overview", async () => {
    const res = await h.api("GET", "/api/v1/bureau/overview", tokens.bureau as string);
    expect(res.status).toBe(200);
    const view = (
      res.json as { view: { byDistrict: { targets: { smeDigitalLevel: { missed: string[] } } }[] } }
    ).view;
    // The §6 target counts the evidence-adjusted level: acme's declared 2 is a miss at 1.
    expect(view.byDistrict.flatMap((g) => g.targets.smeDigitalLevel.missed)).toContain("acme");
    const acme = (res.json as { enterprises: { id: string; digitalLevel?: unknown }[] }).enterprises.find(
      (e) => e.id === "acme",
    );
    expect(acme?.digitalLevel).toEqual({
      declared: { score: 42, level: 2 },
      evidenceAdjusted: { score: 30, level: 1 },
      flags: ["DIGITAL_LEVEL_NOT_SUPPORTED"],
    });
  });

  it("imports a national self-assessment result keyed by the national question ids, checking its total", async () => {
    const result = {
      format: "miit-sme-digital-level/1",
      questionnaireVersion: "2024",
      answers: {
        "3f26d63f-4be6-4fb9-999f-3a86e46207b3": "E",
        "9e0b56a3-39cd-4d0d-be80-f4b177f7e4ce": "F",
        "results.cost": ["C"],
      },
      totalScore: 20.5,
    };
    const ok = await h.api(
      "POST",
      "/api/v1/enterprises/globex/digital-level/import",
      tokens.globex as string,
      result,
    );
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ kind: "answers", declared: { score: 20.5, level: 1 } });
    const stored = await h.api(
      "GET",
      "/api/v1/enterprises/globex/digital-level/answers",
      tokens.globex as string,
    );
    expect(stored.json).toMatchObject({
      source: "national-import",
      answers: {
        "foundation.information-systems": ["E"],
        "management.planning": ["F"],
        "results.cost": ["C"],
      },
    });
    const wrongTotal = await h.api(
      "POST",
      "/api/v1/enterprises/globex/digital-level/import",
      tokens.globex as string,
      {
        ...result,
        totalScore: 45,
      },
    );
    expect(wrongTotal.status).toBe(422);
    expect((wrongTotal.json as { message: string }).message).toBe(
      "the answers score 20.5 points, the result says 45",
    );
  });

  it("imports a total-only result as declared, with nothing to adjust and a flag saying so", async () => {
    const res = await h.api("POST", "/api/v1/enterprises/globex/digital-level/import", h.adminToken, {
      format: "miit-sme-digital-level/1",
      questionnaireVersion: "2024",
      totalScore: 61.25,
      level: 3,
    });
    expect(res.status).toBe(200);
    const report = await h.api("GET", "/api/v1/enterprises/globex/indicators", tokens.globex as string);
    const level = (report.json as { digitalLevel: DigitalLevel }).digitalLevel;
    expect(level.declared).toEqual({ score: 61.25, level: 3 });
    expect(level.evidenceAdjusted).toBeNull();
    expect(level.flags.map((f) => f.code)).toEqual(["DIGITAL_LEVEL_TOTAL_ONLY"]);
    const noTotal = await h.api("POST", "/api/v1/enterprises/globex/digital-level/import", h.adminToken, {
      format: "miit-sme-digital-level/1",
      questionnaireVersion: "2024",
      totalScore: 61.25,
    });
    expect(noTotal.status).toBe(400);
  });
});
