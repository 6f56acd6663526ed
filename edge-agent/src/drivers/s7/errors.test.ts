import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { causeOfS7Failure, describeItemReturn, S7_ERRORS } from "./errors.js";

const README = new URL("./README.md", import.meta.url);

describe("S7 error registry", () => {
  it("README's troubleshooting table lists every code with the same meaning and how-to-solve", async () => {
    const documented: Record<string, { meaning: string; howToSolve: string }> = {};
    for (const line of (await readFile(README, "utf8")).split("\n")) {
      const [code, meaning, howToSolve] = line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim());
      const name = /^`(ONRAMP_S7_[A-Z_]+)`$/.exec(code ?? "")?.[1];
      if (name && meaning && howToSolve) documented[name] = { meaning, howToSolve };
    }
    expect(documented, "README.md is out of step with errors.ts").toEqual(S7_ERRORS);
  });

  it("names the device, its URL and the job in a cause", () => {
    const where = { device: "line-3", url: "s7://10.0.0.20?slot=1", request: "read var" };
    expect(causeOfS7Failure({ kind: "timeout", timeoutMs: 2000, during: "read var" }, where)).toEqual({
      code: "ONRAMP_S7_TIMEOUT",
      message: 'device "line-3" at s7://10.0.0.20?slot=1: no answer to read var within 2000 ms (read var)',
    });
    expect(describeItemReturn(0x0a)).toBe("return code 0x0a (object does not exist)");
    expect(describeItemReturn(0x42)).toBe("return code 0x42 (unknown)");
  });
});
