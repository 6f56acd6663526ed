/**
 * The catch-up rate: at most `ratePerSecond` frames per second on average, with bursts of up
 * to one second's worth. Live traffic (a frame per batch interval) never notices it; a backlog
 * replayed after an outage is spread out instead of hitting the broker at once.
 */
export class TokenBucket {
  readonly #rate: number;
  #tokens: number;
  #updatedAt: number;

  constructor(ratePerSecond: number, now: number) {
    this.#rate = ratePerSecond;
    this.#tokens = ratePerSecond;
    this.#updatedAt = now;
  }

  /** Takes a token if one is available. */
  tryTake(now: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token. */
  waitMs(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.#rate) * 1000);
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.#rate, this.#tokens + elapsed * this.#rate);
    this.#updatedAt = now;
  }
}
