import { z } from "zod";
import { type Interval } from "./intervals.js";
/**
 * One shift on a local date. An end at or before the start means the shift runs past midnight
 * into the next date (a night shift 22:00–06:00); "00:00"–"24:00" is the whole day.
 */
export declare const ShiftSchema: z.ZodObject<{
    start: z.ZodString;
    end: z.ZodString;
}, z.core.$strict>;
export type Shift = z.infer<typeof ShiftSchema>;
/** ISO 8601 weekday: 1 = Monday … 7 = Sunday. */
export declare const IsoWeekdaySchema: z.ZodInt;
export declare const WeeklyShiftSchema: z.ZodObject<{
    days: z.ZodArray<z.ZodInt>;
    start: z.ZodString;
    end: z.ZodString;
}, z.core.$strict>;
export type WeeklyShift = z.infer<typeof WeeklyShiftSchema>;
/**
 * A local date whose shifts replace the weekly pattern: a public holiday (no shifts) or a
 * make-up working day (调休) on a weekend.
 */
export declare const CalendarExceptionSchema: z.ZodObject<{
    date: z.ZodISODate;
    shifts: z.ZodArray<z.ZodObject<{
        start: z.ZodString;
        end: z.ZodString;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type CalendarException = z.infer<typeof CalendarExceptionSchema>;
/**
 * An enterprise's declared working hours (INDICATORS §3 "declared working hours"), in a fixed
 * offset from UTC: China has no daylight saving, so Asia/Shanghai is +480 minutes all year.
 */
export declare const WorkingCalendarSchema: z.ZodObject<{
    utcOffsetMinutes: z.ZodInt;
    weekly: z.ZodArray<z.ZodObject<{
        days: z.ZodArray<z.ZodInt>;
        start: z.ZodString;
        end: z.ZodString;
    }, z.core.$strict>>;
    exceptions: z.ZodOptional<z.ZodArray<z.ZodObject<{
        date: z.ZodISODate;
        shifts: z.ZodArray<z.ZodObject<{
            start: z.ZodString;
            end: z.ZodString;
        }, z.core.$strict>>;
    }, z.core.$strict>>>;
}, z.core.$strict>;
export type WorkingCalendar = z.infer<typeof WorkingCalendarSchema>;
/**
 * The declared working time inside a period, as a normalised union of UTC intervals. A shift
 * belongs to the date it starts on, so the night shift of Sunday 22:00–Monday 06:00 follows
 * Sunday's pattern (or Sunday's exception).
 */
export declare function workingIntervals(calendar: WorkingCalendar, period: Interval): Interval[];
