import { z } from "zod";
import { FixtureFile } from "./fixtures/fixture-schema.js";
import { Profile } from "./schema/profile.js";

export const PROFILE_SCHEMA_ID = "https://onramp.dev/schemas/profiles/profile.json";
export const FIXTURES_SCHEMA_ID = "https://onramp.dev/schemas/profiles/fixtures.json";

/**
 * JSON Schema (draft 2020-12) of a profile file, generated from the zod schema so the two never
 * disagree. `io: "input"` describes what a person writes (defaults optional), not what the loader
 * returns. Refinements (duplicate ids, namespace aliases…) do not translate to JSON Schema: the
 * editor catches the shape, the loader catches the rest.
 */
export function profileJsonSchema(): Record<string, unknown> {
  return withId(z.toJSONSchema(Profile, { io: "input" }), PROFILE_SCHEMA_ID);
}

export function fixturesJsonSchema(): Record<string, unknown> {
  return withId(z.toJSONSchema(FixtureFile, { io: "input" }), FIXTURES_SCHEMA_ID);
}

/** Where the committed schema files live, relative to the repository root. */
export const PROFILES_SCHEMA_DIR = "packages/profiles/schemas";

/**
 * Every JSON Schema this package publishes, by file name in `PROFILES_SCHEMA_DIR`; the root
 * `npm run schemas` writes them, and `json-schema.test.ts` fails when a committed file drifts.
 */
export function profilesJsonSchemas(): Record<string, object> {
  return { "profile.json": profileJsonSchema(), "fixtures.json": fixturesJsonSchema() };
}

function withId(schema: Record<string, unknown>, id: string): Record<string, unknown> {
  const { $schema, ...rest } = schema;
  return { $schema, $id: id, ...rest };
}
