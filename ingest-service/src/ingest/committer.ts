import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { IngestMetrics } from "../metrics/metrics.js";
import {
  type AccountedFrame,
  commitFrames,
  type ProfileCatalog,
  type RejectionTally,
} from "../state/accounting.js";
import { findSeen, frameKey } from "../state/dedupe.js";
import { hourOf } from "../state/ledger.js";
import type { SqlClient } from "../state/sql-client.js";
import { type SampleRun, type TelemetryStore, valuesIn } from "../store/telemetry-store.js";
import { LogThrottle } from "../verify/log-throttle.js";

export type CommitOutcome = "stored" | "duplicate";

export interface CommitterOptions {
  store: TelemetryStore;
  sql: SqlClient;
  catalog: ProfileCatalog;
  metrics: IngestMetrics;
  log: Logger;
  /** Points held in memory before `submit` stops resolving (and so the broker stops being acked). */
  maxQueuedPoints?: number;
  maxBatchPoints?: number;
  /** Batches committing at once; more than one overlaps a telemetry write with the next SQL commit. */
  concurrency?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

interface Pending {
  frame: AccountedFrame;
  runs: readonly SampleRun[];
  /** Values in `runs`: what the queue and batch bounds count. */
  points: number;
  resolve: (outcome: CommitOutcome) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit with backpressure. Frames queue while a batch is being written, and the next batch
 * takes them all (up to `maxBatchPoints`): one telemetry write and one SQL transaction for many
 * MQTT messages. A batch is retried with exponential backoff until it succeeds — the data is never
 * dropped; meanwhile the queue fills to `maxQueuedPoints` and `submit` makes callers wait, so no
 * more messages are acknowledged and the broker and the agents' spools hold the backlog.
 */
export class FrameCommitter {
  private readonly queue: Pending[] = [];
  private queuedPoints = 0;
  private readonly spaceWaiters: (() => void)[] = [];
  private inFlight = 0;
  private closing = false;
  private readonly tallies = new Map<string, RejectionTally>();
  private tallyTimer: NodeJS.Timeout | undefined;
  private readonly failureLog = new LogThrottle(10_000, 16);
  private readonly idleWaiters: (() => void)[] = [];
  private readonly opts: Required<CommitterOptions>;

  constructor(options: CommitterOptions) {
    this.opts = {
      maxQueuedPoints: 200_000,
      maxBatchPoints: 40_000,
      concurrency: 2,
      retryMinMs: 100,
      retryMaxMs: 5_000,
      ...options,
    };
  }

  get queuedFrames(): number {
    return this.queue.length;
  }

  get pointsQueued(): number {
    return this.queuedPoints;
  }

  get waitingForSpace(): number {
    return this.spaceWaiters.length;
  }

  /** Resolves once the frame is durable (or known as a duplicate); the caller acks then. */
  async submit(frame: AccountedFrame, runs: readonly SampleRun[]): Promise<CommitOutcome> {
    const points = valuesIn(runs);
    while (!this.closing && this.queue.length > 0 && this.queuedPoints + points > this.opts.maxQueuedPoints) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    if (this.closing) throw new Error("ingest is shutting down; the message stays unacknowledged");
    return new Promise<CommitOutcome>((resolve, reject) => {
      this.queue.push({ frame, runs, points, resolve, reject });
      this.queuedPoints += points;
      this.pump();
    });
  }

  /** Counts a rejected frame in its gateway's ledger row; written with the next batch. */
  countRejection(ent: string, gw: string, at: number): void {
    const hour = hourOf(at);
    const key = `${ent}/${gw}/${hour}`;
    const tally = this.tallies.get(key);
    if (tally === undefined) this.tallies.set(key, { ent, gw, hour, count: 1 });
    else tally.count += 1;
    // With no frames flowing, rejections still reach the ledger within a second.
    this.tallyTimer ??= setTimeout(() => {
      this.tallyTimer = undefined;
      if (this.queue.length === 0 && this.inFlight === 0) this.launch([]);
    }, 1000);
  }

  /** Stops taking frames; waits (up to `timeoutMs`) for batches in flight, fails what is queued. */
  async close(timeoutMs = 5_000): Promise<void> {
    this.closing = true;
    clearTimeout(this.tallyTimer);
    for (const wake of this.spaceWaiters.splice(0)) wake();
    const idle = new Promise<void>((resolve) =>
      this.inFlight === 0 ? resolve() : this.idleWaiters.push(resolve),
    );
    await Promise.race([idle, sleep(timeoutMs)]);
    for (const pending of this.queue.splice(0))
      pending.reject(new Error("ingest shut down before the frame was stored"));
  }

  private pump(): void {
    while (!this.closing && this.inFlight < this.opts.concurrency && this.queue.length > 0) {
      const batch: Pending[] = [];
      let points = 0;
      while (this.queue.length > 0) {
        const next = this.queue[0] as Pending;
        if (batch.length > 0 && points + next.points > this.opts.maxBatchPoints) break;
        batch.push(this.queue.shift() as Pending);
        points += next.points;
      }
      this.queuedPoints -= points;
      for (const wake of this.spaceWaiters.splice(0)) wake();
      this.launch(batch);
    }
  }

  private launch(batch: Pending[]): void {
    this.inFlight += 1;
    this.commit(batch).finally(() => {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      this.pump();
    });
  }

  private async commit(batch: Pending[]): Promise<void> {
    const tallies = [...this.tallies.values()];
    this.tallies.clear();
    for (let attempt = 0; ; attempt++) {
      let stage = "telemetry";
      try {
        const seen =
          batch.length === 0
            ? new Set<string>()
            : await findSeen(
                this.opts.sql,
                batch.map((p) => p.frame.body),
              );
        const runs = batch.filter((p) => !seen.has(frameKey(p.frame.body))).flatMap((p) => p.runs);
        const points = valuesIn(runs);
        if (points > 0) await this.opts.store.write(runs);
        stage = "state";
        const fresh = await commitFrames(
          this.opts.sql,
          batch.map((p) => p.frame),
          tallies,
          this.opts.catalog,
        );
        this.opts.metrics.points.inc({}, points);
        this.opts.metrics.batches.inc();
        for (const p of batch) {
          const key = frameKey(p.frame.body);
          p.resolve(fresh.delete(key) ? "stored" : "duplicate");
        }
        return;
      } catch (error) {
        this.opts.metrics.commitFailures.inc({ stage });
        const delay = Math.min(this.opts.retryMaxMs, this.opts.retryMinMs * 2 ** Math.min(attempt, 16));
        if (this.failureLog.shouldLog(stage, Date.now())) {
          this.opts.log.error(
            { err: error, stage, attempt, frames: batch.length, retryInMs: delay },
            "commit failed; retrying, messages stay unacknowledged",
          );
        }
        if (this.closing) {
          for (const p of batch) p.reject(new Error("ingest shut down before the frame was stored"));
          return;
        }
        await sleep(delay * (0.5 + Math.random() / 2));
      }
    }
  }
}
