import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "./errors.js";

const doc = readFileSync(new URL("../docs/errors.md", import.meta.url), "utf8");

/** The rows of the docs table, `| \`CODE\` | meaning | how to solve |`, padding ignored (Biome aligns it). */
function documentedErrors(): Map<string, { meaning: string; solution: string }> {
  const rows = new Map<string, { meaning: string; solution: string }>();
  for (const line of doc.split("\n")) {
    const [code, meaning, solution] = line
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim());
    const name = /^`([A-Z0-9_]+)`$/.exec(code ?? "")?.[1];
    if (name && meaning && solution) rows.set(name, { meaning, solution });
  }
  return rows;
}

describe("error registry", () => {
  it("is documented in docs/errors.md, code for code and word for word", () => {
    const registry = new Map(Object.entries(ERROR_CODES).map(([code, text]) => [code, { ...text }]));
    expect(documentedErrors(), "edit docs/errors.md and src/errors.ts together").toEqual(registry);
  });

  it("names every code ONRAMP_ in UPPER_SNAKE_CASE", () => {
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^ONRAMP_[A-Z0-9_]+$/);
  });
});
