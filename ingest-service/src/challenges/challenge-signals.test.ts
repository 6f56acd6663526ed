import { describe, expect, it } from "vitest";
import { CNC_SIGNALS } from "../../test/indicator-scenarios/fixtures.js";
import type { SignalSpec } from "../indicators/index.js";
import { challengeSignals } from "./challenge-signals.js";

const METER: SignalSpec[] = [
  { id: "power", role: "power_active", heartbeatMs: 60_000 },
  { id: "voltage_l1", role: "voltage", heartbeatMs: 60_000 },
  { id: "energy_import", role: "energy_total", heartbeatMs: 60_000 },
  { id: "frequency", role: "frequency", heartbeatMs: 60_000 },
];
/** Always draws the first remaining signal: makes the random part of the mix predictable here. */
const first = () => 0;

describe("challengeSignals (issue 14 §4: the bureau chooses what a challenge reads)", () => {
  it("reads a CNC's counter and execution state, plus two others drawn at random", () => {
    // CNC_SIGNALS: execution, spindle_speed, spindle_load, power_active, part_count.
    expect(challengeSignals(CNC_SIGNALS, undefined, first)).toEqual([
      "part_count",
      "execution",
      "spindle_speed",
      "spindle_load",
    ]);
    const last = (n: number) => n - 1;
    expect(challengeSignals(CNC_SIGNALS, undefined, last)).toEqual([
      "part_count",
      "execution",
      "power_active",
      "spindle_load",
    ]);
  });

  it("reads a meter's energy counter even without an execution state", () => {
    expect(challengeSignals(METER, undefined, first)).toEqual(["energy_import", "power", "voltage_l1"]);
  });

  it("draws the extra signals with the platform's random source by default", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const s of challengeSignals(CNC_SIGNALS, undefined) ?? []) seen.add(s);
    expect([...seen].sort()).toEqual(CNC_SIGNALS.map((s) => s.id).sort());
  });

  it("takes the bureau's own list, without duplicates, and refuses a signal the profile does not have", () => {
    expect(challengeSignals(CNC_SIGNALS, ["spindle_speed", "part_count", "spindle_speed"])).toEqual([
      "spindle_speed",
      "part_count",
    ]);
    expect(() => challengeSignals(CNC_SIGNALS, ["spindle_speed", "door_open"])).toThrow(
      "the device's profile has no signal door_open",
    );
  });

  it("leaves the choice to the gateway when the ingest does not know the device's profile", () => {
    expect(challengeSignals([], undefined)).toBeUndefined();
    expect(challengeSignals([], ["part_count"])).toEqual(["part_count"]);
  });
});
