// Realistic synthetic machines for the forger: a CNC that alternates cycles and idle spells with
// noisy process values and a part counter that advances with running time, and a meter whose
// power follows its machine. Seeded, so a scenario is the same run after run. The honest synthetic
// enterprise sends these as they are; fraud scenarios bend one aspect (a counter that never
// advances, a meter that reads nothing, …) and keep the rest realistic.
import type { Signal } from "@onramp/profiles";
import type { ForgedSample } from "./gateway.js";
import type { ClaimedProfile } from "./profiles.js";

/** Mulberry32: small, seeded, good enough for noise. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CncState {
  running: boolean;
  spindleRpm: number;
  spindleLoad: number;
  feed: number;
  partCount: number;
  operatingHours: number;
  cycleSeconds: number;
}

export class SyntheticCnc {
  readonly state: CncState;
  readonly #rand: () => number;
  #phaseEnds: number;
  #last: number;
  /** Scenario hooks: a counter that never advances, a spindle that always turns, … */
  countsParts = true;
  alwaysRunning = false;

  constructor(seed: number, start: number) {
    this.#rand = seededRandom(seed);
    this.state = {
      running: true,
      spindleRpm: 0,
      spindleLoad: 0,
      feed: 0,
      partCount: 1000 + Math.floor(this.#rand() * 5000),
      operatingHours: 4000 + Math.floor(this.#rand() * 4000),
      cycleSeconds: 40 + this.#rand() * 30,
    };
    this.#phaseEnds = start + this.state.cycleSeconds * 1000;
    this.#last = start;
  }

  advanceTo(t: number): CncState {
    const s = this.state;
    s.operatingHours += (t - this.#last) / 3_600_000;
    this.#last = t;
    if (t >= this.#phaseEnds) {
      if (s.running && !this.alwaysRunning) {
        if (this.countsParts) s.partCount += 1;
        s.running = false;
        this.#phaseEnds = t + (8 + this.#rand() * 25) * 1000;
      } else {
        if (s.running && this.countsParts) s.partCount += 1;
        s.running = true;
        s.cycleSeconds = 40 + this.#rand() * 30;
        this.#phaseEnds = t + s.cycleSeconds * 1000;
      }
    }
    const n = () => this.#rand() - 0.5;
    s.spindleRpm = s.running ? Math.round(3200 + 400 * Math.sin(t / 17_000) + 60 * n()) : 0;
    s.spindleLoad = s.running ? Math.round(42 + 12 * Math.sin(t / 9_000) + 6 * n()) : 0;
    s.feed = s.running ? Math.round(900 + 150 * Math.sin(t / 23_000) + 40 * n()) : 0;
    return s;
  }
}

export class SyntheticMeter {
  readonly #rand: () => number;
  #energyKwh: number;
  #last: number;
  /** Scenario hook: a meter that reads (almost) nothing whatever its machine does. */
  dead = false;

  constructor(seed: number, start: number) {
    this.#rand = seededRandom(seed);
    this.#energyKwh = 20_000 + this.#rand() * 10_000;
    this.#last = start;
  }

  powerKw(machine: CncState): number {
    const n = this.#rand() - 0.5;
    if (this.dead) return Math.round((0.02 + 0.01 * n) * 1000) / 1000;
    const base = 1.8 + 0.2 * n; // controls, hydraulics, coolant pump
    return Math.round((base + (machine.running ? 4 + machine.spindleLoad / 10 + 0.6 * n : 0)) * 100) / 100;
  }

  advanceTo(t: number, machine: CncState): { powerKw: number; energyKwh: number; voltage: number } {
    const powerKw = this.powerKw(machine);
    this.#energyKwh += (powerKw * (t - this.#last)) / 3_600_000;
    this.#last = t;
    return {
      powerKw,
      energyKwh: Math.round(this.#energyKwh * 1000) / 1000,
      voltage: 400 + 4 * (this.#rand() - 0.5),
    };
  }
}

type Values = Readonly<Record<string, number | boolean | string>>;

/** Values of every signal of `profile`: the named ones from `known`, the rest plausible fillers. */
export function samplesOf(
  profile: ClaimedProfile,
  known: Values,
  t: number,
  rand: () => number,
): ForgedSample[] {
  return profile.signals.map((signal) => ({
    s: signal.id,
    v: typed(signal, known[signal.id], rand),
    q: "good",
    t,
  }));
}

/** The known value in the signal's own type (a field never changes type), else a filler. */
function typed(signal: Signal, v: number | boolean | string | undefined, rand: () => number) {
  if (v === undefined) return filler(signal, rand);
  switch (signal.type) {
    case "boolean":
      return typeof v === "boolean" ? v : filler(signal, rand);
    case "string":
      return String(v);
    case "enum":
      return Object.values(signal.enum ?? {}).includes(String(v)) ? String(v) : filler(signal, rand);
    default:
      return typeof v === "number" ? (signal.type === "integer" ? Math.round(v) : v) : filler(signal, rand);
  }
}

function filler(signal: Signal, rand: () => number): number | boolean | string {
  switch (signal.type) {
    case "boolean":
      return false;
    case "string":
      return "";
    case "enum":
      return Object.values(signal.enum ?? {})[0] ?? "";
    default: {
      const [lo, hi] = signal.range ?? [0, 100];
      const mid = Math.min(Math.max(lo, 0), hi) + Math.min(50, (hi - lo) / 100);
      return signal.type === "integer" ? Math.round(mid) : Math.round((mid + rand()) * 100) / 100;
    }
  }
}

/** The CNC profile's signals, named by id (cnc_machine_tool/cnc-modbus-template.yaml). */
export function cncValues(s: CncState): Values {
  return {
    execution: s.running ? "ACTIVE" : "READY",
    controller_mode: "AUTOMATIC",
    alarm: false,
    emergency_stop: false,
    spindle_running: s.spindleRpm > 0,
    spindle_speed: s.spindleRpm,
    feed_rate: s.feed,
    feed_override: 100,
    spindle_override: 100,
    part_count: s.partCount,
    program: 1001,
    tool_number: 12,
    spindle_load: s.spindleLoad,
    operating_hours: Math.floor(s.operatingHours),
    alarm_number: 0,
    cycle_time: Math.round(s.cycleSeconds * 10) / 10,
  };
}

/** The meter profile's signals (energy_meter/schneider-pm5300.yaml). */
export function meterValues(m: { powerKw: number; energyKwh: number; voltage: number }): Values {
  const amps = Math.round(((m.powerKw * 1000) / (Math.sqrt(3) * m.voltage * 0.9)) * 100) / 100;
  const v = Math.round(m.voltage * 10) / 10;
  const pf = Math.round((m.powerKw / 3) * 1000) / 1000;
  return {
    current_a: amps,
    current_b: amps,
    current_c: amps,
    current_n: Math.round(amps * 5) / 100,
    current_avg: amps,
    voltage_ab: v,
    voltage_bc: v,
    voltage_ca: v,
    voltage_ll_avg: v,
    voltage_an: Math.round((v / Math.sqrt(3)) * 10) / 10,
    voltage_bn: Math.round((v / Math.sqrt(3)) * 10) / 10,
    voltage_cn: Math.round((v / Math.sqrt(3)) * 10) / 10,
    power_active_a: pf,
    power_active_b: pf,
    power_active_c: pf,
    power_active: m.powerKw,
    power_reactive: Math.round(m.powerKw * 0.3 * 100) / 100,
    power_apparent: Math.round(m.powerKw * 1.05 * 100) / 100,
    frequency: Math.round((50 + (m.voltage - 400) / 200) * 1000) / 1000,
    energy_active_delivered: m.energyKwh,
    energy_reactive_delivered: Math.round(m.energyKwh * 0.3 * 1000) / 1000,
  };
}
