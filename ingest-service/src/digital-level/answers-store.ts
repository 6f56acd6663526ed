import type { SqlExecutor } from "../state/sql-client.js";
import type { Declaration } from "./digital-level.js";
import type { Questionnaire } from "./questionnaire.js";
import type { Answers, Level } from "./scoring.js";

/** How a declaration came in: the questionnaire (dashboard or API) or an import of the national result. */
export type DeclarationSource = "questionnaire" | "national-import";

export interface StoredDeclaration {
  readonly declaration: Declaration;
  readonly source: DeclarationSource;
  readonly answeredBy: string;
}

interface Row {
  answers: Answers | null;
  totalScore: number | null;
  totalLevel: number | null;
  source: DeclarationSource;
  answeredBy: string;
  answeredAt: string | number;
}

/** Keeps every submission (migration 007); the latest counts. */
export async function saveDeclaration(
  sql: SqlExecutor,
  ent: string,
  q: Pick<Questionnaire, "id" | "version">,
  entry: {
    answers: Answers | null;
    total: { score: number; level: Level } | null;
    source: DeclarationSource;
    answeredBy: string;
    answeredAt: number;
  },
): Promise<void> {
  await sql.query(
    `INSERT INTO sme_digital_level_answers
       (ent, questionnaire, version, answers, total_score, total_level, source, answered_by, answered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      ent,
      q.id,
      q.version,
      entry.answers === null ? null : JSON.stringify(entry.answers),
      entry.total?.score ?? null,
      entry.total?.level ?? null,
      entry.source,
      entry.answeredBy,
      entry.answeredAt,
    ],
  );
}

/** The enterprise's latest declaration for this questionnaire, or null when it has none. */
export async function latestDeclaration(
  sql: SqlExecutor,
  ent: string,
  q: Pick<Questionnaire, "id" | "version">,
): Promise<StoredDeclaration | null> {
  const rows = await sql.query<Row>(
    `SELECT answers, total_score AS "totalScore", total_level AS "totalLevel", source,
            answered_by AS "answeredBy", answered_at AS "answeredAt"
       FROM sme_digital_level_answers
      WHERE ent = $1 AND questionnaire = $2 AND version = $3
      ORDER BY answered_at DESC LIMIT 1`,
    [ent, q.id, q.version],
  );
  const row = rows[0];
  if (row === undefined) return null;
  // bigint columns come back as strings from node-postgres.
  const answeredAt = new Date(Number(row.answeredAt)).toISOString();
  const declaration: Declaration =
    row.answers !== null
      ? { kind: "answers", answers: row.answers, answeredAt }
      : { kind: "total", score: row.totalScore ?? 0, level: (row.totalLevel ?? 0) as Level, answeredAt };
  return { declaration, source: row.source, answeredBy: row.answeredBy };
}
