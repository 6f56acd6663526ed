/**
 * The SQL port shared by the embedded store (PGlite) and PostgreSQL. Both speak the same SQL, so
 * one set of migrations and one set of queries serve both (`$1` placeholders, `ON CONFLICT`).
 * Integer columns are `bigint` (epoch milliseconds, counters) and come back as JavaScript numbers:
 * every value we store stays below 2^53.
 */
export interface SqlExecutor {
  query<T extends object>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface SqlClient extends SqlExecutor {
  readonly dialect: "pglite" | "postgres";
  /** Runs a multi-statement script without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `($1,$2),($3,$4)…` for a multi-row VALUES list, and the flat parameter array. */
export function valuesList(rows: readonly (readonly unknown[])[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const slots = row.map((value) => {
      params.push(value);
      return `$${params.length}`;
    });
    return `(${slots.join(",")})`;
  });
  return { sql: tuples.join(","), params };
}

/**
 * PostgreSQL caps a statement at 65,535 parameters; chunks keep multi-row statements well under
 * it whatever the column count.
 */
export function chunked<T>(items: readonly T[], size = 1000): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
