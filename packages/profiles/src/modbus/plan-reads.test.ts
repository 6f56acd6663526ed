import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModbusSource, registerCount } from "../schema/source.js";
import { naiveReadCount, planReads } from "./plan-reads.js";
import { type PlannedRead, type ReadableSignal, type ReadLimits, readLimitsFor } from "./planned-read.js";

function holding(id: string, address: number, dataType = "uint16", extra: object = {}): ReadableSignal {
  return { id, source: ModbusSource.parse({ table: "holding", address, dataType, ...extra }) };
}
function coil(id: string, address: number): ReadableSignal {
  return { id, source: ModbusSource.parse({ table: "coil", address, dataType: "bool" }) };
}
const summary = (reads: PlannedRead[]) => reads.map((r) => `${r.table}@${r.address}+${r.count}`);

describe("planReads", () => {
  it("merges neighbouring registers into one request", () => {
    const reads = planReads([holding("a", 0), holding("b", 1, "float32"), holding("c", 3)]);
    expect(reads).toEqual([
      {
        table: "holding",
        address: 0,
        count: 4,
        signals: [
          { id: "a", offset: 0, count: 1 },
          { id: "b", offset: 1, count: 2 },
          { id: "c", offset: 3, count: 1 },
        ],
      },
    ]);
  });

  it("reads through a hole of up to maxGap registers (default 10), not a larger one", () => {
    expect(summary(planReads([holding("a", 0), holding("b", 11)]))).toEqual(["holding@0+12"]);
    expect(summary(planReads([holding("a", 0), holding("b", 12)]))).toEqual(["holding@0+1", "holding@12+1"]);
    expect(summary(planReads([holding("a", 0), holding("b", 2)], { maxGap: 0 }))).toEqual([
      "holding@0+1",
      "holding@2+1",
    ]);
  });

  it("keeps every request within 125 registers (FC3/FC4)", () => {
    const signals = Array.from({ length: 130 }, (_, i) => holding(`s${i}`, i));
    expect(summary(planReads(signals))).toEqual(["holding@0+125", "holding@125+5"]);
  });

  it("honours maxRegistersPerRead and never splits one value over two requests", () => {
    const signals = [holding("a", 0, "float32"), holding("b", 2, "float32"), holding("c", 4, "float32")];
    expect(summary(planReads(signals, { maxRegistersPerRead: 5 }))).toEqual(["holding@0+4", "holding@4+2"]);
  });

  it("keeps coil and discrete requests within 2000 bits and reads through up to 80 bits", () => {
    const many = Array.from({ length: 2001 }, (_, i) => coil(`c${i}`, i));
    expect(summary(planReads(many))).toEqual(["coil@0+2000", "coil@2000+1"]);
    expect(summary(planReads([coil("a", 0), coil("b", 81)]))).toEqual(["coil@0+82"]);
    expect(summary(planReads([coil("a", 0), coil("b", 82)]))).toEqual(["coil@0+1", "coil@82+1"]);
    expect(summary(planReads([coil("a", 0), coil("b", 5)], { maxBitGap: 2, maxBitsPerRead: 3 }))).toEqual([
      "coil@0+1",
      "coil@5+1",
    ]);
  });

  it("lets two bits of one register share the read", () => {
    const reads = planReads([holding("run", 7, "bit", { bit: 0 }), holding("fault", 7, "bit", { bit: 3 })]);
    expect(reads).toEqual([
      {
        table: "holding",
        address: 7,
        count: 1,
        signals: [
          { id: "fault", offset: 0, count: 1 },
          { id: "run", offset: 0, count: 1 },
        ],
      },
    ]);
  });

  it("sends one request per signal with readGrouping one-per-signal, sharing only identical registers", () => {
    const signals = [
      holding("a", 0),
      holding("b", 1),
      holding("x", 5, "bit", { bit: 1 }),
      holding("y", 5, "bit", { bit: 2 }),
    ];
    expect(summary(planReads(signals, { readGrouping: "one-per-signal" }))).toEqual([
      "holding@0+1",
      "holding@1+1",
      "holding@5+1",
    ]);
  });

  it("orders requests by table (coil, discrete, input, holding), then address", () => {
    const input = { id: "i", source: ModbusSource.parse({ table: "input", address: 3, dataType: "int16" }) };
    expect(summary(planReads([holding("h", 500), input, coil("c", 9), holding("h0", 0)]))).toEqual([
      "coil@9+1",
      "input@3+1",
      "holding@0+1",
      "holding@500+1",
    ]);
  });

  it("rejects a signal wider than the per-request limit as a bug the schema prevents", () => {
    expect(() =>
      planReads([holding("name", 0, "string", { length: 20 })], { maxRegistersPerRead: 10 }),
    ).toThrow(RangeError);
  });

  it("takes its limits from a profile's workarounds", () => {
    expect(readLimitsFor({ maxGap: 0, readGrouping: "one-per-signal", pauseBetweenRequestsMs: 20 })).toEqual({
      maxGap: 0,
      readGrouping: "one-per-signal",
      maxRegistersPerRead: undefined,
      maxBitsPerRead: undefined,
      maxBitGap: undefined,
    });
    expect(readLimitsFor(undefined).maxGap).toBeUndefined();
  });
});

