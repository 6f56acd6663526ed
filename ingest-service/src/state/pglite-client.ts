import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { SqlClient, SqlExecutor } from "./sql-client.js";

const INT8_OID = 20;

/**
 * The embedded default: Postgres compiled to wasm, one data directory, zero setup. In Node its
 * files are written through to the OS on every commit (NODEFS), so a killed process loses
 * nothing that was committed. It runs one query at a time; that is the price of zero setup.
 */
export async function openPglite(dataDir: string | undefined): Promise<SqlClient> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const db = new PGlite(dataDir, { parsers: { [INT8_OID]: Number } });
  await db.waitReady;
  const executor = (target: Pick<PGlite, "query">): SqlExecutor => ({
    async query<T extends object>(text: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(text, params as unknown[]);
      return result.rows;
    },
  });
  return {
    dialect: "pglite",
    ...executor(db),
    async exec(script) {
      await db.exec(script);
    },
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    close: () => db.close(),
  };
}
