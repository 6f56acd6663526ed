import { compactDataBody, type DataBody, expandDataBody } from "@onramp/contract";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linesOf, toLineProtocol } from "./line-protocol.js";
import { columnsOfBlocks, columnsOfSamples } from "./sample-columns.js";
import type { TelemetryPoint } from "./telemetry-store.js";

const point = (over: Partial<TelemetryPoint>): TelemetryPoint => ({
  ent: "acme",
  gw: "gw-1",
  dev: "lathe-3",
  profile: "dmg-mori/ctx-450@1.0.0",
  signal: "spindle_speed",
  t: 1767225600000,
  value: 1,
  quality: "good",
  ...over,
});

describe("line protocol layout", () => {
  it("puts identity in sorted tags and one field per signal, one line per device and timestamp", () => {
    expect(
      toLineProtocol([
        point({ value: 1250 }),
        point({ signal: "execution", value: "ACTIVE" }),
        point({ signal: "door", value: true, t: 1767225600001 }),
      ]),
    ).toEqual([
      'onramp_device,device=lathe-3,enterprise=acme,gateway=gw-1,profile=dmg-mori/ctx-450@1.0.0 spindle_speed=1250.0,execution="ACTIVE" 1767225600000',
      "onramp_device,device=lathe-3,enterprise=acme,gateway=gw-1,profile=dmg-mori/ctx-450@1.0.0 door=true 1767225600001",
    ]);
  });

  it("merges a device's fields into one line even when other devices' points come between", () => {
    const lines = toLineProtocol([
      point({ value: 1 }),
      point({ dev: "mill-1", value: 2 }),
      point({ signal: "feed_rate", value: 3 }),
      point({ dev: "mill-1", profile: "other/p@2.0.0", value: 4 }),
    ]);
    expect(lines).toEqual([
      "onramp_device,device=lathe-3,enterprise=acme,gateway=gw-1,profile=dmg-mori/ctx-450@1.0.0 spindle_speed=1.0,feed_rate=3.0 1767225600000",
      "onramp_device,device=mill-1,enterprise=acme,gateway=gw-1,profile=dmg-mori/ctx-450@1.0.0 spindle_speed=2.0 1767225600000",
      "onramp_device,device=mill-1,enterprise=acme,gateway=gw-1,profile=other/p@2.0.0 spindle_speed=4.0 1767225600000",
    ]);
  });

  it("writes quality beside the value when it is not good, and alone for a null value", () => {
    expect(
      toLineProtocol([
        point({ value: 3.5, quality: "uncertain" }),
        point({ signal: "temp", value: null, quality: "bad" }),
      ])[0],
    ).toMatch(/ spindle_speed=3.5,spindle_speed__q="uncertain",temp__q="bad" /);
  });

  it("always writes numbers as floats, so a field's type never changes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), (value) => {
        const [line] = toLineProtocol([point({ value })]);
        expect(line).toMatch(/ spindle_speed=-?[0-9.e+-]+ /);
        expect(line).not.toMatch(/ spindle_speed=-?\d+i /);
        expect(Number(/spindle_speed=([^ ,]+)/.exec(line ?? "")?.[1])).toBe(value === 0 ? 0 : value);
      }),
    );
  });

  it("escapes string values and tag values", () => {
    const [line] = toLineProtocol([point({ profile: "a b,c=d", value: 'say "hi" \\' })]);
    expect(line).toContain("profile=a\\ b\\,c\\=d ");
    expect(line).toContain('spindle_speed="say \\"hi\\" \\\\"');
  });
});

/**
 * The layout as the ingest built it before lines were made from runs (one Map entry per field,
 * keyed by series, then timestamp, then field): the runs-based builder must give the very same
 * lines for any points, repeats, nulls and interleavings included.
 */
