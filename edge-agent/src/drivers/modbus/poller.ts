import type { PollGroup } from "@onramp/profiles";
import type { Logger } from "pino";
import type { DeviceHealth } from "./health.js";
import type { ModbusCounters } from "./session.js";

/** Runs one cycle of a poll group: reads, delivers samples, updates health. */
export type RunCycle = (group: PollGroup) => Promise<void>;

/** Overrun warnings of one group are logged at most this often; the counter counts them all. */
const OVERRUN_LOG_INTERVAL_MS = 60_000;

/**
 * The next tick after `now` on the grid `anchor + k × interval`, and how many ticks of the grid
 * passed unused since tick `last`. Ticks are computed from the anchor, never from the previous
 * tick's actual time, so lateness never accumulates into drift.
 */
export function nextTick(
  anchor: number,
  intervalMs: number,
  last: number,
  now: number,
): { readonly tick: number; readonly at: number; readonly skipped: number } {
  const tick = Math.max(last + 1, Math.floor((now - anchor) / intervalMs) + 1);
  return { tick, at: anchor + tick * intervalMs, skipped: tick - last - 1 };
}

/**
 * Schedules a device's poll groups, each on its own interval grid. A cycle never overlaps the
 * next one of its group: a tick that comes while the previous cycle still runs is skipped and
 * counted as an overrun, so nothing queues up. While the device is degraded the grids stop and
 * one probe cycle runs at a backing-off delay; when it answers, the grids restart.
 */
export class Poller {
  /** Pending sleeps: clearing one resolves it, so its loop wakes up and sees it is no longer current. */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private generation = 0;
  private isStopped = false;
  private readonly lastOverrunLog = new Map<number, number>();

  constructor(
    private readonly groups: readonly PollGroup[],
    private readonly runCycle: RunCycle,
    private readonly health: DeviceHealth,
    private readonly counters: ModbusCounters,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.generation += 1;
    for (const group of this.groups) void this.runGroup(group, this.generation);
  }

  stop(): void {
    this.isStopped = true;
    this.wakeAll();
  }

  private async runGroup(group: PollGroup, generation: number): Promise<void> {
    const anchor = performance.now();
    let tick = 0;
    while (this.isCurrent(generation)) {
      await this.runCycle(group);
      if (!this.isCurrent(generation)) return;
      if (this.health.isDegraded) return this.degrade();
      const next = nextTick(anchor, group.intervalMs, tick, performance.now());
      if (next.skipped > 0) this.overrun(group, next.skipped);
      tick = next.tick;
      await this.sleep(next.at - performance.now());
    }
  }

  private degrade(): void {
    this.wakeAll();
    void this.probe(this.generation);
  }

  /** Ends every loop of the current generation. */
  private wakeAll(): void {
    this.generation += 1;
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.timers.clear();
  }

  private async probe(generation: number): Promise<void> {
    const first = this.groups[0];
    if (first === undefined) return;
    while (this.isCurrent(generation)) {
      await this.sleep(this.health.nextDegradedDelayMs());
      if (!this.isCurrent(generation)) return;
      await this.runCycle(first);
      if (this.isCurrent(generation) && !this.health.isDegraded) return this.start();
    }
  }

  private overrun(group: PollGroup, skipped: number): void {
    this.counters.overruns += skipped;
    const now = performance.now();
    const last = this.lastOverrunLog.get(group.intervalMs);
    if (last !== undefined && now - last < OVERRUN_LOG_INTERVAL_MS) return;
    this.lastOverrunLog.set(group.intervalMs, now);
    this.log.warn(
      {
        code: "ONRAMP_MODBUS_OVERRUN",
        intervalMs: group.intervalMs,
        skipped,
        overruns: this.counters.overruns,
      },
      `a poll cycle took longer than its ${group.intervalMs} ms interval: ${skipped} tick(s) skipped`,
    );
  }

  private isCurrent(generation: number): boolean {
    return !this.isStopped && generation === this.generation;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          resolve();
        },
        Math.max(0, ms),
      );
      this.timers.set(timer, resolve);
    });
  }
}
