// The fraud suite in CI: a short run of every scenario through the real ingest (3 min judged, the
// time parameters of short-params.json), asserting what issue 14 requires — every fraud caught
// with its expected codes, the honest enterprises clean; the table it prints (and writes to
// test/bench/out/fraud-suite-ci.md) shows every row.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "./scenarios/index.js";
import { readShortRun } from "./short-run.js";
import { runSuite, type SuiteResult } from "./suite.js";
import { jsonOf, markdownOf } from "./table.js";

const MINUTES = Number(process.env.FRAUD_MINUTES ?? 3);
const DATA_DIR = join(tmpdir(), `onramp-fraud-${process.pid}`);
let result: SuiteResult;

beforeAll(
  async () => {
    const short = await readShortRun(join(import.meta.dirname, "short-params.json"));
    result = await runSuite({
      minutes: MINUTES,
      dataDir: DATA_DIR,
      configOverrides: short.ingest,
      plantSpeed: short.plantSpeed,
      copyShiftMs: short.copyShiftMs,
      log: (line) => process.stderr.write(`[fraud] ${line}\n`),
    });
    const markdown = markdownOf(result);
    process.stderr.write(`${markdown}\n`);
    const out = join(import.meta.dirname, "../bench/out");
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "fraud-suite-ci.md"), `${markdown}\n`);
    await writeFile(join(out, "fraud-suite-ci.json"), jsonOf(result));
  },
  (MINUTES + 12) * 60_000,
);

// runSuite has stopped every process it started (by PID); only its data dir is left.
afterAll(() => rm(DATA_DIR, { recursive: true, force: true }));

const rowOf = (name: string) => {
  const row = result.rows.find((r) => r.scenario === name);
  if (row === undefined) throw new Error(`no row for ${name}`);
  return row;
};

describe("fraud suite through the real ingest", () => {
  for (const scenario of SCENARIOS) {
    if (scenario.expected.kind === "honest") {
      it(`honest ${scenario.name}: no failure flag, every device consistent or live-verified, verified = declared`, () => {
        const row = rowOf(scenario.name);
        expect(row.why).toEqual([]);
        expect(row.outcome).toBe("clean");
      });
    } else {
      it(`fraud ${scenario.name} (${scenario.class}) is caught and out of the verified rates`, () => {
        const row = rowOf(scenario.name);
        expect(row.why).toEqual([]);
        expect(row.outcome).toBe("caught");
      });
    }
  }

  it("every device a gateway announced was challenged by the bureau before the end", () => {
    const challenged = new Set(result.challenges.map((c) => `${c.ent}/${c.dev}`));
    for (const [name, report] of Object.entries(result.reports)) {
      const announced = result.announced[`fx-${name}`] ?? [];
      for (const dev of announced) expect(challenged.has(`fx-${name}/${dev}`)).toBe(true);
      // The only devices no gateway announced (nothing to challenge) are the declared-only equipment.
      const declaredOnly = report.devices.map((d) => d.device).filter((d) => !announced.includes(d));
      const scenario = SCENARIOS.find((s) => s.name === name);
      const expected =
        scenario?.expected.kind === "fraud" && scenario.expected.counted === true
          ? scenario.expected.subjects
          : [];
      expect(declaredOnly.sort()).toEqual([...expected].sort());
    }
  });
});
