import type { Logger } from "pino";
import type { DeviceHealth } from "../modbus/health.js";

/** Poll ticks of one interval group that a late cycle overlapped are logged at most this often. */
const OVERRUN_LOG_INTERVAL_MS = 60_000;

/**
 * Runs a device's poll groups, each on its own grid `anchor + k × interval` (lateness never
 * accumulates into drift); a tick that comes while the previous cycle of its group still runs is
 * skipped and counted. While the device is degraded, only the first group runs, at the health's
 * backing-off delay, until the device answers.
 */
export class PollLoop {
  private readonly timers = new Set<NodeJS.Timeout>();
  private wakers = new Set<() => void>();
  private isStopped = false;
  private lastOverrunLog = 0;

  constructor(
    private readonly intervals: readonly number[],
    private readonly runCycle: (intervalMs: number) => Promise<void>,
    private readonly health: DeviceHealth,
    private readonly onOverrun: (skipped: number) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    for (const interval of this.intervals) void this.run(interval, interval === this.intervals[0]);
  }

  stop(): void {
    this.isStopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const wake of this.wakers) wake();
    this.wakers.clear();
  }

  private async run(intervalMs: number, isFirst: boolean): Promise<void> {
    const anchor = performance.now();
    let tick = 0;
    while (!this.isStopped) {
      if (this.health.isDegraded && !isFirst) {
        // Only the first group probes a degraded device; the others wait for it to answer.
        await this.sleep(intervalMs);
        continue;
      }
      await this.runCycle(intervalMs);
      if (this.isStopped) return;
      if (this.health.isDegraded) {
        await this.sleep(this.health.nextDegradedDelayMs());
        continue;
      }
      const now = performance.now();
      const next = Math.max(tick + 1, Math.floor((now - anchor) / intervalMs) + 1);
      const skipped = next - tick - 1;
      if (skipped > 0) this.overrun(intervalMs, skipped);
      tick = next;
      await this.sleep(anchor + tick * intervalMs - performance.now());
    }
  }

  private overrun(intervalMs: number, skipped: number): void {
    this.onOverrun(skipped);
    const now = performance.now();
    if (now - this.lastOverrunLog < OVERRUN_LOG_INTERVAL_MS && this.lastOverrunLog !== 0) return;
    this.lastOverrunLog = now;
    this.log.warn(
      { code: "ONRAMP_S7_OVERRUN", intervalMs, skipped },
      `a poll cycle took longer than its ${intervalMs} ms interval: ${skipped} tick(s) skipped`,
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.timers.add(timer);
      this.wakers.add(wake);
    });
  }
}
