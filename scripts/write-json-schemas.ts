// Writes the committed JSON Schemas from the zod schemas (`npm run schemas`). Each package that
// publishes schemas adds one entry below; each package's own test fails when its committed files
// drift from what this script would write.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { contractJsonSchemas } from "@onramp/contract";
import { PROFILES_SCHEMA_DIR, profilesJsonSchemas } from "@onramp/profiles";

interface SchemaSet {
  /** Output directory, relative to the repository root. */
  dir: string;
  /** File name → JSON Schema document. */
  schemas: Record<string, unknown>;
}

const SCHEMA_SETS: SchemaSet[] = [
  { dir: "packages/contract/schemas", schemas: contractJsonSchemas() },
  { dir: PROFILES_SCHEMA_DIR, schemas: profilesJsonSchemas() },
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

for (const { dir, schemas } of SCHEMA_SETS) {
  const outDir = join(root, dir);
  await mkdir(outDir, { recursive: true });
  // Remove schemas that are no longer generated, so the directory mirrors the code exactly.
  for (const file of await readdir(outDir)) {
    if (file.endsWith(".json") && !(file in schemas)) await rm(join(outDir, file));
  }
  for (const [file, schema] of Object.entries(schemas)) {
    // Stable text: 2-space JSON and a trailing newline, the form the drift tests compare against.
    await writeFile(join(outDir, file), `${JSON.stringify(schema, null, 2)}\n`);
  }
  console.log(`wrote ${Object.keys(schemas).length} schemas to ${dir}`);
}