const signalArb: fc.Arbitrary<object> = fc.oneof(
  fc.record({
    table: fc.constantFrom("holding", "input"),
    address: fc.integer({ min: 0, max: 400 }),
    dataType: fc.constantFrom("int16", "uint16", "int32", "float32", "int64", "float64"),
  }),
  fc.record({
    table: fc.constant("holding"),
    address: fc.integer({ min: 0, max: 400 }),
    dataType: fc.constant("bit"),
    bit: fc.integer({ min: 0, max: 15 }),
  }),
  fc.record({
    table: fc.constant("input"),
    address: fc.integer({ min: 0, max: 400 }),
    dataType: fc.constant("string"),
    length: fc.integer({ min: 1, max: 10 }),
  }),
  fc.record({
    table: fc.constantFrom("coil", "discrete"),
    address: fc.integer({ min: 0, max: 3000 }),
    dataType: fc.constant("bool"),
  }),
);
const signalsArb = fc
  .array(signalArb, { minLength: 1, maxLength: 120 })
  .map((sources) => sources.map((s, i): ReadableSignal => ({ id: `s${i}`, source: ModbusSource.parse(s) })));
const withShuffled = signalsArb.chain((s) =>
  fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length })),
);
const limitsArb: fc.Arbitrary<ReadLimits> = fc.record(
  {
    maxRegistersPerRead: fc.integer({ min: 10, max: 125 }),
    maxBitsPerRead: fc.integer({ min: 1, max: 2000 }),
    maxGap: fc.integer({ min: 0, max: 30 }),
    maxBitGap: fc.integer({ min: 0, max: 200 }),
    readGrouping: fc.constantFrom("coalesce" as const, "one-per-signal" as const),
  },
  { requiredKeys: [] },
);

describe("planReads (properties)", () => {
  it("covers every signal exactly once, at its own address", () => {
    fc.assert(
      fc.property(signalsArb, limitsArb, (signals, limits) => {
        const reads = planReads(signals, limits);
        const slots = reads.flatMap((r) => r.signals.map((s) => ({ read: r, slot: s })));
        expect(slots.map((s) => s.slot.id).sort()).toEqual(signals.map((s) => s.id).sort());
        for (const { read, slot } of slots) {
          const source = signals.find((s) => s.id === slot.id)?.source;
          expect(read.table).toBe(source?.table);
          expect(read.address + slot.offset).toBe(source?.address);
          expect(slot.count).toBe(source && registerCount(source));
          expect(slot.offset + slot.count).toBeLessThanOrEqual(read.count);
        }
      }),
    );
  });

  it("keeps every request within the protocol and configured limits and the allowed gap", () => {
    fc.assert(
      fc.property(signalsArb, limitsArb, (signals, limits) => {
        for (const read of planReads(signals, limits)) {
          const isBits = read.table === "coil" || read.table === "discrete";
          const max = isBits
            ? Math.min(2000, limits.maxBitsPerRead ?? 2000)
            : Math.min(125, limits.maxRegistersPerRead ?? 125);
          expect(read.count).toBeGreaterThan(0);
          expect(read.count).toBeLessThanOrEqual(max);
          const maxGap = isBits ? (limits.maxBitGap ?? 80) : (limits.maxGap ?? 10);
          let reach = 0;
          for (const slot of read.signals) {
            expect(slot.offset - reach).toBeLessThanOrEqual(maxGap);
            reach = Math.max(reach, slot.offset + slot.count);
          }
        }
      }),
    );
  });

  it("needs no more requests than one per signal, and gives the same plan for any input order", () => {
    fc.assert(
      fc.property(withShuffled, limitsArb, ([signals, shuffled], limits) => {
        const reads = planReads(signals, limits);
        expect(reads.length).toBeLessThanOrEqual(naiveReadCount(signals));
        expect(planReads(shuffled, limits)).toEqual(reads);
      }),
    );
  });
});
