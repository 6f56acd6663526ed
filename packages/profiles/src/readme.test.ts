import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseFixtures } from "./fixtures/load-fixtures.js";
import { runFixtures } from "./fixtures/run-fixtures.js";
import { parseProfile } from "./load/parse-profile.js";
import { formatProfileError } from "./load/profile-error.js";
import { compileProfile } from "./normalise/compile-profile.js";

const README = new URL("../README.md", import.meta.url);

/** The YAML block following `<!-- example: NAME -->` in the README. */
async function example(name: string): Promise<string> {
  const text = await readFile(README, "utf8");
  const match = new RegExp(`<!-- example: ${name} -->\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!match?.[1]) throw new Error(`README.md has no "${name}" example`);
  return match[1];
}

describe("README examples", () => {
  it("the example profile loads and its example fixtures pass, covering every signal", async () => {
    const profile = parseProfile(await example("profile"), "README.md (profile)");
    expect(profile.ok ? [] : profile.errors.map(formatProfileError)).toEqual([]);
    const fixtures = parseFixtures(await example("fixtures"), "README.md (fixtures)");
    expect(fixtures.ok ? [] : fixtures.errors.map(formatProfileError)).toEqual([]);
    if (!profile.ok || !fixtures.ok) return;
    const report = runFixtures(compileProfile(profile.profile), fixtures, profile.locator);
    const errors = [...report.cases.flatMap((c) => c.errors), ...report.uncovered].map(formatProfileError);
    expect(errors).toEqual([]);
  });
});
