import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { MTCONNECT_ERRORS } from "./errors.js";

describe("MTConnect error registry", () => {
  it("README's troubleshooting table lists every code with the same meaning and how-to-solve", async () => {
    const documented: Record<string, { meaning: string; howToSolve: string }> = {};
    for (const line of (await readFile(new URL("./README.md", import.meta.url), "utf8")).split("\n")) {
      const [code, meaning, howToSolve] = line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim());
      const name = /^`(ONRAMP_MTCONNECT_[A-Z_]+)`$/.exec(code ?? "")?.[1];
      if (name && meaning && howToSolve) documented[name] = { meaning, howToSolve };
    }
    expect(documented, "README.md is out of step with errors.ts").toEqual(MTCONNECT_ERRORS);
  });
});
