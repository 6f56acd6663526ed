import { createRandom, noiseAt, type Random } from "../behaviour/random.js";
import {
  isWorkingTime,
  nextScheduleChange,
  type ShiftSchedule,
  TWO_SHIFTS,
} from "../behaviour/shift-schedule.js";

/**
 * The behaviour of one CNC machine tool as a function of simulated time, with no I/O: a shift
 * schedule powers it on and off; in a shift the operator sets up a program and runs a batch of
 * cycles, each with noisy duration, loading between parts, the odd feed hold and the rarer alarm
 * that aborts the cycle; idle gaps separate batches. The part counter only ever goes up.
 *
 * Everything random is drawn from a seeded generator at segment boundaries, and the fast-moving
 * values (spindle speed, load, axis positions) are pure functions of (seed, time): the same seed
 * and the same query times give the same machine, whatever the server's tick rate.
 */

export interface CncProgram {
  readonly name: string;
  /** Nominal cycle time at 100 % feed override. */
  readonly cycleSeconds: number;
  readonly spindleRpm: number;
  readonly feedMmPerMin: number;
  readonly toolId: number;
}

export interface MachineBehaviour {
  readonly seed: number;
  readonly programs: readonly CncProgram[];
  readonly schedule: ShiftSchedule;
  /** Probability that a cycle is interrupted by a feed hold. */
  readonly feedHoldChance: number;
  /** Probability that a cycle ends in an alarm (the part is not counted). */
  readonly alarmChance: number;
  /** Relative standard deviation of the cycle time. */
  readonly cycleNoise: number;
  readonly batchSize: readonly [number, number];
  readonly setupMinutes: readonly [number, number];
  /**
   * The first setup after the model starts, when it differs from `setupMinutes`: a demo park
   * whose machines were "already set up" before it was switched on runs its first cycle within a
   * minute or two instead of after 5–25 min of setup. Default: `setupMinutes`.
   */
  readonly firstSetupMinutes?: readonly [number, number];
  readonly loadSeconds: readonly [number, number];
  readonly idleMinutes: readonly [number, number];
  readonly initialPartCount: number;
  readonly initialPowerOnHours: number;
}

export const DEFAULT_PROGRAMS: readonly CncProgram[] = [
  { name: "O1001_FLANGE", cycleSeconds: 95, spindleRpm: 4200, feedMmPerMin: 1200, toolId: 12 },
  { name: "O2040_HOUSING", cycleSeconds: 240, spindleRpm: 2800, feedMmPerMin: 800, toolId: 5 },
  { name: "O3300_SHAFT", cycleSeconds: 60, spindleRpm: 6000, feedMmPerMin: 1800, toolId: 21 },
];

export function machineBehaviour(overrides: Partial<MachineBehaviour> = {}): MachineBehaviour {
  return {
    seed: 1,
    programs: DEFAULT_PROGRAMS,
    schedule: TWO_SHIFTS,
    feedHoldChance: 0.08,
    alarmChance: 0.02,
    cycleNoise: 0.03,
    batchSize: [5, 40],
    setupMinutes: [5, 25],
    loadSeconds: [15, 60],
    idleMinutes: [2, 30],
    initialPartCount: 10_000,
    initialPowerOnHours: 8_000,
    ...overrides,
  };
}

export type Activity = "off" | "setup" | "idle" | "cycle" | "feed-hold" | "load" | "alarm";
export type ProgramState = "initializing" | "running" | "ended" | "interrupted" | "aborted";
export type ControlMode = "automatic" | "manual";

export interface Alarm {
  readonly code: number;
  readonly text: string;
}

export const ALARMS: readonly Alarm[] = [
  { code: 1010, text: "Axis X following error too large" },
  { code: 2005, text: "Tool breakage detected" },
  { code: 3001, text: "Coolant level low" },
  { code: 4012, text: "Spindle drive overload" },
];

