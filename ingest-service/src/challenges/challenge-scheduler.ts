import type { Logger } from "pino";
import type { Device } from "../state/registry.js";
import type { SqlExecutor } from "../state/sql-client.js";
import type { ChallengeService } from "./challenge-service.js";

export interface ScheduleOptions {
  /** Mean interval between challenges, ms. */
  everyMs: number;
  /** Each interval is everyMs × (1 ± jitter), so a gateway cannot predict the next one. */
  jitter: number;
  /** Challenges in flight at once, at most. */
  concurrency: number;
  deadlineMs: number;
}

/**
 * Scheduled random challenges (off unless `--challenge-every` is given): at random intervals,
 * one device picked at random among those on gateways that are online and not revoked. A
 * challenge still in flight when the next is due counts against `concurrency`; beyond it the
 * tick is skipped (and logged), so a slow fleet is never flooded.
 */
export class ChallengeScheduler {
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private stopped = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly service: ChallengeService,
    private readonly sql: SqlExecutor,
    private readonly opts: ScheduleOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.arm();
  }

  /** Stops scheduling; resolves once the challenges in flight are done (each within its deadline). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all(this.running);
  }

  private arm(): void {
    if (this.stopped) return;
    const factor = 1 + this.opts.jitter * (2 * Math.random() - 1);
    this.timer = setTimeout(
      () => {
        const tick = this.tick();
        this.running.add(tick);
        void tick.finally(() => this.running.delete(tick));
        this.arm();
      },
      Math.max(1, Math.round(this.opts.everyMs * factor)),
    );
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.inFlight >= this.opts.concurrency) {
      this.log.warn({ inFlight: this.inFlight }, "scheduled challenge skipped: earlier ones still in flight");
      return;
    }
    this.inFlight += 1;
    try {
      const [device] = await this.sql.query<Device>(
        `SELECT d.ent, d.gw, d.id, d.profile FROM devices d JOIN gateways g ON g.ent = d.ent AND g.id = d.gw
         WHERE g.status = 'online' AND g.revoked_at IS NULL ORDER BY random() LIMIT 1`,
      );
      if (device !== undefined) await this.service.challenge(device, this.opts.deadlineMs, "scheduler");
    } catch (error) {
      this.log.error({ err: error }, "scheduled challenge failed to run");
    } finally {
      this.inFlight -= 1;
    }
  }
}
