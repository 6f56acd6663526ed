import { type IngestConfig, stateDir } from "../config.js";
import { migrate } from "./migrate.js";
import { openPostgres } from "./pg-client.js";
import { openPglite } from "./pglite-client.js";
import type { SqlClient } from "./sql-client.js";

/** PostgreSQL when a URL is configured, else the embedded PGlite in `dataDir/state`; migrated. */
export async function openState(config: Pick<IngestConfig, "postgresUrl" | "dataDir">): Promise<SqlClient> {
  const sql =
    config.postgresUrl === undefined
      ? await openPglite(stateDir(config))
      : await openPostgres(config.postgresUrl);
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return sql;
}