export interface MachineSnapshot {
  readonly at: number;
  readonly isPowered: boolean;
  readonly activity: Activity;
  readonly mode: ControlMode;
  readonly program: CncProgram;
  readonly programState: ProgramState;
  readonly feedOverride: number;
  readonly spindleOverride: number;
  /** r/min, 0 when stopped. */
  readonly spindleSpeed: number;
  /** mm/min. */
  readonly feedRate: number;
  /** % of rated. */
  readonly spindleLoad: number;
  readonly partCount: number;
  readonly powerOnSeconds: number;
  readonly alarm: Alarm | null;
  readonly axes: { readonly x: number; readonly y: number; readonly z: number };
}

interface Segment {
  readonly activity: Activity;
  readonly from: number;
  readonly to: number;
  readonly programState: ProgramState;
  readonly completesPart?: true;
  readonly alarm?: Alarm;
}

export class MachineModel {
  readonly #behaviour: MachineBehaviour;
  /** Whether a setup was already started (the first one may be shorter: `firstSetupMinutes`). */
  #hasSetUp = false;
  readonly #random: Random;
  readonly #queue: Segment[] = [];
  #segment: Segment;
  #program: CncProgram;
  #batchLeft = 0;
  #feedOverride = 100;
  #spindleOverride = 100;
  #partCount: number;
  #poweredMs: number;

  constructor(behaviour: MachineBehaviour, startTime: number) {
    if (behaviour.programs.length === 0) throw new Error("a machine needs at least one program");
    this.#behaviour = behaviour;
    this.#random = createRandom(behaviour.seed);
    this.#program = this.#random.pick(behaviour.programs);
    this.#partCount = behaviour.initialPartCount;
    this.#poweredMs = behaviour.initialPowerOnHours * 3_600_000;
    this.#segment = { activity: "off", from: startTime, to: startTime, programState: "initializing" };
    this.#segment = this.#next(startTime);
  }

