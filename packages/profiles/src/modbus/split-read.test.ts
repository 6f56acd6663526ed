import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModbusSource } from "../schema/source.js";
import { planReads } from "./plan-reads.js";
import type { PlannedRead, ReadableSignal } from "./planned-read.js";
import { splitRead } from "./split-read.js";

function holding(id: string, address: number, dataType = "uint16", extra: object = {}): ReadableSignal {
  return { id, source: ModbusSource.parse({ table: "holding", address, dataType, ...extra }) };
}
const summary = (reads: readonly PlannedRead[] | null) =>
  reads?.map((r) => `${r.address}+${r.count}:${r.signals.map((s) => `${s.id}@${s.offset}`).join(",")}`);

describe("splitRead", () => {
  it("splits a coalesced read at its largest hole, where an unmapped register is likeliest", () => {
    const [read] = planReads([holding("a", 0), holding("b", 3), holding("c", 4), holding("d", 9, "float32")]);
    expect(read && summary(splitRead(read))).toEqual(["0+5:a@0,b@3,c@4", "9+2:d@0"]);
  });

  it("with no hole, splits between signals nearest the middle", () => {
    const [read] = planReads(["a", "b", "c", "d", "e", "f"].map((id, i) => holding(id, 100 + i)));
    expect(read && summary(splitRead(read))).toEqual(["100+3:a@0,b@1,c@2", "103+3:d@0,e@1,f@2"]);
  });

  it("keeps signals that share registers together", () => {
    const [read] = planReads([
      holding("x", 5, "bit", { bit: 1 }),
      holding("y", 5, "bit", { bit: 2 }),
      holding("z", 6),
    ]);
    expect(read && summary(splitRead(read))).toEqual(["5+1:x@0,y@0", "6+1:z@0"]);
  });

  it("returns null when the read holds one signal or only signals sharing registers", () => {
    const [single] = planReads([holding("a", 0, "float64")]);
    expect(single && splitRead(single)).toBeNull();
    const [shared] = planReads([holding("s", 0, "string", { length: 4 }), holding("t", 1)]);
    expect(shared && splitRead(shared)).toBeNull();
  });

  it("narrows down to single signals when applied repeatedly (property)", () => {
    const addresses = fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(addresses, (list) => {
        const signals = list.map((a, i) => holding(`s${i}`, a));
        const pending = planReads(signals, { maxGap: 124 });
        const done: PlannedRead[] = [];
        while (pending.length > 0) {
          const read = pending.pop() as PlannedRead;
          const halves = splitRead(read);
          if (halves === null) {
            expect(read.signals).toHaveLength(1);
            done.push(read);
            continue;
          }
          for (const half of halves) {
            expect(half.count).toBeLessThan(read.count);
            expect(half.address).toBeGreaterThanOrEqual(read.address);
          }
          pending.push(...halves);
        }
        expect(done.map((r) => r.address).sort((a, b) => a - b)).toEqual([...list].sort((a, b) => a - b));
      }),
    );
  });
});
