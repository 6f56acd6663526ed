import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openState } from "../../src/state/open-state.js";

// PGlite's first open runs initdb (≈ 5 s on 2 cores); a migrated template copied per test costs
// milliseconds. The template is named after the migrations it holds and published by an atomic rename.
const MIGRATIONS = new URL("../../src/state/migrations/", import.meta.url);

async function templatePath(): Promise<string> {
  const hash = createHash("sha256");
  for (const name of (await readdir(MIGRATIONS)).sort())
    hash.update(name).update(await readFile(new URL(name, MIGRATIONS)));
  return join(tmpdir(), `onramp-ingest-pglite-${hash.digest("hex").slice(0, 16)}`);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function template(): Promise<string> {
  const TEMPLATE = await templatePath();
  if (await exists(TEMPLATE)) return TEMPLATE;
  const building = await mkdtemp(`${TEMPLATE}-building-`);
  const sql = await openState({ dataDir: building, postgresUrl: undefined });
  await sql.close();
  await rename(building, TEMPLATE).catch(async () => {
    // Another test file won the race: use its template.
    await rm(building, { recursive: true, force: true });
  });
  return TEMPLATE;
}

const made: string[] = [];

/** A data directory with a migrated embedded state store, removed by `removeDataDirs`. */
export async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "onramp-ingest-test-"));
  await cp(join(await template(), "state"), join(dir, "state"), { recursive: true });
  made.push(dir);
  return dir;
}

export async function removeDataDirs(): Promise<void> {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
}
