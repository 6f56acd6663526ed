import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxItemBytes, planS7Reads, type S7Signal } from "./plan-reads.js";
import { answerBytes, MAX_ITEMS_PER_READ } from "./protocol.js";

const int = (id: string, db: number, offset: number): S7Signal => ({
  id,
  source: { area: "db", db, offset, dataType: "int" },
});
const limits = (pduSize: number, alone: string[] = []) => ({ pduSize, maxGap: 32, alone: new Set(alone) });

describe("S7 read planner", () => {
  it("coalesces neighbours of one DB into one item and keeps DBs and areas apart", () => {
    const plan = planS7Reads(
      [
        int("a", 1, 0),
        int("b", 1, 10),
        int("c", 1, 200),
        int("d", 2, 0),
        { id: "m", source: { area: "m", offset: 0, dataType: "byte" } },
      ],
      limits(480),
    );
    expect(plan.requests).toHaveLength(1);
    const items = plan.requests[0]?.items.map((p) => ({ ...p.item, ids: p.slots.map((s) => s.id) }));
    expect(items).toEqual([
      { area: "db", db: 1, start: 0, length: 12, ids: ["a", "b"] },
      { area: "db", db: 1, start: 200, length: 2, ids: ["c"] },
      { area: "db", db: 2, start: 0, length: 2, ids: ["d"] },
      { area: "m", db: 0, start: 0, length: 1, ids: ["m"] },
    ]);
  });

  it("reads remembered signals in items of their own", () => {
    const plan = planS7Reads([int("a", 1, 0), int("b", 1, 2)], limits(480, ["b"]));
    expect(plan.requests[0]?.items.map((p) => p.slots.map((s) => s.id))).toEqual([["a"], ["b"]]);
  });

  it("reports a value larger than one item of the PDU instead of splitting it", () => {
    const long: S7Signal = {
      id: "text",
      source: { area: "db", db: 1, offset: 0, dataType: "string", length: 254 },
    };
    expect(planS7Reads([long], limits(240)).tooLarge.map((s) => s.id)).toEqual(["text"]);
    expect(planS7Reads([long], limits(480)).tooLarge).toEqual([]);
  });

  it("every job fits the PDU both ways, has at most 20 items, and every signal is read exactly once", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2000 })), {
          minLength: 1,
          maxLength: 120,
        }),
        fc.constantFrom(240, 480, 960),
        (addresses, pduSize) => {
          const signals = addresses.map(([db, offset], i) => int(`s${i}`, db, offset));
          const plan = planS7Reads(signals, limits(pduSize));
          const seen: string[] = [];
          for (const request of plan.requests) {
            expect(request.items.length).toBeLessThanOrEqual(MAX_ITEMS_PER_READ);
            expect(12 + 12 * request.items.length).toBeLessThanOrEqual(pduSize);
            const answer = request.items.reduce((n, p, i) => {
              const bytes = answerBytes(p.item);
              const pad = i < request.items.length - 1 ? bytes % 2 : 0;
              return n + 4 + bytes + pad;
            }, 14);
            expect(answer).toBeLessThanOrEqual(pduSize);
            for (const p of request.items) {
              expect(p.item.length).toBeLessThanOrEqual(maxItemBytes(pduSize));
              for (const slot of p.slots) {
                expect(slot.offset + slot.size).toBeLessThanOrEqual(answerBytes(p.item));
                seen.push(slot.id);
              }
            }
          }
          expect(seen.sort()).toEqual(signals.map((s) => s.id).sort());
        },
      ),
    );
  });
});
