import { join } from "node:path";
import { type IngestConfig, stateDir } from "../config.js";
import { lockDataDir } from "./data-dir-lock.js";
import { migrate } from "./migrate.js";
import { openPostgres } from "./pg-client.js";
import { openPglite } from "./pglite-client.js";
import type { SqlClient } from "./sql-client.js";

/**
 * PostgreSQL when a URL is configured, else the embedded PGlite in `dataDir/state`, locked for
 * this process until closed (state/data-dir-lock.ts; PostgreSQL serves many processes itself);
 * migrated.
 */
export async function openState(config: Pick<IngestConfig, "postgresUrl" | "dataDir">): Promise<SqlClient> {
  const sql =
    config.postgresUrl === undefined
      ? await openLockedPglite(config.dataDir)
      : await openPostgres(config.postgresUrl);
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return sql;
}

async function openLockedPglite(dataDir: string): Promise<SqlClient> {
  const lock = await lockDataDir(join(dataDir, "state.lock"));
  try {
    const sql = await openPglite(stateDir({ dataDir }));
    return {
      ...sql,
      close: async () => {
        try {
          await sql.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
