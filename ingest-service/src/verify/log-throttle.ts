/**
 * Lets one log line through per key per window, with a bounded number of keys: a flood of bad
 * frames from many (possibly invented) gateway ids costs at most `maxKeys` entries and one
 * summary line per window for everything beyond.
 */
export class LogThrottle {
  private readonly last = new Map<string, number>();
  private suppressedOverflow = 0;
  private overflowLoggedAt = -Infinity;

  constructor(
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  /** True when a line for `key` may be logged now. */
  shouldLog(key: string, now: number): boolean {
    const at = this.last.get(key);
    if (at !== undefined && now - at < this.windowMs) return false;
    if (at === undefined && this.last.size >= this.maxKeys) {
      this.evictExpired(now);
      if (this.last.size >= this.maxKeys) {
        this.suppressedOverflow += 1;
        return false;
      }
    }
    this.last.set(key, now);
    return true;
  }

  /** Lines dropped because the key table was full, reported once per window then reset. */
  takeOverflow(now: number): number {
    if (this.suppressedOverflow === 0 || now - this.overflowLoggedAt < this.windowMs) return 0;
    const count = this.suppressedOverflow;
    this.suppressedOverflow = 0;
    this.overflowLoggedAt = now;
    return count;
  }

  private evictExpired(now: number) {
    for (const [key, at] of this.last) if (now - at >= this.windowMs) this.last.delete(key);
  }
}
