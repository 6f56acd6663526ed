import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dataBodyArb } from "../testing/arbitraries.js";
import { denseDataBody, ISSUE_16_SHAPE } from "../testing/frame-shape.js";
import { compactDataBody, DataBodyV2Schema, expandDataBody } from "./data-v2.js";
import { acceptDataBodyV2 } from "./data-v2-fast-path.js";
import { EXAMPLE_BODIES_V2 } from "./examples.js";

/** Values that break one rule or another, or none: what a mutation may put anywhere in a body. */
const oddValue = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    -1,
    0,
    1,
    2,
    1.5,
    Number.NaN,
    2 ** 53,
    -8_640_000_000_000_001,
    8_640_000_000_000_001,
    "",
    "Lathe",
    "x".repeat(1025),
    "good",
    "bad",
    "uncertain",
    [],
    [1],
    [[0, 0, "bad"]],
    {},
    true,
  ),
  fc.jsonValue(),
);

type Path = (string | number)[];

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
  else if (action === "extra" && Array.isArray(parent)) parent.push(value);
  else parent[last] = value;
  return copy;
}

/** Valid v2 bodies without loss: v1 bodies from the generator in their v2 form, and the example. */
const compactArb = fc.oneof(
  dataBodyArb.map((body) => {
    const { loss: _loss, ...rest } = JSON.parse(JSON.stringify(compactDataBody(body)));
    return rest;
  }),
  fc.constant(EXAMPLE_BODIES_V2.data),
);

const mutatedBody = compactArb.chain((body) =>
  fc
    .tuple(
      fc.constantFrom(...pathsOf(body)),
      oddValue,
      fc.constantFrom("set", "delete", "extra") as fc.Arbitrary<"set" | "delete" | "extra">,
    )
    .map(([path, value, action]) => mutate(body, path, value, action)),
);

describe("acceptDataBodyV2", () => {
  it("accepts the example and a polled body, with the v1 form DataBodyV2Schema's result expands to", () => {
    expect(acceptDataBodyV2(EXAMPLE_BODIES_V2.data)).toEqual(
      expandDataBody(DataBodyV2Schema.parse(EXAMPLE_BODIES_V2.data)),
    );
    const dense = denseDataBody(ISSUE_16_SHAPE);
    expect(acceptDataBodyV2(JSON.parse(JSON.stringify(compactDataBody(dense))))).toEqual(dense);
  });

  it("leaves a body with a loss block to DataBodyV2Schema", () => {
    expect(
      acceptDataBodyV2({ ...EXAMPLE_BODIES_V2.data, loss: { frames: 1, samples: 2, since: 3 } }),
    ).toBeUndefined();
  });

  it("accepts every valid body without loss the generator makes (so it is really the fast path)", () => {
    fc.assert(
      fc.property(compactArb, (body) => {
        expect(acceptDataBodyV2(body)).toBeDefined();
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("never accepts what DataBodyV2Schema refuses, and accepts only with its result in v1 form", () => {
    fc.assert(
      fc.property(fc.oneof(mutatedBody, compactArb, fc.jsonValue()), (value) => {
        const accepted = acceptDataBodyV2(value);
        if (accepted === undefined) return;
        const parsed = DataBodyV2Schema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(accepted).toEqual(expandDataBody(parsed.data as Parameters<typeof expandDataBody>[0]));
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  const meter = (change: Record<string, unknown>) => ({
    ...EXAMPLE_BODIES_V2.data,
    devices: [{ dev: "meter-1", blocks: [{ ...EXAMPLE_BODIES_V2.data.devices[1]?.blocks[0], ...change }] }],
  });

  it.each([
    ["a column shorter than t", meter({ v: [[1], [2, 3]] })],
    ["a quality outside the block", meter({ q: [[0, 2, "bad"]] })],
    [
      "a quality named twice",
      meter({
        q: [
          [0, 0, "bad"],
          [0, 0, "bad"],
        ],
      }),
    ],
    ["a time before the epoch", meter({ t: [-1_767_225_606_000] })],
    ["a signal id with capitals", meter({ s: ["Power", "energy_total"] })],
    ["a wrong version", { ...EXAMPLE_BODIES_V2.data, v: 1 }],
  ])("leaves %s to DataBodyV2Schema, which refuses it", (_what, body) => {
    expect(acceptDataBodyV2(body)).toBeUndefined();
    expect(DataBodyV2Schema.safeParse(body).success).toBe(false);
  });
});
