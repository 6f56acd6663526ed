/**
 * When a machine is staffed and powered. Times are local wall-clock times of the factory,
 * given as a fixed UTC offset (no time-zone database: factories that change clocks twice a year
 * are simulated with the offset of the season under test).
 */
export interface Shift {
  /** "HH:MM", local time. */
  readonly start: string;
  /** "HH:MM", local time; at or before `start` means the shift ends the next day (night shift). */
  readonly end: string;
}

export interface ShiftSchedule {
  /** Days a shift may start on, 0 = Sunday … 6 = Saturday. */
  readonly workdays: readonly number[];
  readonly shifts: readonly Shift[];
  readonly utcOffsetMinutes: number;
}

/** Two shifts, Monday to Friday, 06:00–22:00, powered off at night and on weekends. */
export const TWO_SHIFTS: ShiftSchedule = {
  workdays: [1, 2, 3, 4, 5],
  shifts: [
    { start: "06:00", end: "14:00" },
    { start: "14:00", end: "22:00" },
  ],
  utcOffsetMinutes: 0,
};

/** Staffed around the clock (tests that must not meet a night). */
export const ALWAYS_ON: ShiftSchedule = {
  workdays: [0, 1, 2, 3, 4, 5, 6],
  shifts: [{ start: "00:00", end: "00:00" }],
  utcOffsetMinutes: 0,
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface Interval {
  readonly from: number;
  readonly to: number;
}

/** True when `t` (ms since the epoch) falls inside a shift. */
export function isWorkingTime(schedule: ShiftSchedule, t: number): boolean {
  return intervalsAround(schedule, t).some((i) => i.from <= t && t < i.to);
}

/**
 * The next instant after `t` at which working time starts or ends; Infinity when it never
 * changes (a schedule with no shifts, or one that is always on).
 */
export function nextScheduleChange(schedule: ShiftSchedule, t: number): number {
  const working = isWorkingTime(schedule, t);
  for (let probe = t; probe < t + 8 * DAY; ) {
    const intervals = intervalsAround(schedule, probe);
    const edges = intervals.flatMap((i) => [i.from, i.to]).filter((e) => e > probe);
    const candidate = edges.length > 0 ? Math.min(...edges) : probe + DAY;
    if (isWorkingTime(schedule, candidate) !== working) return candidate;
    probe = candidate;
  }
  return Number.POSITIVE_INFINITY;
}

/** Shift intervals (merged) of the local days around t: the day before, the day and the day after. */
function intervalsAround(schedule: ShiftSchedule, t: number): Interval[] {
  const offset = schedule.utcOffsetMinutes * MINUTE;
  const localMidnight = Math.floor((t + offset) / DAY) * DAY - offset;
  const raw: Interval[] = [];
  for (let d = -1; d <= 1; d++) {
    const midnight = localMidnight + d * DAY;
    const weekday = new Date(midnight + offset).getUTCDay();
    if (!schedule.workdays.includes(weekday)) continue;
    for (const shift of schedule.shifts) {
      const start = minutesOf(shift.start);
      let end = minutesOf(shift.end);
      if (end <= start) end += 24 * 60;
      raw.push({ from: midnight + start * MINUTE, to: midnight + end * MINUTE });
    }
  }
  return merge(raw);
}

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.from <= last.to) out[out.length - 1] = { from: last.from, to: Math.max(last.to, i.to) };
    else out.push(i);
  }
  return out;
}

function minutesOf(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`shift time "${hhmm}" is not HH:MM`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60) throw new Error(`shift time "${hhmm}" is past 24:00`);
  return minutes;
}
