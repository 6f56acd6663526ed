import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { REFERENCE_FILE, renderConfigReference } from "./config-reference.js";

describe("docs/config-reference.md", () => {
  it("matches the agent's config schema (regenerate: npx tsx scripts/config-reference.ts)", async () => {
    expect(await readFile(REFERENCE_FILE, "utf8")).toBe(renderConfigReference());
  });
});
