import { describe, expect, it } from "vitest";
import {
  cncDevice,
  emptyInput,
  frameEvents,
  local,
  MINUTE,
  meterDevice,
  SECOND,
} from "../../../test/indicator-scenarios/fixtures.js";
import { computeEnterpriseReport } from "../enterprise-report.js";
import type { DeviceRecord, DeviceRelation, SeriesPoint, SignalSeries } from "../inputs.js";
import { DEFAULT_PARAMS } from "../params.js";
import { checkRelatedDevices } from "./related-devices.js";

const P = DEFAULT_PARAMS.relations;
const PRESENCE = DEFAULT_PARAMS.presence;
const PERIOD = { from: local(0, "09:00"), to: local(0, "11:00") };
const TEN = local(0, "10:00");

/** An SDM630-like meter: power in W every 10 s, energy in kWh (profile eastron/sdm630). */
const METER = meterDevice("meter-1", {
  signals: [
    { id: "power_active", role: "power_active", heartbeatMs: 10 * SECOND, unit: "W" },
    { id: "energy_import", role: "energy_total", heartbeatMs: 10 * SECOND, unit: "kWh" },
  ],
});
const CNC = cncDevice("cnc-1");
const FEEDS: DeviceRelation[] = [{ kind: "feeds", from: "meter-1", to: "cnc-1" }];

function every(stepMs: number, value: (t: number) => SeriesPoint["v"]): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (let t = PERIOD.from; t < PERIOD.to; t += stepMs) points.push({ t, v: value(t), q: "good" });
  return points;
}

/** The CNC runs 09:00–10:00 (ACTIVE, spindle at 4,200 r/min), then waits READY. */
function cncSeries(device = "cnc-1"): SignalSeries[] {
  return [
    {
      device,
      signal: "execution",
      role: "execution",
      points: every(30 * SECOND, (t) => (t < TEN ? "ACTIVE" : "READY")),
    },
    {
      device,
      signal: "spindle_speed",
      role: "spindle_speed",
      points: every(30 * SECOND, (t) => (t < TEN ? 4_200 : 0)),
    },
  ];
}

/** The feeder: `runningKw` while the CNC runs, 1.8 kW standby after; energy integrates it. */
function meterSeries(runningKw: number): SignalSeries[] {
  const kw = (t: number) => (t < TEN ? runningKw : 1.8);
  let kwh = 18_000;
  const energy = every(10 * SECOND, (t) => {
    const value = kwh;
    kwh += (kw(t) * 10) / 3_600;
    return Math.round(value * 1_000) / 1_000;
  });
  return [
    {
      device: "meter-1",
      signal: "power_active",
      role: "power_active",
      points: every(10 * SECOND, (t) => kw(t) * 1_000),
    },
    { device: "meter-1", signal: "energy_import", role: "energy_total", points: energy },
  ];
}

const check = (relations: DeviceRelation[], devices: DeviceRecord[], series: SignalSeries[]) =>
  checkRelatedDevices(relations, devices, series, PERIOD, P, PRESENCE);