function referenceLines(points: readonly TelemetryPoint[]): string[] {
  const esc = (text: string) => text.replace(/[,= \\]/g, (c) => `\\${c}`);
  const value = (v: number | boolean | string) =>
    typeof v === "number"
      ? Number.isInteger(v) && Math.abs(v) < 1e21
        ? `${v}.0`
        : String(v)
      : typeof v === "boolean"
        ? String(v)
        : `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  const bySeries = new Map<string, Map<number, Map<string, string>>>();
  for (const p of points) {
    const series = `onramp_device,device=${esc(p.dev)},enterprise=${esc(p.ent)},gateway=${esc(p.gw)},profile=${esc(p.profile)}`;
    const times = bySeries.get(series) ?? new Map<number, Map<string, string>>();
    bySeries.set(series, times);
    const fields = times.get(p.t) ?? new Map<string, string>();
    times.set(p.t, fields);
    const name = esc(p.signal);
    if (p.value !== null) fields.set(name, `${name}=${value(p.value)}`);
    if (p.value === null || p.quality !== "good") fields.set(`${name}__q`, `${name}__q="${p.quality}"`);
  }
  const out: string[] = [];
  for (const [series, byTime] of bySeries)
    for (const [t, fields] of byTime) out.push(`${series} ${[...fields.values()].join(",")} ${t}`);
  return out;
}

describe("lines built from runs", () => {
  const arbitraryPoint = fc.record({
    ent: fc.constantFrom("acme", "a b"),
    gw: fc.constantFrom("gw-1", "gw,2"),
    dev: fc.constantFrom("lathe-3", "mill-1", "x=y"),
    profile: fc.constantFrom("p@1.0.0", "unknown"),
    // Few names and times, so repeats of a field in a line are common; many names make wide lines.
    signal: fc.oneof(
      fc.constantFrom("s", "t", "s t", "s\\q"),
      fc.integer({ min: 0, max: 60 }).map((i) => `sig_${i}`),
    ),
    t: fc.integer({ min: 0, max: 3 }).map((k) => 1767225600000 + k),
    value: fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.string(),
      fc.constant(null),
    ),
    quality: fc.constantFrom("good", "uncertain", "bad"),
  }) as fc.Arbitrary<TelemetryPoint>;

  it("are the lines the point-by-point layout gives, whatever the points", () => {
    fc.assert(
      fc.property(fc.array(arbitraryPoint, { maxLength: 300 }), (points) => {
        expect(toLineProtocol(points)).toEqual(referenceLines(points));
      }),
      { numRuns: 300 },
    );
  });

  it("keep a field's place and last value on a wide line (more fields than a scan is used for)", () => {
    const onOneLine = arbitraryPoint.map((p) => ({ ...p, ent: "acme", gw: "gw-1", dev: "d", t: 1 }));
    fc.assert(
      fc.property(fc.array(onOneLine, { minLength: 40, maxLength: 200 }), (points) => {
        expect(toLineProtocol(points)).toEqual(referenceLines(points));
      }),
      { numRuns: 100 },
    );
  });

  it("are the same from a v2 body's blocks as from its samples", () => {
    const points = (body: DataBody) =>
      body.devices.flatMap(({ dev, samples }) =>
        samples.map((x) => ({
          ent: "acme",
          gw: "gw-1",
          dev,
          profile: "unknown",
          signal: x.s,
          t: x.t,
          value: x.v,
          quality: x.q,
        })),
      );
    fc.assert(
      fc.property(fc.array(arbitraryPoint, { maxLength: 200 }), (list) => {
        const body: DataBody = {
          ...{ v: 1, kind: "data", ent: "acme", gw: "gw-1", sess: "s".repeat(16), seq: 1, ts: 1 },
          devices: [
            {
              dev: "d",
              samples: list.map((p) => ({
                s: p.signal.replace(/[^a-z0-9_]/g, "_"),
                t: p.t,
                v: p.value,
                q: p.quality,
              })),
            },
          ].filter((d) => d.samples.length > 0),
        };
        const v2 = compactDataBody(body);
        const runs = v2.devices.map(({ dev, blocks }) => ({
          ...{ ent: "acme", gw: "gw-1", dev, profile: "unknown" },
          columns: columnsOfBlocks(v2.t0, blocks),
        }));
        expect(linesOf(runs)).toEqual(referenceLines(points(expandDataBody(v2))));
      }),
      { numRuns: 200 },
    );
  });

  it("are the same for a batch of runs as for its points", () => {
    const samples = Array.from({ length: 40 }, (_, i) => ({
      s: `signal_${i % 10}`,
      t: 1767225600000 + Math.floor(i / 10),
      v: i + 0.5,
      q: "good" as const,
    }));
    const run = {
      ent: "acme",
      gw: "gw-1",
      dev: "lathe-3",
      profile: "unknown",
      columns: columnsOfSamples(samples),
    };
    const points = samples.map((s) => ({ ...run, signal: s.s, t: s.t, value: s.v, quality: s.q }));
    expect(linesOf([run, run])).toEqual(referenceLines([...points, ...points]));
    expect(linesOf([run])).toHaveLength(4);
  });
});
