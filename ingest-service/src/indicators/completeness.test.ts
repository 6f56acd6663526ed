import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOUR, MINUTE, MONDAY, SECOND } from "../../test/indicator-scenarios/fixtures.js";
import { dataCompleteness } from "./completeness.js";
import type { HourlyLedgerRow, SignalSpec } from "./inputs.js";

const signals: SignalSpec[] = [
  { id: "a", role: "execution", heartbeatMs: 60 * SECOND },
  { id: "b", role: "spindle_speed", heartbeatMs: 10 * SECOND },
];
const device = { id: "lathe-1", signals };
const row = (hour: number, samples: number, samplesBySignal?: Record<string, number>): HourlyLedgerRow => ({
  device: "lathe-1",
  hourStart: MONDAY + hour * HOUR,
  frames: 10,
  samples,
  ...(samplesBySignal === undefined ? {} : { samplesBySignal }),
  gaps: 1,
  duplicates: 2,
  rejections: 0,
});
const window = { from: MONDAY, to: MONDAY + 4 * HOUR };

describe("dataCompleteness (INDICATORS §2.5)", () => {
  it("expects one sample per heartbeat per signal over the online time", () => {
    // 30 min online: 1800/60 + 1800/10 = 30 + 180 = 210 expected; 200 received.
    const online = [{ from: MONDAY, to: MONDAY + 30 * MINUTE }];
    const result = dataCompleteness(device, online, [row(0, 200)], window);
    expect(result).toMatchObject({ expected: 210, received: 200, value: 200 / 210, reason: null });
    expect(result.ledger).toEqual({ samples: 200, gaps: 1, duplicates: 2, rejections: 0 });
  });

  it("caps each signal at its expectation when the ledger counts per signal", () => {
    // a: min(40, 30) = 30; b: min(150, 180) = 150.
    const online = [{ from: MONDAY, to: MONDAY + 30 * MINUTE }];
    const result = dataCompleteness(device, online, [row(0, 190, { a: 40, b: 150 })], window);
    expect(result.received).toBe(180);
    expect(result.value).toBe(180 / 210);
  });

  it("does not let a chattering hour hide a silent one", () => {
    // Two online hours expecting 420 each; 1000 samples in the first, none in the second.
    const online = [{ from: MONDAY, to: MONDAY + 2 * HOUR }];
    const result = dataCompleteness(device, online, [row(0, 1000)], window);
    expect(result.value).toBe(0.5);
  });

  it("has no value without online time or without signals, with the reason", () => {
    expect(dataCompleteness(device, [], [row(0, 5)], window)).toMatchObject({
      value: null,
      reason: { code: "NO_ONLINE_TIME" },
    });
    const online = [{ from: MONDAY, to: MONDAY + HOUR }];
    expect(dataCompleteness({ id: "lathe-1", signals: [] }, online, [], window)).toMatchObject({
      value: null,
      reason: { code: "NO_SIGNALS" },
    });
  });

  it("ignores other devices' rows and hours outside the window", () => {
    const online = [{ from: MONDAY, to: MONDAY + HOUR }];
    const rows = [row(0, 420), { ...row(0, 999), device: "other" }, row(7, 999)];
    expect(dataCompleteness(device, online, rows, window)).toMatchObject({ value: 1, received: 420 });
  });

  it("is in [0, 1] or null, whatever the ledger says (property)", () => {
    const intervalArb = fc
      .tuple(fc.integer({ min: 0, max: 4 * HOUR }), fc.integer({ min: 0, max: 2 * HOUR }))
      .map(([from, length]) => ({ from: MONDAY + from, to: MONDAY + from + length }));
    const rowArb = fc.record({
      hour: fc.integer({ min: 0, max: 5 }),
      samples: fc.integer({ min: 0, max: 5_000 }),
      a: fc.integer({ min: 0, max: 500 }),
      bySignal: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(intervalArb, { maxLength: 5 }),
        fc.array(rowArb, { maxLength: 8 }),
        (online, rows) => {
          const ledger = rows.map((r) =>
            row(r.hour, r.samples, r.bySignal ? { a: r.a, b: r.samples } : undefined),
          );
          const { value } = dataCompleteness(device, online, ledger, window);
          if (value !== null) {
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});
