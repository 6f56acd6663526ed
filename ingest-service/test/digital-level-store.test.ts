// Migration 007 and the declaration store on both state backends (PGlite and a real PostgreSQL
// started by the test): node-postgres returns bigint as text and jsonb parsed, PGlite its own way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Postgres, startPostgres } from "../../test/peers/postgres.js";
import { latestDeclaration, loadQuestionnaire, saveDeclaration } from "../src/digital-level/index.js";
import { openState } from "../src/state/open-state.js";
import { Registry } from "../src/state/registry.js";
import type { SqlClient } from "../src/state/sql-client.js";
import { freshDataDir, removeDataDirs } from "./helpers/data-dir.js";

let postgres: Postgres | undefined;
beforeAll(async () => {
  postgres = await startPostgres();
}, 180_000);
afterAll(async () => {
  await postgres?.stop();
  await removeDataDirs();
});

const stores: [string, () => Promise<SqlClient>][] = [
  ["embedded PGlite", async () => openState({ dataDir: await freshDataDir(), postgresUrl: undefined })],
  [
    "PostgreSQL",
    async () =>
      openState({ dataDir: "", postgresUrl: await (postgres as Postgres).createDatabase(`dl${Date.now()}`) }),
  ],
];

describe.each(stores)("SME digital level declarations on %s", (_name, open) => {
  let sql: SqlClient;
  const q = { id: "miit-sme-digital-level-manufacturing", version: "2024" };

  beforeAll(async () => {
    sql = await open();
    await new Registry(sql).createEnterprise("acme", "Acme");
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
  });

  it("has no declaration before the enterprise answers", async () => {
    expect(await latestDeclaration(sql, "acme", q)).toBeNull();
  });

  it("returns the latest submission with its time, who and source; a total-only import keeps no answers", async () => {
    const { questionnaire } = await loadQuestionnaire();
    expect([questionnaire.id, questionnaire.version]).toEqual([q.id, q.version]);
    const answers = { "foundation.network": ["B", "C"], "results.energy": ["C"] };
    await saveDeclaration(sql, "acme", q, {
      answers,
      total: null,
      source: "questionnaire",
      answeredBy: "enterprise:staff",
      answeredAt: 1_765_000_000_000,
    });
    expect(await latestDeclaration(sql, "acme", q)).toEqual({
      declaration: { kind: "answers", answers, answeredAt: new Date(1_765_000_000_000).toISOString() },
      source: "questionnaire",
      answeredBy: "enterprise:staff",
    });
    await saveDeclaration(sql, "acme", q, {
      answers: null,
      total: { score: 52.5, level: 2 },
      source: "national-import",
      answeredBy: "admin:ops",
      answeredAt: 1_765_000_060_000,
    });
    expect(await latestDeclaration(sql, "acme", q)).toEqual({
      declaration: {
        kind: "total",
        score: 52.5,
        level: 2,
        answeredAt: new Date(1_765_000_060_000).toISOString(),
      },
      source: "national-import",
      answeredBy: "admin:ops",
    });
    const rows = await sql.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM sme_digital_level_answers");
    expect(Number(rows[0]?.n)).toBe(2);
  });

  it("refuses a row with neither answers nor a total and level (the table's check)", async () => {
    await expect(
      sql.query(
        `INSERT INTO sme_digital_level_answers (ent, questionnaire, version, source, answered_by, answered_at)
         VALUES ('acme', 'x', '2024', 'questionnaire', 'admin:ops', 1)`,
      ),
    ).rejects.toThrow();
  });
});