  /**
   * Ends what the machine is doing (a setup, an idle spell) at simulated time `t` instead of when
   * it was drawn to end: the operator comes back early. Lets a test land a rare event (the one part
   * of a machine idle for hours) inside the period it judges. Ignored when `t` is outside the
   * current activity.
   */
  endCurrentActivityAt(t: number): void {
    if (t > this.#segment.from && t < this.#segment.to) this.#segment = { ...this.#segment, to: t };
  }

  /** Moves simulated time forward to `t` and describes the machine at that instant. */
  advanceTo(t: number): MachineSnapshot {
    if (t < this.#segment.from) throw new Error("simulated time only moves forward");
    while (t >= this.#segment.to) {
      const ended = this.#segment;
      if (ended.activity !== "off") this.#poweredMs += ended.to - ended.from;
      if (ended.completesPart) {
        this.#partCount += 1;
        this.#batchLeft -= 1;
      }
      this.#segment = this.#next(ended.to);
    }
    return this.#snapshot(t);
  }

  #next(now: number): Segment {
    const queued = this.#queue.shift();
    if (queued) return queued;
    const b = this.#behaviour;
    const previous = this.#segment;
    if (!isWorkingTime(b.schedule, now)) {
      return {
        activity: "off",
        from: now,
        to: nextScheduleChange(b.schedule, now),
        programState: "initializing",
      };
    }
    const shiftEnd = nextScheduleChange(b.schedule, now);
    const until = (ms: number) => Math.min(now + ms, shiftEnd);
    const minutes = (range: readonly [number, number]) => this.#random.between(range[0], range[1]) * 60_000;
    switch (previous.activity) {
      case "off":
      case "idle": {
        if (this.#batchLeft > 0) return this.#startCycle(now);
        const setup = this.#hasSetUp ? b.setupMinutes : (b.firstSetupMinutes ?? b.setupMinutes);
        this.#hasSetUp = true;
        return this.#startSetup(now, until(minutes(setup)));
      }
      case "setup":
        this.#batchLeft = this.#random.int(b.batchSize[0], b.batchSize[1]);
        return this.#startCycle(now);
      case "cycle":
      case "feed-hold": {
        const seconds = this.#random.between(b.loadSeconds[0], b.loadSeconds[1]);
        return { activity: "load", from: now, to: until(seconds * 1000), programState: "ended" };
      }
      case "load":
        if (this.#batchLeft > 0) return this.#startCycle(now);
        return { activity: "idle", from: now, to: until(minutes(b.idleMinutes)), programState: "ended" };
      case "alarm":
        // The operator acknowledges, resets and restarts the batch after an idle spell.
        return { activity: "idle", from: now, to: until(minutes([1, 5])), programState: "aborted" };
    }
  }

  #startSetup(now: number, to: number): Segment {
    this.#program = this.#random.pick(this.#behaviour.programs);
    this.#feedOverride = this.#random.pick([100, 100, 100, 90, 110, 120, 80]);
    this.#spindleOverride = this.#random.pick([100, 100, 100, 95, 105]);
    return { activity: "setup", from: now, to, programState: "initializing" };
  }

  /** A cycle as one to three segments: straight through, split by a feed hold, or cut by an alarm. */
  #startCycle(now: number): Segment {
    const b = this.#behaviour;
    const r = this.#random;
    const factor = Math.max(0.5, 1 + r.normal(0, b.cycleNoise));
    const duration = ((this.#program.cycleSeconds * factor * 100) / this.#feedOverride) * 1000;
    const cut = now + duration * r.between(0.1, 0.9);
    if (r.chance(b.alarmChance)) {
      const alarm = r.pick(ALARMS);
      const alarmEnd = cut + r.between(2, 15) * 60_000;
      this.#queue.push({ activity: "alarm", from: cut, to: alarmEnd, programState: "aborted", alarm });
      return { activity: "cycle", from: now, to: cut, programState: "running" };
    }
    if (r.chance(b.feedHoldChance)) {
      const resume = cut + r.between(10, 120) * 1000;
      this.#queue.push(
        { activity: "feed-hold", from: cut, to: resume, programState: "interrupted" },
        {
          activity: "cycle",
          from: resume,
          to: resume + (now + duration - cut),
          programState: "running",
          completesPart: true,
        },
      );
      return { activity: "cycle", from: now, to: cut, programState: "running" };
    }
    return { activity: "cycle", from: now, to: now + duration, programState: "running", completesPart: true };
  }

  #snapshot(t: number): MachineSnapshot {
    const s = this.#segment;
    const seed = this.#behaviour.seed;
    const isPowered = s.activity !== "off";
    const isCutting = s.activity === "cycle";
    // Spindle keeps turning through a feed hold (the operator stops the feed, not the spindle).
    const isSpindleOn = isCutting || s.activity === "feed-hold";
    const second = Math.floor(t / 1000);
    const jitter = (key: number, relative: number) => 1 + relative * noiseAt(seed, second * 8 + key);
    const spindleSpeed = isSpindleOn
      ? Math.round(((this.#program.spindleRpm * this.#spindleOverride) / 100) * jitter(1, 0.004))
      : 0;
    const phase = (t - s.from) / 1000;
    return {
      at: t,
      isPowered,
      activity: s.activity,
      mode: s.activity === "setup" ? "manual" : "automatic",
      program: this.#program,
      programState: s.programState,
      feedOverride: this.#feedOverride,
      spindleOverride: this.#spindleOverride,
      spindleSpeed,
      feedRate: isCutting
        ? Math.round(((this.#program.feedMmPerMin * this.#feedOverride) / 100) * jitter(2, 0.02))
        : 0,
      spindleLoad: isCutting ? round2(35 * jitter(3, 0.3)) : isSpindleOn ? round2(8 * jitter(3, 0.2)) : 0,
      partCount: this.#partCount,
      powerOnSeconds: Math.floor((this.#poweredMs + (isPowered ? t - s.from : 0)) / 1000),
      alarm: s.alarm ?? null,
      axes: isCutting
        ? {
            x: round3(120 * Math.sin(phase / 7)),
            y: round3(80 * Math.cos(phase / 5)),
            z: round3(-40 - 10 * Math.sin(phase / 3)),
          }
        : { x: 0, y: 0, z: 0 },
    };
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
