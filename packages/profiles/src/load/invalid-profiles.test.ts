import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadProfileFile } from "./parse-profile.js";
import { formatProfileError } from "./profile-error.js";

// Golden files (Telegraf's testcases habit): `<case>.yaml` is a broken profile, `<case>.expected.txt`
// the exact lines a person gets, with the file named as from the repository root.
const DIR = new URL("../../test-fixtures/invalid/", import.meta.url);
const DIR_FROM_ROOT = "packages/profiles/test-fixtures/invalid";
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

describe("invalid profiles (golden error text)", () => {
  it("cover at least the six classic mistakes", () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of cases) {
    it(`a broken profile produces an error naming file, line and path: ${name}`, async () => {
      const result = await loadProfileFile(fileURLToPath(new URL(name, DIR)), {
        file: `${DIR_FROM_ROOT}/${name}`,
      });
      const expected = await readFile(new URL(name.replace(/\.yaml$/, ".expected.txt"), DIR), "utf8");
      const actual = result.ok
        ? "(loads without error)\n"
        : `${result.errors.map(formatProfileError).join("\n")}\n`;
      expect(actual).toBe(expected);
    });
  }
});
