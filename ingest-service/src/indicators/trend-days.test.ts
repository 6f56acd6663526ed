import { describe, expect, it } from "vitest";
import { DAY, HOUR, MONDAY } from "../../test/indicator-scenarios/fixtures.js";
import { judgedPeriod, resolvePeriod } from "./period.js";
import { bucketFor, MAX_TREND_PERIOD_MS, trendBuckets } from "./trend-buckets.js";
import { aggregateDayFigures, aggregateDays, localDays } from "./trend-days.js";
import type { MemberTrendFigure, MemberTrendPoint } from "./trends.js";

/** A day's figure from its devices: `of` in the denominator, `counted` in the numerator. */
function day(of: string[], counted: string[], judged = true): MemberTrendFigure {
  return {
    value: of.length === 0 ? null : counted.length / of.length,
    numerator: counted.length,
    denominator: of.length,
    judged,
    counted,
    of,
  };
}

describe("aggregateDayFigures (a week or month from its days)", () => {
  it("counts a device only if it was counted on every judged day it was in the denominator", () => {
    // Mon–Fri worked and judged; a and b in every day, c registered on Wednesday.
    // a: counted every day → counts. b: off cloud on Thursday → does not count. c: counted
    // Wednesday to Friday (every day it existed) → counts. Denominator {a, b, c}: 2 / 3.
    const week = aggregateDayFigures([
      day(["a", "b"], ["a", "b"]),
      day(["a", "b"], ["a", "b"]),
      day(["a", "b", "c"], ["a", "b", "c"]),
      day(["a", "b", "c"], ["a", "c"]),
      day(["a", "b", "c"], ["a", "b", "c"]),
    ]);
    expect(week).toEqual({ value: 2 / 3, numerator: 2, denominator: 3, judged: true });
  });

  it("ignores days not judged (a weekend without working time) while a judged day exists", () => {
    // Saturday and Sunday: too little working time to judge, nobody counted; they change nothing.
    const week = aggregateDayFigures([
      day(["a", "b"], ["a"]),
      day(["a", "b"], ["a", "b"]),
      day(["a", "b", "d"], [], false),
      day(["a", "b", "d"], [], false),
    ]);
    // d appears only on unjudged days: not in the denominator. b missed Monday: 1 / 2.
    expect(week).toEqual({ value: 1 / 2, numerator: 1, denominator: 2, judged: true });
  });

  it("is not judged when no day was, and then uses every day under the same rule", () => {
    const week = aggregateDayFigures([day(["a"], ["a"], false), day(["a", "b"], ["a", "b"], false)]);
    expect(week).toEqual({ value: 1, numerator: 2, denominator: 2, judged: false });
  });

  it("has no value (judged, nothing to judge) when no device was in any denominator", () => {
    expect(aggregateDayFigures([day([], []), day([], [])])).toEqual({
      value: null,
      numerator: 0,
      denominator: 0,
      judged: true,
    });
  });

  it("is not judged when its days have no figures at all (frames past retention, never stored)", () => {
    expect(aggregateDayFigures([day([], [], false), day([], [], false)])).toEqual({
      value: null,
      numerator: 0,
      denominator: 0,
      judged: false,
    });
  });

  it("counts a device retired mid-week for the week if it was counted on every day it was there", () => {
    const week = aggregateDayFigures([day(["a", "r"], ["a", "r"]), day(["a"], [])]);
    // a was not counted on Tuesday: out. r was counted on the one day it existed: in.
    expect(week).toEqual({ value: 1 / 2, numerator: 1, denominator: 2, judged: true });
  });
});

describe("aggregateDays", () => {
  const point = (from: number, of: string[], counted: string[]): MemberTrendPoint => ({
    from,
    to: from + DAY,
    networking: day(of, counted),
    cnc: day([], []),
    onCloud: day(of, of),
  });

  it("gives each bucket the days that overlap it, a first bucket clipped mid-day keeping its day", () => {
    // Sunday before MONDAY, then Monday and Tuesday; the period starts Sunday 10:00 Beijing time.
    const days = [
      point(MONDAY - DAY, ["a"], ["a"]),
      point(MONDAY, ["a"], []),
      point(MONDAY + DAY, ["a"], ["a"]),
    ];
    const period = { from: MONDAY - DAY + 10 * HOUR, to: MONDAY + 2 * DAY };
    const buckets = trendBuckets(period, "week") ?? [];
    expect(buckets).toEqual([
      { from: period.from, to: MONDAY },
      { from: MONDAY, to: MONDAY + 2 * DAY },
    ]);
    const points = aggregateDays(days, buckets);
    expect(points.map((p) => p.networking.value)).toEqual([1, 0]);
    expect(points.map((p) => p.onCloud.value)).toEqual([1, 1]);
    expect(points[1]?.cnc).toEqual({ value: null, numerator: 0, denominator: 0, judged: true });
  });
});

