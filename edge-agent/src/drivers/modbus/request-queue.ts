/** Healthy devices go first; a device that has been failing waits behind them (README "One dead unit"). */
export type Priority = "normal" | "low";

interface Job {
  readonly run: () => Promise<void>;
  readonly cancel: () => void;
}

/**
 * A FIFO of exchanges on one connection or bus, at most `maxInFlight` at a time, with at least
 * `gapMs` of silence after each exchange before the next starts (the RTU inter-frame gap).
 * Its length is bounded by its callers: a device has at most one request queued per poll group.
 */
export class RequestQueue {
  private readonly normal: Job[] = [];
  private readonly low: Job[] = [];
  private inFlight = 0;
  private quietUntil = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxInFlight: number,
    private readonly gapMs: number,
  ) {}

  get isIdle(): boolean {
    return this.inFlight === 0 && this.normal.length === 0 && this.low.length === 0;
  }

  /** Runs `run` in its turn; `cancelled` is the result when the queue is cleared first. */
  submit<T>(run: () => Promise<T>, priority: Priority, cancelled: T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        run: () => run().then(resolve, reject),
        cancel: () => resolve(cancelled),
      };
      (priority === "normal" ? this.normal : this.low).push(job);
      this.pump();
    });
  }

  /** Resolves every waiting job with its `cancelled` value; exchanges in flight finish on their own. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const job of this.normal.splice(0).concat(this.low.splice(0))) job.cancel();
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && (this.normal.length > 0 || this.low.length > 0)) {
      const wait = this.quietUntil - performance.now();
      if (wait > 0) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      const job = this.normal.shift() ?? this.low.shift();
      if (job === undefined) return;
      this.inFlight += 1;
      void job.run().finally(() => {
        this.inFlight -= 1;
        if (this.gapMs > 0) this.quietUntil = performance.now() + this.gapMs;
        this.pump();
      });
    }
  }
}
