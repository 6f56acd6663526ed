import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EdgeNodeState } from "./edge-node.js";

describe("EdgeNodeState (Sparkplug B 3.0 §5.9 seq, §6.4.4 aliases)", () => {
  it("reads 255 → 0 as the next message, not as a gap or a late one", () => {
    const node = new EdgeNodeState(10);
    node.birth(0, 1000);
    for (let seq = 1; seq <= 255; seq++) expect(node.place(seq).kind).toBe("next");
    expect(node.place(0)).toEqual({ kind: "next", index: 256 });
    expect(node.place(1)).toEqual({ kind: "next", index: 257 });
  });

  it("counts the messages skipped by a jump as a gap, a repeat as a duplicate, an old seq as late", () => {
    const node = new EdgeNodeState(10);
    node.birth(3, 1000);
    expect(node.place(1).kind).toBe("next");
    expect(node.place(5)).toEqual({ kind: "gap", index: 5, missed: 3 });
    expect(node.place(5)).toEqual({ kind: "duplicate", index: 5 });
    expect(node.place(3)).toEqual({ kind: "late", index: 3 });
    expect(node.place(6)).toEqual({ kind: "next", index: 6 });
  });

  it("keeps the unwrapped index equal to messages sent, and gaps equal to messages lost (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 126 }), { maxLength: 400 }), (skips) => {
        const node = new EdgeNodeState(10);
        node.birth(0, 1);
        let sent = 0;
        let missed = 0;
        for (const skip of skips) {
          sent += skip + 1;
          const verdict = node.place(sent % 256);
          if (verdict.kind === "gap") missed += verdict.missed;
          else expect(verdict.kind).toBe(skip === 0 ? "next" : "gap");
          expect(verdict.index).toBe(sent);
        }
        expect(missed).toBe(skips.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it("starts afresh at each birth and forgets aliases and devices at a death", () => {
    const node = new EdgeNodeState(10);
    node.birth(0, 1000);
    expect(node.session).toBe("spb_0_1000");
    node.declareAlias(7, "Spindle/Speed");
    node.devices.add("CNC1");
    node.place(1);
    node.death();
    expect(node.isBorn).toBe(false);
    expect(node.nameOf(7)).toBeUndefined();
    expect(node.devices.size).toBe(0);
    node.birth(1, 2000);
    expect(node.session).toBe("spb_1_2000");
    expect(node.place(1)).toEqual({ kind: "next", index: 1 });
  });

  it("refuses aliases past its bound, keeping the ones it has", () => {
    const node = new EdgeNodeState(2);
    node.birth(0, 1);
    expect(node.declareAlias(1, "a")).toBe(true);
    expect(node.declareAlias(2, "b")).toBe(true);
    expect(node.declareAlias(3, "c")).toBe(false);
    expect(node.declareAlias(2, "b2")).toBe(true);
    expect([node.nameOf(1), node.nameOf(2), node.nameOf(3)]).toEqual(["a", "b2", undefined]);
  });
});
