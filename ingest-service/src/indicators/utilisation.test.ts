import { describe, expect, it } from "vitest";
import { HOUR } from "../../test/indicator-scenarios/fixtures.js";
import type { SignalSeries } from "./inputs.js";
import { deviceUtilisation, meanUtilisation } from "./utilisation.js";

const execution: SignalSeries = {
  device: "lathe-1",
  signal: "execution",
  role: "execution",
  points: [
    { t: 0, v: "ACTIVE", q: "good" },
    { t: HOUR, v: "READY", q: "good" },
    { t: 2 * HOUR, v: "ACTIVE", q: "good" },
    { t: 3 * HOUR, v: "STOPPED", q: "good" },
  ],
};
const window = { from: 0, to: 4 * HOUR };
const hold = 10 * HOUR;

describe("deviceUtilisation (INDICATORS §2.4)", () => {
  it("is ACTIVE time over online time", () => {
    expect(deviceUtilisation("lathe-1", [execution], [window], window, hold)).toMatchObject({
      value: 0.5,
      activeMs: 2 * HOUR,
      onlineMs: 4 * HOUR,
    });
  });

  it("does not count ACTIVE time while the device was offline", () => {
    const online = [
      { from: 0, to: HOUR },
      { from: 2 * HOUR, to: 4 * HOUR },
    ];
    expect(deviceUtilisation("lathe-1", [execution], online, window, hold).value).toBe(2 / 3);
  });

  it("stops holding an execution state after its hold time", () => {
    const once: SignalSeries = { ...execution, points: [{ t: 0, v: "ACTIVE", q: "good" }] };
    expect(deviceUtilisation("lathe-1", [once], [window], window, HOUR).value).toBe(0.25);
  });

  it("treats a bad-quality execution sample as unknown, not ACTIVE", () => {
    const bad: SignalSeries = { ...execution, points: [{ t: 0, v: "ACTIVE", q: "bad" }] };
    expect(deviceUtilisation("lathe-1", [bad], [window], window, hold).value).toBe(0);
  });

  it("has no value without an execution signal or without online time", () => {
    expect(deviceUtilisation("lathe-1", [], [window], window, hold).reason?.code).toBe("NO_EXECUTION_SIGNAL");
    expect(deviceUtilisation("lathe-1", [execution], [], window, hold).reason?.code).toBe("NO_ONLINE_TIME");
  });
});

describe("meanUtilisation (INDICATORS §2.4)", () => {
  it("weighs every device with a value the same", () => {
    const result = meanUtilisation([
      { device: "b", value: 0.25, reason: null, activeMs: 1, onlineMs: 4 },
      { device: "a", value: 0.5, reason: null, activeMs: 100, onlineMs: 200 },
      { device: "c", value: null, reason: null, activeMs: 0, onlineMs: 0 },
    ]);
    expect(result).toEqual({ value: 0.375, reason: null, devices: ["a", "b"] });
  });

  it("has no value when no device has one", () => {
    expect(meanUtilisation([]).reason?.code).toBe("NO_DEVICE_WITH_UTILISATION");
  });
});
