/**
 * Back-off after repeated authentication failures, per key (a source address, an MQTT client
 * id). The first `freeFailures` failures cost nothing; after that the key is blocked for
 * `baseBlockMs`, doubling with every further failure up to `maxBlockMs`. A blocked attempt is
 * refused before any password is hashed, so guessing costs the attacker time and the service no
 * CPU. A key with no failure for `forgetAfterMs` starts afresh; a success clears it.
 */
export interface FailureBackoffOptions {
  freeFailures: number;
  baseBlockMs: number;
  maxBlockMs: number;
  forgetAfterMs: number;
  /** Keys remembered at most; the oldest are forgotten first, so an address sweep cannot grow memory. */
  maxKeys: number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

export class FailureBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly opts: FailureBackoffOptions) {}

  /** Milliseconds this key must still wait, 0 when it may try now. */
  blockedForMs(key: string, now: number): number {
    const entry = this.current(key, now);
    return entry === undefined ? 0 : Math.max(0, entry.blockedUntil - now);
  }

  /** Records a failure; returns how long the key is now blocked (0 while failures are still free). */
  fail(key: string, now: number): number {
    const previous = this.current(key, now);
    const failures = (previous?.failures ?? 0) + 1;
    const excess = failures - this.opts.freeFailures;
    const blockMs =
      excess <= 0 ? 0 : Math.min(this.opts.maxBlockMs, this.opts.baseBlockMs * 2 ** Math.min(excess - 1, 30));
    // Delete first so the key moves to the end of the Map's insertion order (the newest).
    this.entries.delete(key);
    this.entries.set(key, { failures, lastFailureAt: now, blockedUntil: now + blockMs });
    if (this.entries.size > this.opts.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return blockMs;
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private current(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (now - entry.lastFailureAt >= this.opts.forgetAfterMs && now >= entry.blockedUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
