import { z } from "zod";
import { type Interval, normaliseIntervals } from "./intervals.js";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** "HH:MM" local time; "24:00" only as a shift end. */
const ShiftStart = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "start must be HH:MM, 00:00..23:59");
const ShiftEnd = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "end must be HH:MM, 00:00..24:00");

/**
 * One shift on a local date. An end at or before the start means the shift runs past midnight
 * into the next date (a night shift 22:00–06:00); "00:00"–"24:00" is the whole day.
 */
export const ShiftSchema = z.strictObject({ start: ShiftStart, end: ShiftEnd });
export type Shift = z.infer<typeof ShiftSchema>;

/** ISO 8601 weekday: 1 = Monday … 7 = Sunday. */
export const IsoWeekdaySchema = z.int().min(1).max(7);

export const WeeklyShiftSchema = z.strictObject({
  days: z.array(IsoWeekdaySchema).min(1),
  start: ShiftStart,
  end: ShiftEnd,
});
export type WeeklyShift = z.infer<typeof WeeklyShiftSchema>;

/**
 * A local date whose shifts replace the weekly pattern: a public holiday (no shifts) or a
 * make-up working day (调休) on a weekend.
 */
export const CalendarExceptionSchema = z.strictObject({
  date: z.iso.date(),
  shifts: z.array(ShiftSchema),
});
export type CalendarException = z.infer<typeof CalendarExceptionSchema>;

/**
 * An enterprise's declared working hours (INDICATORS §3 "declared working hours"), in a fixed
 * offset from UTC: China has no daylight saving, so Asia/Shanghai is +480 minutes all year.
 */
export const WorkingCalendarSchema = z.strictObject({
  utcOffsetMinutes: z
    .int()
    .min(-14 * 60)
    .max(14 * 60),
  weekly: z.array(WeeklyShiftSchema),
  exceptions: z.array(CalendarExceptionSchema).optional(),
});
export type WorkingCalendar = z.infer<typeof WorkingCalendarSchema>;

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The epoch day (days since 1970-01-01 in local time) of a local date "YYYY-MM-DD". */
function epochDayOf(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** 1970-01-01 was a Thursday (ISO weekday 4). */
function isoWeekdayOf(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

function shiftsOn(calendar: WorkingCalendar, epochDay: number, exceptions: Map<number, Shift[]>): Shift[] {
  const exception = exceptions.get(epochDay);
  if (exception !== undefined) return exception;
  const weekday = isoWeekdayOf(epochDay);
  return calendar.weekly.filter((shift) => shift.days.includes(weekday));
}

/**
 * The declared working time inside a period, as a normalised union of UTC intervals. A shift
 * belongs to the date it starts on, so the night shift of Sunday 22:00–Monday 06:00 follows
 * Sunday's pattern (or Sunday's exception).
 */
export function workingIntervals(calendar: WorkingCalendar, period: Interval): Interval[] {
  if (period.to <= period.from) return [];
  const offsetMs = calendar.utcOffsetMinutes * MINUTE_MS;
  const exceptions = new Map<number, Shift[]>();
  for (const exception of calendar.exceptions ?? [])
    exceptions.set(epochDayOf(exception.date), exception.shifts);
  // Start a day early: the previous date's night shift may run into the period.
  const firstDay = Math.floor((period.from + offsetMs) / DAY_MS) - 1;
  const lastDay = Math.floor((period.to - 1 + offsetMs) / DAY_MS);
  const intervals: Interval[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const midnightUtc = day * DAY_MS - offsetMs;
    for (const shift of shiftsOn(calendar, day, exceptions)) {
      const start = minutesOf(shift.start);
      let end = minutesOf(shift.end);
      if (end <= start) end += 24 * 60;
      const from = Math.max(period.from, midnightUtc + start * MINUTE_MS);
      const to = Math.min(period.to, midnightUtc + end * MINUTE_MS);
      if (to > from) intervals.push({ from, to });
    }
  }
  return normaliseIntervals(intervals);
}
