/**
 * At most `limit` tasks at once; the rest wait in order. Password checks (scrypt, ≈ 60 ms and
 * 32 MiB each) go through one of these so that however many CONNECTs arrive, they hold at most
 * `limit` of libuv's 4 pool threads, and the frame signature checks that share the pool keep the
 * rest (issue 17: 32 concurrent wrong passwords took PUBACKs from 6 ms to 2.9 s).
 */
export class ConcurrencyGate {
  private running = 0;
  /** Tasks started so far: how much expensive work was actually done. */
  started = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    this.started++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.running--;
      else next();
    }
  }

  get queued(): number {
    return this.waiting.length;
  }
}
