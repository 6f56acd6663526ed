import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exceedsJsonDepth, parseBoundedJson } from "./bounded-json.js";

const bytes = (text: string) => Buffer.from(text, "utf8");

/** Reference depth: the nesting of the parsed value. */
function depthOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe("exceedsJsonDepth", () => {
  it.each([
    ["a scalar", "1", 0],
    ["an empty object", "{}", 1],
    ["nested arrays", "[[[]]]", 3],
    ["objects in arrays", '[{"a":[{"b":{}}]}]', 5],
  ])("measures %s as depth %i", (_what, text, depth) => {
    expect(exceedsJsonDepth(bytes(text), depth)).toBe(false);
    if (depth > 0) expect(exceedsJsonDepth(bytes(text), depth - 1)).toBe(true);
  });

  it("does not count brackets inside strings, escaped quotes included", () => {
    expect(exceedsJsonDepth(bytes('["[[[{{{", "\\"[[[", "\\\\", "]]]"]'), 1)).toBe(false);
  });

  it("agrees with the depth of the parsed value for any JSON", () => {
    fc.assert(
      fc.property(fc.json({ depthSize: "medium" }), (text) => {
        const depth = depthOf(JSON.parse(text));
        expect(exceedsJsonDepth(bytes(text), depth)).toBe(false);
        if (depth > 0) expect(exceedsJsonDepth(bytes(text), depth - 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("scans 10,000 levels without recursion", () => {
    expect(exceedsJsonDepth(bytes(`${"[".repeat(10_000)}${"]".repeat(10_000)}`), 16)).toBe(true);
  });
});

describe("parseBoundedJson", () => {
  it("parses JSON within the bound", () => {
    expect(parseBoundedJson(bytes('{"a":[1,"é"]}'), 2)).toEqual({ ok: true, value: { a: [1, "é"] } });
  });

  it("refuses invalid UTF-8 rather than replace it", () => {
    expect(parseBoundedJson(Uint8Array.of(0x22, 0xff, 0x22), 16)).toMatchObject({
      ok: false,
      reason: "not-utf8",
    });
  });

  it("refuses a byte-order mark (RFC 8259 §8.1)", () => {
    expect(parseBoundedJson(bytes("\uFEFF{}"), 16)).toMatchObject({ ok: false, reason: "not-json" });
  });

  it("refuses text that is not JSON", () => {
    expect(parseBoundedJson(bytes("{a:1}"), 16)).toMatchObject({ ok: false, reason: "not-json" });
  });

  it.each([
    ["at the top level", '{"v":1,"v":2}'],
    ["in a nested object", '{"a":[{"s":"x","s":"y"}]}'],
    ["with an escaped spelling of the same key", '{"v":1,"\\u0076":2}'],
    ["named __proto__", '{"__proto__":1,"__proto__":2}'],
  ])("refuses a duplicate key %s", (_where, text) => {
    expect(parseBoundedJson(bytes(text), 16)).toMatchObject({ ok: false, reason: "duplicate-key" });
  });

  it("does not count colons inside strings as members", () => {
    expect(parseBoundedJson(bytes('{"a:b":"c:d","e":["f:g",{":":":"}]}'), 16)).toEqual({
      ok: true,
      value: { "a:b": "c:d", e: ["f:g", { ":": ":" }] },
    });
  });

  it("accepts every JSON value without duplicate keys, and refuses it once a key is repeated", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), (object) => {
        const text = JSON.stringify(object);
        expect(parseBoundedJson(bytes(text), 1000)).toMatchObject({ ok: true });
        const [key] = Object.keys(object);
        const repeated = `${text.slice(0, -1)},${JSON.stringify(key)}:0}`;
        expect(parseBoundedJson(bytes(repeated), 1000)).toMatchObject({ ok: false, reason: "duplicate-key" });
      }),
      { numRuns: 300 },
    );
  });
});
