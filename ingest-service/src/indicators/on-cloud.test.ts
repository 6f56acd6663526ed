import { describe, expect, it } from "vitest";
import {
  frameEvents,
  local,
  MINUTE,
  SECOND,
  SHANGHAI_OFFSET_MINUTES,
} from "../../test/indicator-scenarios/fixtures.js";
import type { Completeness } from "./completeness.js";
import type { PresenceEvent } from "./inputs.js";
import { onCloudForPeriod } from "./on-cloud.js";
import { DEFAULT_PARAMS } from "./params.js";
import { onlineIntervals, presenceIntervals } from "./presence.js";
import { type WorkingCalendar, workingIntervals } from "./working-calendar.js";

const params = DEFAULT_PARAMS.onCloud;
const complete = (value: number | null): Completeness => ({
  value,
  reason: null,
  received: 0,
  expected: 0,
  ledger: { samples: 0, gaps: 0, duplicates: 0, rejections: 0 },
});
const mondayShift = [{ from: local(0, "08:00"), to: local(0, "18:00") }];

describe("onCloudForPeriod (INDICATORS §3)", () => {
  it("is on cloud at exactly 80 % of working hours online with 90 % completeness", () => {
    const online = [{ from: local(0, "08:00"), to: local(0, "16:00") }];
    expect(onCloudForPeriod(mondayShift, online, complete(0.9), params)).toMatchObject({
      onCloud: true,
      onlineShare: 0.8,
      shortfalls: [],
    });
  });

  it("is not on cloud one minute short of 80 %, or below 90 % completeness", () => {
    const short = [{ from: local(0, "08:00"), to: local(0, "15:59") }];
    expect(onCloudForPeriod(mondayShift, short, complete(1), params)).toMatchObject({
      onCloud: false,
      shortfalls: ["ONLINE_SHARE_BELOW_MINIMUM"],
    });
    expect(onCloudForPeriod(mondayShift, mondayShift, complete(0.89), params)).toMatchObject({
      onCloud: false,
      shortfalls: ["COMPLETENESS_BELOW_MINIMUM"],
    });
    expect(onCloudForPeriod(mondayShift, mondayShift, complete(null), params).shortfalls).toEqual([
      "COMPLETENESS_NOT_COMPUTABLE",
    ]);
  });

  it("counts only online time inside working hours", () => {
    const online = [{ from: local(0, "00:00"), to: local(0, "09:00") }];
    expect(onCloudForPeriod(mondayShift, online, complete(1), params)).toMatchObject({
      onlineWorkingMs: 60 * MINUTE,
      onlineShare: 0.1,
      onCloud: false,
    });
  });

  it("has no value when the period holds no working time", () => {
    expect(onCloudForPeriod([], [], complete(1), params)).toMatchObject({
      onCloud: null,
      reason: { code: "NO_WORKING_TIME" },
    });
  });

  it("measures an outage across midnight against a night shift of both dates", () => {
    const nights: WorkingCalendar = {
      utcOffsetMinutes: SHANGHAI_OFFSET_MINUTES,
      weekly: [{ days: [1, 2, 3, 4, 5], start: "20:00", end: "04:00" }],
    };
    const period = { from: local(0, "00:00"), to: local(1, "12:00") };
    // Frames every 30 s, except from Monday 23:00 to Tuesday 01:00.
    const events: PresenceEvent[] = [
      ...frameEvents("lathe-1", period.from, local(0, "23:00"), 30 * SECOND),
      ...frameEvents("lathe-1", local(1, "01:00"), period.to, 30 * SECOND),
    ];
    const online = onlineIntervals(presenceIntervals(events, 60 * SECOND, DEFAULT_PARAMS.presence, period));
    const working = workingIntervals(nights, period);
    // Working: Mon 20:00–Tue 04:00 = 480 min. Last frame 22:59:30 keeps it online to 23:02:30,
    // so 117.5 min of the outage fall in working time: 362.5 / 480 online.
    const result = onCloudForPeriod(working, online, complete(1), params);
    expect(result.workingMs).toBe(480 * MINUTE);
    expect(result.onlineWorkingMs).toBe(362.5 * MINUTE);
    expect(result.onlineShare).toBe(362.5 / 480);
    expect(result.onCloud).toBe(false);
  });
});
