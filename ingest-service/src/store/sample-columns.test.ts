import { compactDataBody, type DataBody, expandDataBody, type Sample } from "@onramp/contract";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countSamples } from "../state/accounting.js";
import { encodeColumnTimes } from "../state/frame-log.js";
import { hourOf } from "../state/ledger.js";
import { deviceColumnsOf, samplesIn, samplesOf } from "./sample-columns.js";

// Few signal names and times, so blocks hold several signals, repeats and times across an hour.
const HOUR0 = 1767225600000;
const sampleArb: fc.Arbitrary<Sample> = fc.record({
  s: fc.constantFrom("a", "b", "c", "constructor", "7"),
  t: fc.constantFrom(HOUR0 - 1, HOUR0, HOUR0 + 5, HOUR0 + 3_600_000),
  v: fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.string(),
    fc.constant(null),
  ),
  q: fc.constantFrom("good", "good", "uncertain", "bad"),
});
const bodyArb: fc.Arbitrary<DataBody> = fc
  .array(
    fc.record({
      dev: fc.constantFrom("d1", "d2"),
      samples: fc.array(sampleArb, { minLength: 1, maxLength: 40 }),
    }),
    { maxLength: 3 },
  )
  .map((devices) => ({
    v: 1,
    kind: "data",
    ent: "acme",
    gw: "gw-1",
    sess: "s".repeat(16),
    seq: 1,
    ts: HOUR0,
    devices,
  }));

/** The frame log's times as they were encoded sample by sample, before columns. */
function referenceTimes(devices: DataBody["devices"]): string {
  return JSON.stringify(
    devices.map(({ dev, samples }) => {
      const times = new Map<string, number[]>();
      let t0 = Number.POSITIVE_INFINITY;
      let alive = false;
      for (const x of samples) {
        times.set(x.s, [...(times.get(x.s) ?? []), x.t]);
        t0 = Math.min(t0, x.t);
        alive ||= x.q === "good" && x.v !== null;
      }
      if (t0 === Number.POSITIVE_INFINITY) t0 = 0;
      const dt: Record<string, number[]> = {};
      for (const [s, list] of times) dt[s] = list.map((t) => t - t0);
      return alive ? { dev, t0, dt } : { dev, t0, dt, nv: 1 };
    }),
  );
}

describe("sample columns", () => {
  it("read back a v2 body's samples exactly as the contract expands them", () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        const v2 = compactDataBody(body);
        const expanded = expandDataBody(v2);
        const columns = deviceColumnsOf(v2);
        expect(columns.map((d) => ({ dev: d.dev, samples: [...samplesOf(d.columns)] }))).toEqual(
          expanded.devices,
        );
        expect(columns.map((d) => samplesIn(d.columns))).toEqual(
          expanded.devices.map((d) => d.samples.length),
        );
      }),
    );
  });

  it("read back a v1 body's samples in their listed order", () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        const columns = deviceColumnsOf(body);
        expect(columns.map((d) => ({ dev: d.dev, samples: [...samplesOf(d.columns)] }))).toEqual(
          body.devices,
        );
      }),
    );
  });

  it("give the frame log the times it stored sample by sample, for either form of a body", () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        const v2 = compactDataBody(body);
        expect(encodeColumnTimes(deviceColumnsOf(body))).toBe(referenceTimes(body.devices));
        expect(encodeColumnTimes(deviceColumnsOf(v2))).toBe(referenceTimes(expandDataBody(v2).devices));
      }),
    );
  });

  it("give the ledger the good samples with a value, per hour, for either form of a body", () => {
    const perHour = (samples: readonly Sample[]) => {
      const hours = new Map<number, number>();
      for (const x of samples)
        if (x.q === "good" && x.v !== null) hours.set(hourOf(x.t), (hours.get(hourOf(x.t)) ?? 0) + 1);
      return hours;
    };
    fc.assert(
      fc.property(bodyArb, (body) => {
        for (const form of [body, compactDataBody(body)]) {
          for (const [d, { columns }] of deviceColumnsOf(form).entries()) {
            const counted = new Map<number, number>();
            const total = countSamples(columns, (hour, n) => counted.set(hour, (counted.get(hour) ?? 0) + n));
            const expected = perHour(body.devices[d]?.samples ?? []);
            expect(counted).toEqual(expected);
            expect(total).toBe([...expected.values()].reduce((a, b) => a + b, 0));
          }
        }
      }),
    );
  });
});
