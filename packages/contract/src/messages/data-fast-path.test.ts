import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dataBodyArb } from "../testing/arbitraries.js";
import { DataBodySchema } from "./data.js";
import { acceptDataBody } from "./data-fast-path.js";
import { EXAMPLE_BODIES } from "./examples.js";

/** Values that break one rule or another, or none: what a mutation may put anywhere in a body. */
const oddValue = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    8_640_000_000_000_001,
    "",
    "Lathe",
    "a".repeat(65),
    "x".repeat(1025),
    "good",
    "bad",
    "data",
    [],
    {},
    true,
  ),
  fc.jsonValue(),
);

type Path = (string | number)[];

/** Every path of a JSON-like value, so a mutation can hit any field, array item or key. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.keys() : Object.keys(value);
  return [
    prefix,
    ...[...keys].flatMap((k) => pathsOf((value as Record<string, unknown>)[k], [...prefix, k])),
  ];
}

function mutate(body: unknown, path: Path, value: unknown, action: "set" | "delete" | "extra"): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  if (path.length === 0) return action === "set" ? value : copy;
  const parent = path
    .slice(0, -1)
    .reduce<Record<string | number, unknown>>(
      (node, key) => node[key] as Record<string | number, unknown>,
      copy,
    );
  const last = path.at(-1) as string | number;
  if (action === "delete") delete parent[last];
  else if (action === "extra" && typeof parent === "object" && !Array.isArray(parent)) parent.extra = value;
  else parent[last] = value;
  return copy;
}

const mutatedBody = dataBodyArb.chain((body) =>
  fc
    .tuple(
      fc.constantFrom(...pathsOf(body)),
      oddValue,
      fc.constantFrom("set", "delete", "extra") as fc.Arbitrary<"set" | "delete" | "extra">,
    )
    .map(([path, value, action]) => mutate(body, path, value, action)),
);

/** The example data body without its `loss` block (a body with one always goes to zod). */
const { loss: _loss, ...example } = EXAMPLE_BODIES.data;

describe("acceptDataBody", () => {
  it("accepts a data body without a loss block, as DataBodySchema does", () => {
    expect(acceptDataBody(example)).toEqual(DataBodySchema.parse(example));
  });

  it("leaves a body with a loss block to DataBodySchema", () => {
    expect(EXAMPLE_BODIES.data.loss).toBeDefined();
    expect(acceptDataBody(EXAMPLE_BODIES.data)).toBeUndefined();
  });

  it("accepts every valid body without loss that the generator makes (so it is really the fast path)", () => {
    fc.assert(
      fc.property(dataBodyArb, (body) => {
        const { loss: _loss, ...withoutLoss } = body;
        expect(acceptDataBody(withoutLoss)).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it("never accepts what DataBodySchema refuses, and accepts only with DataBodySchema's result", () => {
    fc.assert(
      fc.property(fc.oneof(mutatedBody, dataBodyArb, fc.jsonValue()), (value) => {
        const accepted = acceptDataBody(value);
        if (accepted === undefined) return;
        const parsed = DataBodySchema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(accepted).toEqual(parsed.data);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ["a sample with an extra key", ["devices", 0, "samples", 0, "x"], 1],
    ["a sample time that is not an integer", ["devices", 0, "samples", 0, "t"], 1.5],
    ["a quality outside the three", ["devices", 0, "samples", 0, "q"], "fine"],
    ["a signal id with capitals", ["devices", 0, "samples", 0, "s"], "Spindle"],
    ["a text value over the bound", ["devices", 0, "samples", 0, "v"], "x".repeat(1025)],
    ["a device id of the wrong charset", ["devices", 0, "dev"], "Lathe 3"],
    ["a wrong contract version", ["v"], 2],
  ] as const)("leaves %s to DataBodySchema", (_what, path, value) => {
    const body = mutate(example, [...path], value, "set");
    expect(acceptDataBody(body)).toBeUndefined();
    expect(DataBodySchema.safeParse(body).success).toBe(false);
  });
});
