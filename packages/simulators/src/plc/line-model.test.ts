import { describe, expect, it } from "vitest";
import { ALWAYS_ON } from "../behaviour/shift-schedule.js";
import { LineModel, type LineSnapshot, lineBehaviour, PACKML } from "./line-model.js";

const MONDAY_0800 = Date.UTC(2026, 0, 5, 8);
const HOUR = 3_600_000;

function run(seed: number, hours: number, overrides = {}, stepMs = 1_000): LineSnapshot[] {
  const model = new LineModel(lineBehaviour({ seed, ...overrides }), MONDAY_0800);
  const out: LineSnapshot[] = [];
  for (let t = MONDAY_0800; t < MONDAY_0800 + hours * HOUR; t += stepMs) out.push(model.advanceTo(t));
  return out;
}

describe("PLC line behaviour model (PackML)", () => {
  it("produces good and rejected parts with monotonic counters and a plausible cycle time", () => {
    const samples = run(1, 8);
    for (let i = 1; i < samples.length; i++) {
      const [a, b] = [samples[i - 1], samples[i]];
      expect(b?.goodParts).toBeGreaterThanOrEqual(a?.goodParts ?? 0);
      expect(b?.rejectParts).toBeGreaterThanOrEqual(a?.rejectParts ?? 0);
    }
    const first = samples[0];
    const last = samples.at(-1);
    expect((last?.goodParts ?? 0) - (first?.goodParts ?? 0)).toBeGreaterThan(500);
    expect(last?.lastCycleTime).toBeGreaterThan(6);
    expect(last?.lastCycleTime).toBeLessThan(24);
  });

  it("stops at the end of the shift through Completing and Complete, and restarts the next morning", () => {
    const samples = run(2, 24);
    const states = samples.map((s) => s.state);
    expect(states).toContain(PACKML.Completing);
    expect(states).toContain(PACKML.Complete);
    const midnight = samples.find((s) => s.at === MONDAY_0800 + 16 * HOUR);
    expect(midnight?.state).toBe(PACKML.Stopped);
    expect(states.at(-1)).toBe(PACKML.Execute);
  });

  it("raises alarms that abort the line and clear, sometimes as an emergency stop", () => {
    const samples = run(3, 24 * 3, { schedule: ALWAYS_ON, alarmChance: 0.05, emergencyStopShare: 0.5 });
    const aborted = samples.filter((s) => s.state === PACKML.Aborted);
    expect(aborted.length).toBeGreaterThan(0);
    expect(aborted.every((s) => s.isAlarmActive && s.alarmCode > 0)).toBe(true);
    expect(aborted.some((s) => s.isEmergencyStop)).toBe(true);
    expect(
      samples.filter((s) => s.state === PACKML.Execute).every((s) => !s.isAlarmActive && s.alarmCode === 0),
    ).toBe(true);
    for (const state of [PACKML.Suspended, PACKML.Held, PACKML.Clearing, PACKML.Idle]) {
      expect(samples.map((s) => s.state)).toContain(state);
    }
  });

  it("is deterministic for a seed", () => {
    expect(run(4, 2)).toEqual(run(4, 2));
  });
});