describe("localDays", () => {
  it("cuts whole Beijing-time days, the first one starting at the midnight before the period", () => {
    const days = localDays({ from: MONDAY + 5 * HOUR, to: MONDAY + 2 * DAY + 1 }, 8 * HOUR);
    expect(days.map((d) => (d.from - MONDAY) / DAY)).toEqual([0, 1, 2]);
    expect(days.every((d) => d.to - d.from === DAY)).toBe(true);
  });
});

describe("buckets for long trends", () => {
  it("picks weeks up to a year and months beyond", () => {
    expect(bucketFor({ from: 0, to: 45 * DAY })).toBe("week");
    expect(bucketFor({ from: 0, to: 366 * DAY })).toBe("week");
    expect(bucketFor({ from: 0, to: 367 * DAY })).toBe("month");
    expect(MAX_TREND_PERIOD_MS).toBe(1098 * DAY);
  });

  it("cuts calendar months at Beijing-time month starts, across a year end", () => {
    // 2026-11-15 00:00 to 2027-02-10 00:00 Beijing time.
    const from = Date.UTC(2026, 10, 14, 16);
    const to = Date.UTC(2027, 1, 9, 16);
    const buckets = trendBuckets({ from, to }, "month") ?? [];
    expect(buckets).toEqual([
      { from, to: Date.UTC(2026, 10, 30, 16) },
      { from: Date.UTC(2026, 10, 30, 16), to: Date.UTC(2026, 11, 31, 16) },
      { from: Date.UTC(2026, 11, 31, 16), to: Date.UTC(2027, 0, 31, 16) },
      { from: Date.UTC(2027, 0, 31, 16), to },
    ]);
  });

  it("refuses hours over a long period but gives its weeks", () => {
    const period = { from: MONDAY, to: MONDAY + 45 * DAY };
    expect(trendBuckets(period, "hour")).toBeNull();
    expect(trendBuckets(period, "week")?.length).toBe(7);
  });
});

describe("judgedPeriod (issue 15 §4: a long named period judged on its last 31 days)", () => {
  const now = Date.UTC(2026, 11, 7, 2, 0); // 2026-12-07 10:00 Beijing time
  const registeredAt = now - 45 * DAY;
  const asked = resolvePeriod({ period: "since-registered" }, { now, registeredAt });
  if (!asked.ok) throw new Error(asked.message);

  it("keeps the period asked beside the last 31 days, both in words", () => {
    const judged = judgedPeriod(asked.period, 31 * DAY);
    expect(judged).toMatchObject({
      kind: "since-registered",
      from: now + 1 - 31 * DAY,
      to: now + 1,
      asked: { from: registeredAt, to: now + 1, label: asked.period.label },
    });
    expect(judged.label.en).toBe(
      "Since registration: 2026-10-23 10:00 to 2026-12-07 10:00 (Beijing time); judged on the last 31 days: 2026-11-06 10:00 to 2026-12-07 10:00 (Beijing time)",
    );
    expect(judged.label.zh).toBe(
      "自注册起：2026-10-23 10:00 至 2026-12-07 10:00（北京时间）；评判最近 31 天：2026-11-06 10:00 至 2026-12-07 10:00（北京时间）",
    );
  });

  it("leaves a period that fits, and a custom range (refused by the load, naming the limit), as they are", () => {
    const short = resolvePeriod({ period: "30d" }, { now });
    if (!short.ok) throw new Error(short.message);
    expect(judgedPeriod(short.period, 31 * DAY)).toBe(short.period);
    const custom = resolvePeriod({ from: registeredAt, to: now }, { now });
    if (!custom.ok) throw new Error(custom.message);
    expect(judgedPeriod(custom.period, 31 * DAY)).toBe(custom.period);
  });
});
