import { describe, expect, it } from "vitest";
import { ALWAYS_ON } from "../behaviour/shift-schedule.js";
import { type Activity, MachineModel, type MachineSnapshot, machineBehaviour } from "./machine-model.js";

const MONDAY_0800 = Date.UTC(2026, 0, 5, 8);
const HOUR = 3_600_000;

/** Samples a machine every `stepMs` over `hours` of simulated time. */
function run(
  seed: number,
  hours: number,
  stepMs = 5_000,
  start = MONDAY_0800,
  overrides = {},
): MachineSnapshot[] {
  const model = new MachineModel(machineBehaviour({ seed, ...overrides }), start);
  const out: MachineSnapshot[] = [];
  for (let t = start; t < start + hours * HOUR; t += stepMs) out.push(model.advanceTo(t));
  return out;
}

describe("CNC behaviour model", () => {
  it("ends a setup early when told, and makes its part then; a time outside the setup is ignored", () => {
    const behaviour = machineBehaviour({
      seed: 3,
      schedule: ALWAYS_ON,
      setupMinutes: [600, 600],
      idleMinutes: [180, 240],
      batchSize: [1, 1],
    });
    const model = new MachineModel(behaviour, MONDAY_0800);
    expect(model.advanceTo(MONDAY_0800 + 60_000).activity).toBe("setup");
    model.endCurrentActivityAt(MONDAY_0800 - 1); // before the setup began: ignored
    expect(model.advanceTo(MONDAY_0800 + 5 * 60_000).activity).toBe("setup");
    model.endCurrentActivityAt(MONDAY_0800 + 10 * 60_000);
    expect(model.advanceTo(MONDAY_0800 + 9 * 60_000).activity).toBe("setup");
    const after: MachineSnapshot[] = [];
    for (let t = MONDAY_0800 + 10 * 60_000; t < MONDAY_0800 + HOUR; t += 5_000)
      after.push(model.advanceTo(t));
    expect(after[0]?.activity).not.toBe("setup");
    expect((after.at(-1)?.partCount ?? 0) - (after[0]?.partCount ?? 0)).toBe(1);
  });

  it("never lets the part counter go down, and counts parts while running", () => {
    const samples = run(1, 48);
    for (let i = 1; i < samples.length; i++) {
      expect(samples[i]?.partCount).toBeGreaterThanOrEqual(samples[i - 1]?.partCount ?? 0);
    }
    const first = samples[0]?.partCount ?? 0;
    expect((samples.at(-1)?.partCount ?? 0) - first).toBeGreaterThan(50);
  });

  it("powers off outside the shifts and stops counting power-on time", () => {
    const samples = run(2, 30); // Monday 08:00 → Tuesday 14:00
    const at = (hour: number) => samples.find((s) => s.at >= MONDAY_0800 + hour * HOUR);
    expect(at(1)?.isPowered).toBe(true); // 09:00
    const night = at(17); // 01:00 Tuesday
    expect(night?.isPowered).toBe(false);
    expect(night?.spindleSpeed).toBe(0);
    expect(at(20)?.powerOnSeconds).toBe(night?.powerOnSeconds); // 04:00: still off, no hours added
    expect(at(24)?.isPowered).toBe(true); // 08:00 Tuesday
  });

  it("runs programs with noisy cycle times, feed holds, alarms and idle spells", () => {
    const samples = run(3, 24 * 5, 2_000, MONDAY_0800, {
      schedule: ALWAYS_ON,
      feedHoldChance: 0.2,
      alarmChance: 0.05,
    });
    const seen = new Set<Activity>(samples.map((s) => s.activity));
    for (const activity of ["setup", "idle", "cycle", "feed-hold", "load", "alarm"] as const) {
      expect(seen, activity).toContain(activity);
    }
    const hold = samples.find((s) => s.activity === "feed-hold");
    expect(hold?.programState).toBe("interrupted");
    expect(hold?.feedRate).toBe(0);
    const alarm = samples.find((s) => s.activity === "alarm");
    expect(alarm?.alarm?.code).toBeGreaterThan(0);
    expect(alarm?.programState).toBe("aborted");
    expect(alarm?.spindleSpeed).toBe(0);
    const cutting = samples.filter((s) => s.activity === "cycle");
    expect(cutting.every((s) => s.spindleSpeed > 0 && s.programState === "running")).toBe(true);
    expect(new Set(cutting.map((s) => s.spindleSpeed)).size).toBeGreaterThan(10);
    expect(new Set(samples.map((s) => s.program.name)).size).toBeGreaterThan(1);
  });

  it("counts a part only when a cycle completes, not when an alarm aborts it", () => {
    const samples = run(4, 24, 1_000, MONDAY_0800, {
      schedule: ALWAYS_ON,
      alarmChance: 0.3,
      feedHoldChance: 0,
    });
    for (let i = 1; i < samples.length; i++) {
      const [before, after] = [samples[i - 1], samples[i]];
      if (before && after && after.partCount > before.partCount) {
        expect(before.activity === "cycle" || after.activity !== "alarm").toBe(true);
      }
      if (before?.activity === "alarm" || after?.activity === "alarm") {
        expect(after?.partCount).toBe(before?.partCount);
      }
    }
  });

  it("is deterministic: the same seed and times give the same machine, another seed another one", () => {
    expect(run(5, 6)).toEqual(run(5, 6));
    expect(run(6, 6).map((s) => s.partCount)).not.toEqual(run(5, 6).map((s) => s.partCount));
  });

  it("does not depend on how often it is sampled", () => {
    const fine = run(7, 4, 1_000);
    const coarse = run(7, 4, 60_000);
    for (const s of coarse) expect(fine.find((f) => f.at === s.at)).toEqual(s);
  });

  it("runs its first cycle within a short first setup, later setups keeping their own length", () => {
    const firstCycleMinute = (overrides: object, seed: number) => {
      const at = run(seed, 1, 5_000, MONDAY_0800, { schedule: ALWAYS_ON, ...overrides }).findIndex(
        (s) => s.activity === "cycle",
      );
      return at < 0 ? Number.POSITIVE_INFINITY : (at * 5) / 60;
    };
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      expect(firstCycleMinute({ firstSetupMinutes: [0.25, 1] }, seed)).toBeLessThanOrEqual(1);
      expect(firstCycleMinute({}, seed)).toBeGreaterThanOrEqual(5);
    }
    // The batch after the first one is set up for 5–25 min as usual.
    const snapshots = run(3, 12, 5_000, MONDAY_0800, { schedule: ALWAYS_ON, firstSetupMinutes: [0.25, 1] });
    const setups: number[] = [];
    let runStart = -1;
    snapshots.forEach((s, i) => {
      if (s.activity === "setup" && runStart < 0) runStart = i;
      if (s.activity !== "setup" && runStart >= 0) {
        setups.push(((i - runStart) * 5) / 60);
        runStart = -1;
      }
    });
    expect(setups.length).toBeGreaterThan(1);
    expect(setups[0]).toBeLessThanOrEqual(1);
    for (const minutes of setups.slice(1)) expect(minutes).toBeGreaterThanOrEqual(4.9);
  });

  it("refuses to go back in time", () => {
    const model = new MachineModel(machineBehaviour(), MONDAY_0800);
    model.advanceTo(MONDAY_0800 + HOUR);
    expect(() => model.advanceTo(MONDAY_0800)).toThrow(/forward/);
  });
});
