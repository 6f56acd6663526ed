/** Simulated time that runs `speed` times faster than real time from `startTime` on. */
export class SimulatedClock {
  readonly #start: number;
  readonly #speed: number;
  readonly #realStart = performance.now();

  constructor(startTime: number, speed: number) {
    if (!(speed > 0)) throw new Error(`speed must be > 0, got ${speed}`);
    this.#start = startTime;
    this.#speed = speed;
  }

  now(): number {
    return Math.floor(this.#start + (performance.now() - this.#realStart) * this.#speed);
  }
}
