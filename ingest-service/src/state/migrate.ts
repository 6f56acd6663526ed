import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { SqlClient } from "./sql-client.js";

const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

/**
 * Applies `migrations/NNN_name.sql` in order, each once, each in its own transaction. The same
 * files run on PGlite and PostgreSQL. An advisory lock serialises instances starting together.
 * `through` stops after the named file (tests write rows as an earlier schema had them).
 * Returns the names applied by this call.
 */
export async function migrate(sql: SqlClient, options: { through?: string } = {}): Promise<string[]> {
  await sql.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at bigint NOT NULL)",
  );
  const files = (await readdir(MIGRATIONS_DIR))
    .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
    .filter((name) => options.through === undefined || name <= options.through)
    .sort();
  const applied: string[] = [];
  for (const name of files) {
    const script = await readFile(`${MIGRATIONS_DIR}${name}`, "utf8");
    const didApply = await sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(7243001)");
      const done = await tx.query("SELECT 1 FROM schema_migrations WHERE name = $1", [name]);
      if (done.length > 0) return false;
      // One statement per call: both drivers run parameterless single statements the same way.
      for (const statement of splitStatements(script)) await tx.query(statement);
      await tx.query("INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)", [name, Date.now()]);
      return true;
    });
    if (didApply) applied.push(name);
  }
  return applied;
}

/** Our migrations are plain DDL (no functions, no `;` inside literals): split on statement ends. */
function splitStatements(script: string): string[] {
  return script
    .replace(/--[^\n]*/g, "")
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
