import type { Logger } from "pino";
import { HOUR_MS } from "./ledger.js";
import type { SqlExecutor } from "./sql-client.js";

export const DAY_MS = 86_400_000;

export interface FrameLogRetentionOptions {
  /** Rows received more than this many days ago are deleted. */
  retentionDays: number;
  /**
   * Raw bytes of data frames kept per device and hour: a gateway-hour keeps at most this times
   * the number of devices registered on the gateway (its earliest frames first); the others lose
   * their `raw` column and keep digest and sample times for the replay checks.
   */
  maxRawBytesPerDeviceHour: number;
  /** Rows deleted per statement, so one prune never holds a long lock. */
  batchRows: number;
  /** Hours trimmed per run at most, so a long backlog is worked off over several runs. */
  maxHoursPerRun?: number;
}

export interface PruneResult {
  deleted: number;
  rawDropped: number;
  trimmedUntil: number;
}

/**
 * One pass of frame-log retention at `now`. Safe with several instances at once: each step is
 * idempotent (a DELETE of rows older than a cutoff; an UPDATE dropping the raw bytes beyond a
 * gateway-hour's budget, which a second pass finds already within it), batched per enterprise on
 * the `(ent, received_at)` index.
 */
export async function pruneFrameLog(
  sql: SqlExecutor,
  opts: FrameLogRetentionOptions,
  now: number,
): Promise<PruneResult> {
  const cutoff = now - opts.retentionDays * DAY_MS;
  const ents = (await sql.query<{ id: string }>(`SELECT id FROM enterprises ORDER BY id`)).map((r) => r.id);
  let deleted = 0;
  for (const ent of ents) {
    for (;;) {
      const [row] = await sql.query<{ n: number }>(
        `WITH gone AS (
           DELETE FROM frame_log WHERE ctid IN (
             SELECT ctid FROM frame_log WHERE ent = $1 AND received_at < $2 LIMIT $3)
           RETURNING 1)
         SELECT COUNT(*)::int AS n FROM gone`,
        [ent, cutoff, opts.batchRows],
      );
      const n = Number(row?.n ?? 0);
      deleted += n;
      if (n < opts.batchRows) break;
    }
  }
  const [mark] = await sql.query<{ trimmedUntil: number }>(
    `SELECT trimmed_until AS "trimmedUntil" FROM frame_log_trim WHERE id = 1`,
  );
  const currentHour = Math.floor(now / HOUR_MS) * HOUR_MS;
  // First run: from the oldest frame kept (nothing to trim before it).
  const start =
    mark === undefined
      ? Number(
          (await sql.query<{ t: number | null }>(`SELECT MIN(received_at) AS t FROM frame_log`))[0]?.t ??
            currentHour,
        )
      : Number(mark.trimmedUntil);
  const from = Math.floor(Math.max(start, cutoff) / HOUR_MS) * HOUR_MS;
  const until = Math.min(currentHour, from + (opts.maxHoursPerRun ?? 168) * HOUR_MS);
  let rawDropped = 0;
  if (until > from) {
    for (const ent of ents) {
      const [row] = await sql.query<{ n: number }>(
        `WITH running AS (
           SELECT f.ctid AS row_id,
             SUM(octet_length(f.raw)) OVER (
               PARTITION BY f.gw, f.received_at / ${HOUR_MS}
               ORDER BY f.received_at, f.sess, f.seq, f.digest ROWS UNBOUNDED PRECEDING) AS bytes,
             $4::bigint * GREATEST(1, (SELECT COUNT(*) FROM devices d WHERE d.ent = f.ent AND d.gw = f.gw)) AS budget
           FROM frame_log f
           WHERE f.ent = $1 AND f.kind = 'data' AND f.raw IS NOT NULL
             AND f.received_at >= $2 AND f.received_at < $3),
         dropped AS (
           UPDATE frame_log SET raw = NULL
           WHERE ctid IN (SELECT row_id FROM running WHERE bytes > budget)
           RETURNING 1)
         SELECT COUNT(*)::int AS n FROM dropped`,
        [ent, from, until, opts.maxRawBytesPerDeviceHour],
      );
      rawDropped += Number(row?.n ?? 0);
    }
    await sql.query(
      `INSERT INTO frame_log_trim (id, trimmed_until) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET trimmed_until = GREATEST(frame_log_trim.trimmed_until, EXCLUDED.trimmed_until)`,
      [until],
    );
  }
  return { deleted, rawDropped, trimmedUntil: Math.max(until, from) };
}

/** Runs `pruneFrameLog` every `everyMs` (the first run within a minute of start), logging what it did. */
export class FrameLogRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly opts: FrameLogRetentionOptions & { everyMs: number },
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.arm(Math.min(this.opts.everyMs, 60_000));
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = pruneFrameLog(this.sql, this.opts, this.now())
        .then(
          (r) => {
            if (r.deleted > 0 || r.rawDropped > 0) this.log.info(r, "frame log pruned");
          },
          (error: unknown) => this.log.error({ err: error }, "frame log pruning failed"),
        )
        .finally(() => {
          this.running = undefined;
          if (this.timer !== undefined) this.arm(this.opts.everyMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
