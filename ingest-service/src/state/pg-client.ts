import pg from "pg";
import type { SqlClient, SqlExecutor } from "./sql-client.js";

const INT8_OID = 20;

/** PostgreSQL for production: a pool, shared by every ingest instance of the deployment. */
export async function openPostgres(url: string, maxConnections = 8): Promise<SqlClient> {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    types: {
      getTypeParser: (oid: number, format?: "text" | "binary") =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format),
    } as pg.CustomTypesConfig,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const check = await pool.connect();
  check.release();
  const executor = (target: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async query<T extends object>(text: string, params: readonly unknown[] = []) {
      const result = await target.query(text, params as unknown[]);
      return result.rows as T[];
    },
  });
  return {
    dialect: "postgres",
    ...executor(pool),
    async exec(script) {
      await pool.query(script);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(executor(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
