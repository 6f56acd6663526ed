import { createRandom, type Random } from "../behaviour/random.js";
import {
  isWorkingTime,
  nextScheduleChange,
  type ShiftSchedule,
  TWO_SHIFTS,
} from "../behaviour/shift-schedule.js";

/**
 * A PLC-controlled production line as a PackML state machine (ANSI/ISA-TR88.00.02 state
 * numbers, the codes `device-profiles/plc/opcua-generic-plc.yaml` maps): stopped outside shifts,
 * Resetting → Idle → Starting → Execute in a shift, producing good and rejected parts, now and
 * then Suspended (starved or blocked), Held (operator), or Aborted by an alarm or an emergency
 * stop; Completing → Complete → Stopping → Stopped at the end of the shift. No I/O.
 */

export const PACKML = {
  Undefined: 0,
  Clearing: 1,
  Stopped: 2,
  Starting: 3,
  Idle: 4,
  Suspended: 5,
  Execute: 6,
  Stopping: 7,
  Aborting: 8,
  Aborted: 9,
  Holding: 10,
  Held: 11,
  Unholding: 12,
  Suspending: 13,
  Unsuspending: 14,
  Resetting: 15,
  Completing: 16,
  Complete: 17,
} as const;
export type PackmlState = (typeof PACKML)[keyof typeof PACKML];

/** PackML UnitModeCurrent: 1 Production, 2 Maintenance, 3 Manual. */
export type UnitMode = 1 | 2 | 3;

export interface LineBehaviour {
  readonly seed: number;
  readonly schedule: ShiftSchedule;
  readonly cycleSeconds: number;
  readonly rejectChance: number;
  readonly suspendChance: number;
  readonly holdChance: number;
  readonly alarmChance: number;
  /** Share of alarms that are an emergency stop. */
  readonly emergencyStopShare: number;
}

export function lineBehaviour(overrides: Partial<LineBehaviour> = {}): LineBehaviour {
  return {
    seed: 1,
    schedule: TWO_SHIFTS,
    cycleSeconds: 12,
    rejectChance: 0.02,
    suspendChance: 0.03,
    holdChance: 0.01,
    alarmChance: 0.005,
    emergencyStopShare: 0.2,
    ...overrides,
  };
}

export interface LineSnapshot {
  readonly at: number;
  readonly state: PackmlState;
  readonly unitMode: UnitMode;
  readonly goodParts: number;
  readonly rejectParts: number;
  /** Seconds; 0 until the first cycle completes. */
  readonly lastCycleTime: number;
  readonly isAlarmActive: boolean;
  readonly isEmergencyStop: boolean;
  /** 0 = none. */
  readonly alarmCode: number;
}

interface Segment {
  readonly state: PackmlState;
  readonly from: number;
  readonly to: number;
  /** An Execute segment that ends with a part out of the machine. */
  readonly cycle?: { readonly seconds: number; readonly isReject: boolean };
  readonly alarmCode?: number;
  readonly isEmergencyStop?: true;
}

const S = PACKML;
/** Fixed durations (s) of the transient ("acting") states. */
const ACTING_SECONDS: Partial<Record<PackmlState, number>> = {
  [S.Resetting]: 5,
  [S.Starting]: 4,
  [S.Suspending]: 2,
  [S.Unsuspending]: 2,
  [S.Holding]: 2,
  [S.Unholding]: 2,
  [S.Aborting]: 1,
  [S.Clearing]: 10,
  [S.Completing]: 5,
  [S.Stopping]: 3,
};

export class LineModel {
  readonly #b: LineBehaviour;
  readonly #random: Random;
  #segment: Segment;
  #good = 0;
  #reject = 0;
  #lastCycleTime = 0;

  constructor(behaviour: LineBehaviour, startTime: number) {
    this.#b = behaviour;
    this.#random = createRandom(behaviour.seed);
    this.#good = this.#random.int(20_000, 200_000);
    this.#reject = Math.round(this.#good * 0.02);
    this.#segment = { state: S.Stopped, from: startTime, to: startTime };
    this.#segment = this.#next(startTime);
  }

