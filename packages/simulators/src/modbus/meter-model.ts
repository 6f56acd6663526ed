import { createRandom, type Random } from "../behaviour/random.js";

/**
 * A three-phase energy meter on a machine's supply. Power follows the machine's load (0 standby …
 * 1 full cut); voltage sags slightly with load and wanders with the grid; the energy counters
 * integrate the power, so they only ever increase.
 */
export interface MeterBehaviour {
  readonly seed: number;
  /** Active power at full load, kW. */
  readonly ratedKw: number;
  /** Share of the rated power drawn at standby (control cabinet, hydraulics, coolant pump). */
  readonly standbyShare: number;
  /** Phase-to-neutral voltage, V (230 in China and Europe). */
  readonly nominalVoltage: number;
  readonly nominalHz: number;
  readonly initialImportKwh: number;
}

export function meterBehaviour(overrides: Partial<MeterBehaviour> = {}): MeterBehaviour {
  return {
    seed: 1,
    ratedKw: 22,
    standbyShare: 0.08,
    nominalVoltage: 230,
    nominalHz: 50,
    initialImportKwh: 18_000,
    ...overrides,
  };
}

type Phases = readonly [number, number, number];

export interface MeterReading {
  readonly at: number;
  readonly voltageLn: Phases;
  readonly voltageLl: Phases;
  readonly current: Phases;
  readonly currentNeutral: number;
  /** Per-phase active power, kW. */
  readonly powerKw: Phases;
  readonly totalKw: number;
  readonly reactiveKvar: number;
  readonly apparentKva: number;
  readonly powerFactor: number;
  readonly frequency: number;
  readonly importKwh: number;
  readonly exportKwh: number;
  readonly reactiveImportKvarh: number;
}

export class MeterModel {
  readonly #b: MeterBehaviour;
  readonly #random: Random;
  /** Fixed share of the load per phase: a real installation is never perfectly balanced. */
  readonly #balance: Phases;
  #at: number;
  #importKwh: number;
  #reactiveKvarh: number;
  #gridOffset = 0;
  #smoothedLoad = 0;

  constructor(behaviour: MeterBehaviour, startTime: number) {
    this.#b = behaviour;
    this.#random = createRandom(behaviour.seed);
    const shares = [0, 1, 2].map(() => this.#random.between(0.94, 1.06));
    const sum = shares.reduce((a, b) => a + b, 0);
    this.#balance = [(shares[0] ?? 1) / sum, (shares[1] ?? 1) / sum, (shares[2] ?? 1) / sum];
    this.#at = startTime;
    this.#importKwh = behaviour.initialImportKwh;
    this.#reactiveKvarh = behaviour.initialImportKwh * 0.45;
  }

  /** Advances to `t` with the machine's load (0…1) since the last call. */
  advanceTo(t: number, load: number): MeterReading {
    if (t < this.#at) throw new Error("simulated time only moves forward");
    const r = this.#random;
    const b = this.#b;
    const hours = (t - this.#at) / 3_600_000;
    this.#at = t;
    // Motors do not jump: the load follows the machine with a few seconds' lag.
    const alpha = 1 - Math.exp(-hours * 3600);
    this.#smoothedLoad += (Math.min(1, Math.max(0, load)) - this.#smoothedLoad) * alpha;
    const share = b.standbyShare + (1 - b.standbyShare) * this.#smoothedLoad;
    const totalKw = Math.max(0, b.ratedKw * share * r.normal(1, 0.015));
    // Induction motors: poor power factor at light load, better near rated load.
    const powerFactor = Math.min(0.97, 0.62 + 0.33 * share + r.normal(0, 0.005));
    const apparentKva = totalKw / powerFactor;
    const reactiveKvar = Math.sqrt(Math.max(0, apparentKva ** 2 - totalKw ** 2));
    this.#importKwh += totalKw * hours;
    this.#reactiveKvarh += reactiveKvar * hours;
    // Grid voltage wanders slowly (random walk pulled back to nominal) and sags under this load.
    this.#gridOffset = this.#gridOffset * 0.98 + r.normal(0, 0.3);
    const sag = 4 * share;
    const voltageLn = [0, 1, 2].map(
      () => b.nominalVoltage + this.#gridOffset - sag + r.normal(0, 0.4),
    ) as unknown as Phases;
    const powerKw = this.#balance.map((s) => totalKw * s) as unknown as Phases;
    const current = powerKw.map(
      (p, i) => (p * 1000) / ((voltageLn[i] ?? b.nominalVoltage) * powerFactor),
    ) as unknown as Phases;
    const ll = (a: number, c: number) => Math.sqrt(a * a + c * c + a * c);
    return {
      at: t,
      voltageLn,
      voltageLl: [
        ll(voltageLn[0], voltageLn[1]),
        ll(voltageLn[1], voltageLn[2]),
        ll(voltageLn[2], voltageLn[0]),
      ],
      current,
      currentNeutral: Math.abs(current[0] - (current[1] + current[2]) / 2) * 0.5,
      powerKw,
      totalKw,
      reactiveKvar,
      apparentKva,
      powerFactor,
      frequency: b.nominalHz + r.normal(0, 0.01),
      importKwh: this.#importKwh,
      exportKwh: 0,
      reactiveImportKvarh: this.#reactiveKvarh,
    };
  }
}
