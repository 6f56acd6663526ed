import { describe, expect, it } from "vitest";
import { resolvePeriod } from "./period.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 2026-12-07 03:42 UTC = 11:42 Beijing time.
const NOW = Date.UTC(2026, 11, 7, 3, 42);

const ok = (r: ReturnType<typeof resolvePeriod>) => {
  if (!r.ok) throw new Error(r.message);
  return r.period;
};

describe("resolvePeriod", () => {
  it("keeps from/to as a custom range, the 24 hours up to now by default", () => {
    expect(ok(resolvePeriod({}, { now: NOW }))).toMatchObject({
      kind: "custom",
      from: NOW + 1 - DAY,
      to: NOW + 1,
    });
    const p = ok(resolvePeriod({ from: 1000, to: 5000 }, { now: NOW }));
    expect(p).toMatchObject({ kind: "custom", from: 1000, to: 5000 });
    expect(p.label.en).toBe("Custom range: 1970-01-01 08:00 to 1970-01-01 08:00 (Beijing time)");
  });

  it("starts today at midnight Beijing time (UTC+8), not UTC midnight, and ends now", () => {
    const p = ok(resolvePeriod({ period: "today" }, { now: NOW }));
    expect(p.from).toBe(Date.UTC(2026, 11, 6, 16, 0)); // 2026-12-07 00:00 +08:00
    expect(p.to).toBe(NOW + 1);
    expect(p.label).toEqual({
      zh: "今天（2026-12-07，截至 11:42，北京时间）",
      en: "Today (2026-12-07, up to 11:42, Beijing time)",
    });
  });

  it("treats 23:30 UTC as the next day in Beijing", () => {
    const late = Date.UTC(2026, 10, 30, 23, 30); // 2026-12-01 07:30 Beijing
    expect(ok(resolvePeriod({ period: "today" }, { now: late })).from).toBe(Date.UTC(2026, 10, 30, 16, 0));
  });

  it("takes the last 7 and 30 days up to now", () => {
    expect(ok(resolvePeriod({ period: "7d" }, { now: NOW }))).toMatchObject({
      from: NOW + 1 - 7 * DAY,
      to: NOW + 1,
    });
    const p = ok(resolvePeriod({ period: "30d" }, { now: NOW }));
    expect(p.to - p.from).toBe(30 * DAY);
    expect(p.label.zh).toMatch(/^最近 30 天：2026-11-07 11:42 至 2026-12-07 11:42（北京时间）$/);
  });

  it("bounds a past month by its Beijing-time month boundaries, February of a leap year included", () => {
    const nov = ok(resolvePeriod({ period: "month:2026-11" }, { now: NOW }));
    expect(nov).toMatchObject({
      kind: "month",
      from: Date.UTC(2026, 9, 31, 16),
      to: Date.UTC(2026, 10, 30, 16),
    });
    expect(nov.label).toEqual({ zh: "2026年11月（北京时间）", en: "November 2026 (Beijing time)" });
    const feb = ok(resolvePeriod({ period: "month:2028-02" }, { now: Date.UTC(2029, 0, 1) }));
    expect((feb.to - feb.from) / DAY).toBe(29);
    const dec = ok(resolvePeriod({ period: "month:2025-12" }, { now: NOW }));
    expect(dec.to).toBe(Date.UTC(2025, 11, 31, 16)); // 2026-01-01 00:00 +08:00: the year rolls over
  });

  it("takes the last 12 months to the same Beijing clock time a calendar year earlier", () => {
    const p = ok(resolvePeriod({ period: "12m" }, { now: NOW }));
    expect(p).toMatchObject({ kind: "12m", from: NOW + 1 - 365 * DAY, to: NOW + 1 });
    expect(p.label.en).toBe("Last 12 months: 2025-12-07 11:42 to 2026-12-07 11:42 (Beijing time)");
    expect(p.label.zh).toBe("最近 12 个月：2025-12-07 11:42 至 2026-12-07 11:42（北京时间）");
    // Across a leap day: 2028-03-01 back to 2027-03-01 is 366 days.
    const leap = ok(resolvePeriod({ period: "12m" }, { now: Date.UTC(2028, 1, 29, 20) }));
    expect((leap.to - leap.from) / DAY).toBe(366);
  });

  it("bounds a year by Beijing-time New Year, ends the current one now, refuses one not started", () => {
    const y = ok(resolvePeriod({ period: "year:2025" }, { now: NOW }));
    expect(y).toMatchObject({
      kind: "year",
      from: Date.UTC(2024, 11, 31, 16),
      to: Date.UTC(2025, 11, 31, 16),
    });
    expect(y.label).toEqual({ zh: "2025年（北京时间）", en: "Year 2025 (Beijing time)" });
    const now = ok(resolvePeriod({ period: "year:2026" }, { now: NOW }));
    expect(now).toMatchObject({ from: Date.UTC(2025, 11, 31, 16), to: NOW + 1 });
    expect(now.label.en).toBe("Year 2026 (up to 2026-12-07 11:42, Beijing time)");
    expect(resolvePeriod({ period: "year:2027" }, { now: NOW })).toEqual({
      ok: false,
      message: "year:2027 has not started yet",
    });
  });

  it("ends the current month now and says so", () => {
    const p = ok(resolvePeriod({ period: "month:2026-12" }, { now: NOW }));
    expect(p).toMatchObject({ from: Date.UTC(2026, 10, 30, 16), to: NOW + 1 });
    expect(p.label.en).toBe("December 2026 (up to 2026-12-07 11:42, Beijing time)");
  });

  it("refuses a month that has not started", () => {
    expect(resolvePeriod({ period: "month:2027-01" }, { now: NOW })).toEqual({
      ok: false,
      message: "month:2027-01 has not started yet",
    });
  });

  it("starts since-registered at the registration and refuses it when nothing is registered", () => {
    const registeredAt = NOW - 3 * HOUR;
    const p = ok(resolvePeriod({ period: "since-registered" }, { now: NOW, registeredAt }));
    expect(p).toMatchObject({ kind: "since-registered", from: registeredAt, to: NOW + 1 });
    expect(p.label.zh).toBe("自注册起：2026-12-07 08:42 至 2026-12-07 11:42（北京时间）");
    expect(resolvePeriod({ period: "since-registered" }, { now: NOW }).ok).toBe(false);
  });

  it("lets an explicit `to` end a named period early, never extend it", () => {
    expect(ok(resolvePeriod({ period: "7d", to: NOW - DAY }, { now: NOW })).to).toBe(NOW - DAY);
    expect(ok(resolvePeriod({ period: "7d", to: NOW + DAY }, { now: NOW })).to).toBe(NOW + 1);
    expect(resolvePeriod({ period: "today", to: Date.UTC(2026, 11, 6) }, { now: NOW }).ok).toBe(false);
  });

  it("names another fixed offset when an enterprise declares one", () => {
    const p = ok(resolvePeriod({ period: "today" }, { now: NOW, utcOffsetMinutes: 0 }));
    expect(p.from).toBe(Date.UTC(2026, 11, 7));
    expect(p.label.en).toBe("Today (2026-12-07, up to 03:42, UTC+00:00)");
  });
});