  advanceTo(t: number): LineSnapshot {
    if (t < this.#segment.from) throw new Error("simulated time only moves forward");
    while (t >= this.#segment.to) {
      const ended = this.#segment;
      if (ended.cycle) {
        if (ended.cycle.isReject) this.#reject += 1;
        else this.#good += 1;
        this.#lastCycleTime = ended.cycle.seconds;
      }
      this.#segment = this.#next(ended.to);
    }
    const s = this.#segment;
    return {
      at: t,
      state: s.state,
      unitMode: s.state === S.Held ? 3 : 1,
      goodParts: this.#good,
      rejectParts: this.#reject,
      lastCycleTime: this.#lastCycleTime,
      isAlarmActive: s.alarmCode !== undefined,
      isEmergencyStop: s.isEmergencyStop === true,
      alarmCode: s.alarmCode ?? 0,
    };
  }

  #next(now: number): Segment {
    const r = this.#random;
    const working = isWorkingTime(this.#b.schedule, now);
    const state = this.#segment.state;
    const go = (next: PackmlState, seconds = ACTING_SECONDS[next] ?? 0): Segment => ({
      state: next,
      from: now,
      to: now + seconds * 1000,
    });
    const untilChange = (next: PackmlState): Segment => ({
      state: next,
      from: now,
      to: nextScheduleChange(this.#b.schedule, now),
    });
    switch (state) {
      case S.Stopped:
        return working ? go(S.Resetting) : untilChange(S.Stopped);
      case S.Resetting:
        return go(S.Idle, r.between(30, 120));
      case S.Idle:
        return working ? go(S.Starting) : go(S.Stopping);
      case S.Starting:
      case S.Unsuspending:
      case S.Unholding:
      case S.Suspended:
      case S.Held:
      case S.Execute:
        if (state === S.Suspended) return go(S.Unsuspending);
        if (state === S.Held) return go(S.Unholding);
        if (!working) return go(S.Completing);
        return this.#afterCycle(now);
      case S.Suspending:
        return go(S.Suspended, r.between(10, 90));
      case S.Holding:
        return go(S.Held, r.between(30, 300));
      case S.Aborting: {
        const isEmergencyStop = r.chance(this.#b.emergencyStopShare);
        const alarmCode = isEmergencyStop ? 9001 : r.pick([101, 205, 310, 412]);
        const seconds = r.between(60, 600);
        return {
          state: S.Aborted,
          from: now,
          to: now + seconds * 1000,
          alarmCode,
          ...(isEmergencyStop ? { isEmergencyStop: true } : {}),
        };
      }
      case S.Aborted:
        return go(S.Clearing);
      case S.Clearing:
        return go(S.Stopped, 30);
      case S.Completing:
        return go(S.Complete, 60);
      case S.Complete:
        return go(S.Stopping);
      case S.Stopping:
        return untilChange(S.Stopped);
      default:
        return go(S.Stopped, 1);
    }
  }

  /** After a part (or on entering Execute): the next cycle, or an interruption of the line. */
  #afterCycle(now: number): Segment {
    const r = this.#random;
    const b = this.#b;
    const entering = this.#segment.state !== S.Execute;
    if (!entering) {
      if (r.chance(b.alarmChance)) return { state: S.Aborting, from: now, to: now + 1000 };
      if (r.chance(b.suspendChance)) return { state: S.Suspending, from: now, to: now + 2000 };
      if (r.chance(b.holdChance)) return { state: S.Holding, from: now, to: now + 2000 };
    }
    const seconds = Math.round(b.cycleSeconds * Math.max(0.5, 1 + r.normal(0, 0.04)) * 100) / 100;
    return {
      state: S.Execute,
      from: now,
      to: now + seconds * 1000,
      cycle: { seconds, isReject: r.chance(b.rejectChance) },
    };
  }
}
