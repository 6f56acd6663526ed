import { describe, expect, it } from "vitest";
import { createRandom, noiseAt } from "./random.js";
import {
  ALWAYS_ON,
  isWorkingTime,
  nextScheduleChange,
  type ShiftSchedule,
  TWO_SHIFTS,
} from "./shift-schedule.js";

const MONDAY = Date.UTC(2026, 0, 5); // 2026-01-05 is a Monday
const at = (day: number, hh: number, mm = 0) => MONDAY + day * 86_400_000 + (hh * 60 + mm) * 60_000;

describe("shift schedule", () => {
  it("works 06:00–22:00 on weekdays and powers off at night and on weekends", () => {
    expect(isWorkingTime(TWO_SHIFTS, at(0, 5, 59))).toBe(false);
    expect(isWorkingTime(TWO_SHIFTS, at(0, 6))).toBe(true);
    expect(isWorkingTime(TWO_SHIFTS, at(0, 14))).toBe(true);
    expect(isWorkingTime(TWO_SHIFTS, at(0, 22))).toBe(false);
    expect(isWorkingTime(TWO_SHIFTS, at(5, 10))).toBe(false); // Saturday
    expect(isWorkingTime(TWO_SHIFTS, at(6, 10))).toBe(false); // Sunday
  });

  it("finds the next change across the merged shift boundary and over the weekend", () => {
    expect(nextScheduleChange(TWO_SHIFTS, at(0, 7))).toBe(at(0, 22));
    expect(nextScheduleChange(TWO_SHIFTS, at(0, 23))).toBe(at(1, 6));
    expect(nextScheduleChange(TWO_SHIFTS, at(4, 22))).toBe(at(7, 6)); // Friday night → Monday
  });

  it("runs a night shift past midnight and honours the factory's UTC offset", () => {
    const night: ShiftSchedule = {
      workdays: [1],
      shifts: [{ start: "22:00", end: "06:00" }],
      utcOffsetMinutes: 480,
    };
    // 22:00 local (UTC+8) on Monday is 14:00 UTC.
    expect(isWorkingTime(night, at(0, 13, 59))).toBe(false);
    expect(isWorkingTime(night, at(0, 14))).toBe(true);
    expect(isWorkingTime(night, at(0, 21, 59))).toBe(true);
    expect(nextScheduleChange(night, at(0, 15))).toBe(at(0, 22));
  });

  it("never changes when always on", () => {
    expect(isWorkingTime(ALWAYS_ON, at(6, 3))).toBe(true);
    expect(nextScheduleChange(ALWAYS_ON, at(2, 12))).toBe(Number.POSITIVE_INFINITY);
  });

  it("rejects malformed times", () => {
    const bad: ShiftSchedule = {
      workdays: [1],
      shifts: [{ start: "6:00", end: "14:00" }],
      utcOffsetMinutes: 0,
    };
    expect(() => isWorkingTime(bad, at(0, 7))).toThrow(/HH:MM/);
  });
});

describe("seeded randomness", () => {
  it("repeats the same sequence for the same seed and differs for another", () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("gives noise as a pure function of seed and key", () => {
    expect(noiseAt(3, 1000)).toBe(noiseAt(3, 1000));
    expect(noiseAt(3, 1000)).not.toBe(noiseAt(3, 1001));
    const samples = Array.from({ length: 1000 }, (_, i) => noiseAt(9, i));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...samples)).toBeLessThan(1);
  });
});
