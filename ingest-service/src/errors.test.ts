import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INGEST_ERRORS } from "./errors.js";

const doc = readFileSync(new URL("../docs/errors.md", import.meta.url), "utf8");

/** The docs table rows, `| \`CODE\` | HTTP | message | how to solve |`, padding ignored. */
function documentedErrors(): Map<string, { status: number; message: string; solution: string }> {
  const rows = new Map<string, { status: number; message: string; solution: string }>();
  for (const line of doc.split("\n")) {
    const [code, status, message, solution] = line
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim());
    const name = /^`([A-Z0-9_]+)`$/.exec(code ?? "")?.[1];
    if (name && status && message && solution) rows.set(name, { status: Number(status), message, solution });
  }
  return rows;
}

describe("error registry", () => {
  it("is documented in docs/errors.md, code for code and word for word", () => {
    const registry = new Map(Object.entries(INGEST_ERRORS).map(([code, info]) => [code, { ...info }]));
    expect(documentedErrors(), "edit docs/errors.md and src/errors.ts together").toEqual(registry);
  });

  it("names every code ONRAMP_ in UPPER_SNAKE_CASE with an HTTP error status", () => {
    for (const [code, info] of Object.entries(INGEST_ERRORS)) {
      expect(code).toMatch(/^ONRAMP_[A-Z0-9_]+$/);
      expect(info.status).toBeGreaterThanOrEqual(400);
    }
  });
});
