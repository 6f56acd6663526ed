import { describe, expect, it } from "vitest";
import {
  DAY,
  DAY_SHIFT,
  HOUR,
  local,
  MONDAY,
  SHANGHAI_OFFSET_MINUTES,
} from "../../test/indicator-scenarios/fixtures.js";
import { totalLength } from "./intervals.js";
import { type WorkingCalendar, WorkingCalendarSchema, workingIntervals } from "./working-calendar.js";

describe("workingIntervals", () => {
  it("places a Shanghai day shift at 00:00–10:00 UTC on weekdays only", () => {
    const week = workingIntervals(DAY_SHIFT, { from: MONDAY, to: MONDAY + 7 * DAY });
    expect(week).toHaveLength(5);
    expect(week[0]).toEqual({ from: local(0, "08:00"), to: local(0, "18:00") });
    expect(new Date(week[0]?.from ?? 0).toISOString()).toBe("2026-03-02T00:00:00.000Z");
    expect(totalLength(week)).toBe(50 * HOUR);
  });

  it("runs a night shift past midnight into the next date, following the day it starts on", () => {
    const nights: WorkingCalendar = {
      utcOffsetMinutes: SHANGHAI_OFFSET_MINUTES,
      weekly: [{ days: [5], start: "22:00", end: "06:00" }],
    };
    // Friday 22:00 to Saturday 06:00 only; the period starts on Saturday at 00:00.
    expect(workingIntervals(nights, { from: local(5, "00:00"), to: local(6, "00:00") })).toEqual([
      { from: local(5, "00:00"), to: local(5, "06:00") },
    ]);
    expect(workingIntervals(nights, { from: local(4, "00:00"), to: local(5, "00:00") })).toEqual([
      { from: local(4, "22:00"), to: local(5, "00:00") },
    ]);
  });

  it("treats 00:00–24:00 and 00:00–00:00 as the whole day", () => {
    for (const end of ["24:00", "00:00"]) {
      const calendar: WorkingCalendar = {
        utcOffsetMinutes: 480,
        weekly: [{ days: [1], start: "00:00", end }],
      };
      expect(totalLength(workingIntervals(calendar, { from: MONDAY, to: MONDAY + DAY }))).toBe(DAY);
    }
  });

  it("applies a holiday and a make-up working Saturday (调休) from the exceptions", () => {
    const calendar: WorkingCalendar = {
      ...DAY_SHIFT,
      exceptions: [
        { date: "2026-03-02", shifts: [] },
        { date: "2026-03-07", shifts: [{ start: "09:00", end: "12:00" }] },
      ],
    };
    const week = workingIntervals(calendar, { from: MONDAY, to: MONDAY + 7 * DAY });
    expect(totalLength(week)).toBe(40 * HOUR + 3 * HOUR);
    expect(week.at(-1)).toEqual({ from: local(5, "09:00"), to: local(5, "12:00") });
  });

  it("clips shifts to a period that starts mid-shift", () => {
    expect(workingIntervals(DAY_SHIFT, { from: local(0, "12:00"), to: local(0, "13:30") })).toEqual([
      { from: local(0, "12:00"), to: local(0, "13:30") },
    ]);
  });

  it("rejects malformed shift times at the boundary", () => {
    expect(() =>
      WorkingCalendarSchema.parse({
        utcOffsetMinutes: 480,
        weekly: [{ days: [1], start: "24:00", end: "08:00" }],
      }),
    ).toThrow();
    expect(() =>
      WorkingCalendarSchema.parse({
        utcOffsetMinutes: 480,
        weekly: [{ days: [8], start: "08:00", end: "18:00" }],
      }),
    ).toThrow();
  });
});
