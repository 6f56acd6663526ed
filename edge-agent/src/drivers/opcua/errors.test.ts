import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { OPCUA_ERRORS } from "./errors.js";

const README = new URL("./README.md", import.meta.url);

describe("OPC UA error registry", () => {
  it("README's troubleshooting table lists every code with the same meaning and how-to-solve", async () => {
    const documented: Record<string, { meaning: string; howToSolve: string }> = {};
    for (const line of (await readFile(README, "utf8")).split("\n")) {
      const cells = line.startsWith("| `ONRAMP_")
        ? line.split(" | ").map((c) => c.replace(/^\| |\s\|$/g, "").trim())
        : [];
      const [code, meaning, howToSolve] = cells;
      const name = /^`(ONRAMP_OPCUA_[A-Z_]+)`$/.exec(code ?? "")?.[1];
      if (name && meaning && howToSolve) documented[name] = { meaning, howToSolve };
    }
    expect(documented, "README.md is out of step with errors.ts").toEqual(OPCUA_ERRORS);
  });
});
