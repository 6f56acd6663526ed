import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { causeOfFailure, describeException, EXCEPTION_NAMES, MODBUS_ERRORS } from "./errors.js";

const README = new URL("./README.md", import.meta.url);

/** Table rows of README.md: `| cell | cell | cell |`, as arrays of trimmed cells. */
async function readmeRows(): Promise<string[][]> {
  const text = await readFile(README, "utf8");
  return text
    .split("\n")
    .filter((line) => line.startsWith("| "))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe("Modbus error registry", () => {
  it("README's troubleshooting table lists every code with the same meaning and how-to-solve", async () => {
    const documented: Record<string, { meaning: string; howToSolve: string }> = {};
    for (const [code, meaning, howToSolve] of await readmeRows()) {
      const name = /^`(ONRAMP_[A-Z_]+)`$/.exec(code ?? "")?.[1];
      if (name && meaning && howToSolve) documented[name] = { meaning, howToSolve };
    }
    expect(documented, "README.md is out of step with errors.ts").toEqual(MODBUS_ERRORS);
  });

  it("README's exception table names every exception code of Modbus Application Protocol v1.1b3 §7", async () => {
    const documented = Object.fromEntries(
      (await readmeRows())
        .filter(([code]) => /^[0-9A-F]{2}$/.test(code ?? ""))
        .map(([code, name]) => [Number.parseInt(code ?? "", 16), name]),
    );
    expect(documented).toEqual(EXCEPTION_NAMES);
  });

  it("words an exception with its code as the spec prints it and its name", () => {
    expect(describeException(2)).toBe("exception 02 ILLEGAL DATA ADDRESS");
    expect(describeException(11)).toBe("exception 0B GATEWAY TARGET DEVICE FAILED TO RESPOND");
    expect(describeException(0x42)).toBe("exception 42 UNKNOWN EXCEPTION CODE");
  });

  it("names the device, its URL and the request in a cause", () => {
    const where = {
      device: "press-3",
      url: "modbus-tcp://10.0.0.7?unit=3",
      request: "unit 3, FC3 holding 0+10",
    };
    expect(causeOfFailure({ kind: "timeout", timeoutMs: 1000 }, where)).toEqual({
      code: "ONRAMP_MODBUS_TIMEOUT",
      message:
        'device "press-3" at modbus-tcp://10.0.0.7?unit=3: no answer within 1000 ms (unit 3, FC3 holding 0+10)',
    });
    expect(causeOfFailure({ kind: "exception", exception: 4 }, where).message).toContain(
      "the device answered exception 04 SERVER DEVICE FAILURE",
    );
  });
});
