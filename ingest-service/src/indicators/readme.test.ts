import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "./params.js";

const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");

describe("README", () => {
  it("lists every threshold with the default the code has", () => {
    const documented = new Map(
      [...readme.matchAll(/^\| `([a-zA-Z]+\.[a-zA-Z]+)` *\| `(.+?)` *\|$/gm)].map((m) => [m[1], m[2]]),
    );
    const actual = new Map(
      Object.entries(DEFAULT_PARAMS).flatMap(([group, values]) =>
        Object.entries(values).map(([name, value]) => [`${group}.${name}`, JSON.stringify(value)]),
      ),
    );
    expect(documented).toEqual(actual);
  });
});