describe("a meter that feeds a machine", () => {
  it("passes when the feeder draws 12 kW while the spindle turns", () => {
    expect(check(FEEDS, [METER, CNC], [...cncSeries(), ...meterSeries(12)])).toEqual([]);
  });

  it("fails the machine when its feeder reads 0.1 kW while the spindle turns, and warns on the meter", () => {
    const flags = check(FEEDS, [METER, CNC], [...cncSeries(), ...meterSeries(0.1)]);
    expect(flags.map((f) => [f.code, f.device, f.severity])).toEqual([
      ["PLAUSIBILITY_FEEDER_IDLE_WHILE_RUNNING", "cnc-1", "failure"],
      ["PLAUSIBILITY_RELATED_DEVICE_INCONSISTENT", "meter-1", "warning"],
      ["PLAUSIBILITY_FEEDER_ENERGY_FLAT_WHILE_RUNNING", "cnc-1", "failure"],
      ["PLAUSIBILITY_RELATED_DEVICE_INCONSISTENT", "meter-1", "warning"],
    ]);
    // Running 09:00–10:00 less the 15-s grace: 3,585 s; power samples every 10 s from 09:00:20
    // to 09:59:50 are inside it: 358, all at 0.1 kW (100 W in the profile's unit).
    expect(flags[0]?.data).toEqual({
      relation: "feeds",
      meter: "meter-1",
      machine: "cnc-1",
      signal: "power_active",
      runningMs: 3_585_000,
      readings: 358,
      idleReadings: 358,
      idleShare: 1,
      meanKw: 0.1,
      idlePowerKw: 0.5,
    });
    // 0.5 kWh per running hour × 3,585 s = 0.497917 kWh expected; 0.1 kW for ~3,590 s added ~0.1.
    expect(flags[2]?.data.expectedKwh).toBe(0.497917);
    expect(flags[2]?.data.addedKwh).toBeCloseTo(0.1, 2);
    expect(flags[0]?.reason).toContain('"meter-1", the meter declared to feed it, read idle');
  });

  it("judges nothing before the machine has run for the minimum overlap", () => {
    const short = cncSeries().map((s) => ({ ...s, points: s.points.filter((p) => p.t >= TEN - 5 * MINUTE) }));
    expect(check(FEEDS, [METER, CNC], [...short, ...meterSeries(0.1)])).toEqual([]);
  });

  it("holds the forged machine below consistent in the enterprise report and keeps the meter's own copy check quiet", () => {
    const input = emptyInput({
      period: PERIOD,
      devices: [METER, CNC],
      presence: [
        ...frameEvents("cnc-1", PERIOD.from, PERIOD.to, 30 * SECOND),
        ...frameEvents("meter-1", PERIOD.from, PERIOD.to, 10 * SECOND),
      ],
      series: [...cncSeries(), ...meterSeries(0.1)],
      relations: FEEDS,
    });
    const report = computeEnterpriseReport(input);
    const cnc = report.devices.find((d) => d.device === "cnc-1");
    expect(cnc?.evidence.level).toBe("connected");
    expect(report.flags.filter((f) => f.device === "cnc-1").map((f) => f.code)).toContain(
      "PLAUSIBILITY_FEEDER_IDLE_WHILE_RUNNING",
    );
    const honest = computeEnterpriseReport({ ...input, series: [...cncSeries(), ...meterSeries(12)] });
    // (This hand-made data is too evenly spaced for the regularity check; that one is not under test.)
    const relationOrCopy = (code: string) => /FEEDER|RELATED|LINE_RUNNING|COPIED/.test(code);
    expect(honest.flags.map((f) => f.code).filter(relationOrCopy)).toEqual([]);
    expect(report.flags.map((f) => f.code).filter((c) => c.includes("COPIED"))).toEqual([]);
  });
});

describe("a PLC that runs a line", () => {
  const PLC = cncDevice("plc-1", { class: "plc" });
  const LINE = cncDevice("line-1", { class: "plc" });
  const RUNS: DeviceRelation[] = [{ kind: "runs", from: "plc-1", to: "line-1" }];
  const execution = (device: string, running: string, stopped: string): SignalSeries => ({
    device,
    signal: "execution",
    role: "execution",
    points: every(30 * SECOND, (t) => (t < TEN ? running : stopped)),
  });

  it("passes when the PLC executes while the line runs", () => {
    expect(
      check(
        RUNS,
        [PLC, LINE],
        [execution("plc-1", "EXECUTE", "STOPPED"), execution("line-1", "ACTIVE", "READY")],
      ),
    ).toEqual([]);
  });

  it("fails the line when it runs while its PLC reports stopped", () => {
    const flags = check(
      RUNS,
      [PLC, LINE],
      [execution("plc-1", "STOPPED", "STOPPED"), execution("line-1", "ACTIVE", "READY")],
    );
    expect(flags.map((f) => [f.code, f.device])).toEqual([
      ["PLAUSIBILITY_LINE_RUNNING_PLC_STOPPED", "line-1"],
      ["PLAUSIBILITY_RELATED_DEVICE_INCONSISTENT", "plc-1"],
    ]);
    expect(flags[0]?.data).toMatchObject({
      runningMs: 3_585_000,
      plcNotRunningMs: 3_585_000,
      disagreeShare: 1,
    });
  });
});
