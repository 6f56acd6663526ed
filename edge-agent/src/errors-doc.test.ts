import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL(".", import.meta.url).pathname;
const ERRORS_DOC = new URL("../docs/errors.md", import.meta.url).pathname;

/** Where each family of codes is documented, with meaning and how to solve. */
const DRIVER_TABLES: Readonly<Record<string, string>> = {
  ONRAMP_MODBUS_: "drivers/modbus/README.md",
  ONRAMP_OPCUA_: "drivers/opcua/README.md",
  ONRAMP_S7_: "drivers/s7/README.md",
  ONRAMP_MTCONNECT_: "drivers/mtconnect/README.md",
};

/** Every `ONRAMP_…` code the agent's source writes as a string literal (tests excluded). */
async function emittedCodes(): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  const files = (await readdir(SRC, { recursive: true })).filter(
    (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
  );
  for (const file of files) {
    const text = await readFile(join(SRC, file), "utf8");
    for (const [, code] of text.matchAll(/["'`](ONRAMP_[A-Z0-9_]+)/g))
      if (code !== undefined && !codes.has(code)) codes.set(code, file);
  }
  return codes;
}

/** The rows of the doc's tables: code → [meaning, how to solve]. */
function tableRows(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const code = /^`(ONRAMP_[A-Z0-9_]+)`$/.exec(cells[1] ?? "")?.[1];
    if (code !== undefined) rows.set(code, cells.slice(2, -1));
  }
  return rows;
}

describe("docs/errors.md", () => {
  it("documents every code the agent emits, with its meaning and how to solve it", async () => {
    const doc = await readFile(ERRORS_DOC, "utf8");
    const rows = tableRows(doc);
    const codes = await emittedCodes();
    expect(codes.size).toBeGreaterThan(40);
    const missing: string[] = [];
    for (const [code, file] of codes) {
      const family = Object.keys(DRIVER_TABLES).find((prefix) => code.startsWith(prefix));
      if (family !== undefined) {
        const readme = DRIVER_TABLES[family] ?? "";
        expect(doc, `errors.md links ${readme}`).toContain(`../src/${readme}`);
        const driverDoc = await readFile(join(SRC, readme), "utf8");
        if (!driverDoc.includes(`\`${code}\``)) missing.push(`${code} (${file}) in ${readme}`);
        continue;
      }
      const row = rows.get(code);
      if (row === undefined) missing.push(`${code} (${file}) in docs/errors.md`);
      else
        expect(
          row.length === 2 && row.every((cell) => cell.length > 0),
          `${code}: meaning and how to solve`,
        ).toBe(true);
    }
    expect(missing, "codes emitted but not documented").toEqual([]);
  });

  it("lists no code the agent no longer emits", async () => {
    const codes = await emittedCodes();
    const stale = [...tableRows(await readFile(ERRORS_DOC, "utf8")).keys()].filter(
      (code) => !codes.has(code),
    );
    expect(stale).toEqual([]);
  });
});
