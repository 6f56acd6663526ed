import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { PROFILES_SCHEMA_DIR, profilesJsonSchemas } from "./json-schema.js";

const REPO_ROOT = new URL("../../../", import.meta.url);

describe("committed JSON Schemas", () => {
  for (const [file, schema] of Object.entries(profilesJsonSchemas())) {
    const path = `${PROFILES_SCHEMA_DIR}/${file}`;
    it(`${path} matches the zod schema`, async () => {
      const committed = await readFile(new URL(path, REPO_ROOT), "utf8").catch(() => "null");
      expect(JSON.parse(committed), `${path} is out of date: run npm run schemas`).toEqual(schema);
    });
  }
});
