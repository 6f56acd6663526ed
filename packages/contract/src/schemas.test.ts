import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { contractJsonSchemas } from "./json-schemas.js";

const dir = new URL("../schemas/", import.meta.url);
const FIX = "the committed JSON Schemas are out of date: run npm run schemas";

describe("committed JSON Schemas", () => {
  const generated = contractJsonSchemas();

  it("are exactly the generated set of files, none missing and none extra", () => {
    const committed = readdirSync(dir).filter((file) => file.endsWith(".json"));
    expect(committed.sort(), FIX).toEqual(Object.keys(generated).sort());
  });

  it.each(Object.keys(generated))("has %s identical to the one generated from the zod schemas", (file) => {
    const committed = readFileSync(new URL(file, dir), "utf8");
    expect(committed, FIX).toBe(`${JSON.stringify(generated[file], null, 2)}\n`);
  });

  it("give every schema a draft 2020-12 $schema and an $id under onramp.dev", () => {
    for (const [file, schema] of Object.entries(generated)) {
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema.$id).toBe(`https://onramp.dev/schemas/contract/${file}`);
    }
  });
});
