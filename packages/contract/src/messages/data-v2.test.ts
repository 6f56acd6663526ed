import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIssuePath } from "../frame/issue-path.js";
import { dataBodyArb, replySampleArb } from "../testing/arbitraries.js";
import { denseDataBody, ISSUE_16_SHAPE } from "../testing/frame-shape.js";
import { type DataBody, DataBodySchema } from "./data.js";
import { compactDataBody, DataBodyV2Schema, expandDataBody } from "./data-v2.js";
import { EXAMPLE_BODIES, EXAMPLE_BODIES_V2 } from "./examples.js";
import { ChallengeReplySchema } from "./reply.js";
import { ChallengeReplyV2Schema, compactReplyBody, expandReplyBody } from "./reply-v2.js";

/** A device's samples as per-signal sequences: what v2 keeps exactly (see expandBlocks). */
function bySignal(samples: readonly { s: string }[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = Object.create(null);
  for (const sample of samples) {
    const list = out[sample.s] ?? [];
    list.push(sample);
    out[sample.s] = list;
  }
  return out;
}

const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value));

function expectSameSamples(actual: DataBody, expected: DataBody) {
  const { devices: a, ...headerA } = actual;
  const { devices: e, ...headerE } = expected;
  expect(headerA).toEqual(headerE);
  expect(a.map((d) => d.dev)).toEqual(e.map((d) => d.dev));
  for (const [i, device] of a.entries()) {
    expect(device.samples).toHaveLength(e[i]?.samples.length ?? -1);
    expect(bySignal(device.samples)).toEqual(bySignal(e[i]?.samples ?? []));
  }
}

describe("data body version 2", () => {
  it("carries every sample of any v1 body: each signal's samples, in their order, come back", () => {
    fc.assert(
      fc.property(dataBodyArb, (body) => {
        const compact = asJson(compactDataBody(body));
        const parsed = DataBodyV2Schema.parse(compact);
        const expanded = expandDataBody(parsed);
        expect(DataBodySchema.parse(expanded)).toEqual(expanded);
        expectSameSamples(expanded, asJson(body));
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("gives back a polled body exactly, sample order included (one block per device)", () => {
    const body = denseDataBody(ISSUE_16_SHAPE);
    const compact = compactDataBody(body);
    for (const device of compact.devices) expect(device.blocks).toHaveLength(1);
    expect(expandDataBody(DataBodyV2Schema.parse(asJson(compact)))).toEqual(body);
  });

  it("has its example body valid, and it is what the v2 encoder makes of its own v1 form", () => {
    const example = DataBodyV2Schema.parse(EXAMPLE_BODIES_V2.data);
    const expanded = expandDataBody(example);
    expect(compactDataBody(expanded)).toEqual(EXAMPLE_BODIES_V2.data);
    expect(expanded.devices[1]?.samples).toEqual([
      { s: "power_active", v: 12.75, q: "good", t: EXAMPLE_BODIES_V2.data.t0 },
      { s: "energy_total", v: 48_211.4, q: "good", t: EXAMPLE_BODIES_V2.data.t0 },
      { s: "power_active", v: 12.8, q: "good", t: EXAMPLE_BODIES_V2.data.t0 + 2_000 },
      { s: "energy_total", v: null, q: "bad", t: EXAMPLE_BODIES_V2.data.t0 + 2_000 },
    ]);
  });

  it("keeps the loss block as it is", () => {
    const compact = compactDataBody(EXAMPLE_BODIES.data);
    expect(compact.loss).toEqual(EXAMPLE_BODIES.data.loss);
    expectSameSamples(expandDataBody(DataBodyV2Schema.parse(compact)), EXAMPLE_BODIES.data);
  });

  const block = () =>
    structuredClone(EXAMPLE_BODIES_V2.data.devices[1]?.blocks[0]) as Record<string, unknown>;
  const withBlock = (b: Record<string, unknown>, t0 = EXAMPLE_BODIES_V2.data.t0) => ({
    ...EXAMPLE_BODIES_V2.data,
    t0,
    devices: [{ dev: "meter-1", blocks: [b] }],
  });

  it.each([
    ["a column shorter than t", { v: [[12.75], [48_211.4, null]] }, "devices[0].blocks[0].v[0]"],
    ["fewer columns than signals", { v: [[12.75, 12.8]] }, "devices[0].blocks[0].v"],
    ["a quality pointing outside the block", { q: [[2, 0, "bad"]] }, "devices[0].blocks[0].q[0]"],
    [
      "a sample named twice in q",
      {
        q: [
          [1, 1, "bad"],
          [1, 1, "uncertain"],
        ],
      },
      "devices[0].blocks[0].q[1]",
    ],
    ["a quality spelt good (good is never listed)", { q: [[1, 1, "good"]] }, "devices[0].blocks[0].q[0][2]"],
    ["an empty q (omit it instead)", { q: [] }, "devices[0].blocks[0].q"],
    ["a time offset that is not an integer", { t: [0, 1.5] }, "devices[0].blocks[0].t[1]"],
    ["an unknown key", { x: 1 }, "devices[0].blocks[0]"],
  ])("refuses a block with %s", (_what, change, path) => {
    const result = DataBodyV2Schema.safeParse(withBlock({ ...block(), ...change }));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => formatIssuePath(issue.path))).toContain(path);
  });

  it("refuses times that leave the epoch range once added to t0", () => {
    expect(DataBodyV2Schema.safeParse(withBlock({ ...block(), t: [0, -2_000_000_000_000] })).success).toBe(
      false,
    );
    expect(DataBodyV2Schema.safeParse(withBlock({ ...block(), t: [-1, 10] }, 0)).success).toBe(false);
    expect(DataBodyV2Schema.safeParse(withBlock({ ...block(), t: [5, -5] }, 0)).success).toBe(true);
  });

  it("bounds the samples of a frame, counted as signals × times over every block", () => {
    const signals = Array.from({ length: 250 }, (_, j) => `s${j}`);
    const times = Array.from({ length: 201 }, () => 1);
    const big = { s: signals, t: times, v: signals.map(() => times.map(() => 1)) };
    const result = DataBodyV2Schema.safeParse(withBlock(big));
    expect(result.error?.issues[0]?.message).toBe("a data frame carries at most 50000 samples in total");
  });
});

describe("reply body version 2", () => {
  it("has its example valid, equal to EXAMPLE_BODIES.reply in its v2 form", () => {
    const example = ChallengeReplyV2Schema.parse(EXAMPLE_BODIES_V2.reply);
    expect(expandReplyBody(example)).toEqual(EXAMPLE_BODIES.reply);
    expect(compactReplyBody(EXAMPLE_BODIES.reply)).toEqual(EXAMPLE_BODIES_V2.reply);
  });

  it("carries any reply's samples, src included where a sample has one", () => {
    fc.assert(
      fc.property(fc.array(replySampleArb, { maxLength: 12 }), (samples) => {
        const reply = { ...EXAMPLE_BODIES.reply, samples };
        const compact = ChallengeReplyV2Schema.parse(asJson(compactReplyBody(reply)));
        const expanded = expandReplyBody(compact);
        expect(ChallengeReplySchema.parse(expanded)).toEqual(expanded);
        expect(bySignal(expanded.samples)).toEqual(bySignal(asJson(samples)));
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("keeps the ok/error rule of version 1", () => {
    const { error } = ChallengeReplyV2Schema.safeParse({ ...EXAMPLE_BODIES_V2.reply, ok: false });
    expect(error?.issues[0]?.message).toBe("a reply with ok: false must carry an error");
  });
});
