import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ERRORS } from "./errors.js";

const DOC = new URL("../docs/errors.md", import.meta.url);

/** Rows of the table in docs/errors.md: `| \`CODE\` | meaning | how to solve |`, cells padded or not. */
async function documentedErrors(): Promise<Record<string, { meaning: string; howToSolve: string }>> {
  const rows: Record<string, { meaning: string; howToSolve: string }> = {};
  for (const line of (await readFile(DOC, "utf8")).split("\n")) {
    const [, code, meaning, howToSolve] = line.split("|").map((cell) => cell.trim());
    const name = /^`([A-Z_]+)`$/.exec(code ?? "")?.[1];
    if (name && meaning && howToSolve) rows[name] = { meaning, howToSolve };
  }
  return rows;
}

describe("error registry", () => {
  it("docs/errors.md lists every code of src/errors.ts with the same meaning and how-to-solve", async () => {
    expect(await documentedErrors(), "docs/errors.md is out of step with src/errors.ts").toEqual(ERRORS);
  });

  it("every code is ONRAMP_ and upper snake case", () => {
    for (const code of Object.keys(ERRORS)) expect(code).toMatch(/^ONRAMP_[A-Z]+(_[A-Z]+)*$/);
  });
});
