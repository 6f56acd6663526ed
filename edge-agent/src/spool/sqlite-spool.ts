import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Loss, Spool, SpoolEntry, SpooledFrame, SpoolStats } from "./spool.js";

export interface SqliteSpoolOptions {
  readonly path: string;
  /** Frame bytes kept before the oldest frames are evicted. */
  readonly maxBytes: number;
  readonly maxAgeMs: number;
  /**
   * `FULL` (default): every append is on disk before it returns, so a power cut loses nothing that
   * was spooled. `NORMAL` survives a process crash but may lose the last commits on power loss
   * (SQLite WAL docs, "synchronous"). See README for measured figures.
   */
  readonly synchronous?: "FULL" | "NORMAL";
  /** Called once per evicted frame, after the transaction that evicted it. */
  readonly onEvict?: (frame: { id: number; samples: number; reason: "full" | "expired" }) => void;
}

interface Row {
  id: number;
  topic: string;
  bytes: Buffer;
  samples: number;
  created: number;
}

interface Victim {
  id: number;
  size: number;
  samples: number;
  loss_frames: number;
  loss_samples: number;
  loss_since: number | null;
}

const VICTIM_COLUMNS = "id, size, samples, loss_frames, loss_samples, loss_since";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS frames (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  topic TEXT NOT NULL,
  bytes BLOB NOT NULL,
  size INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  created INTEGER NOT NULL,
  loss_frames INTEGER NOT NULL DEFAULT 0,
  loss_samples INTEGER NOT NULL DEFAULT 0,
  loss_since INTEGER
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO counters (name, value) VALUES
  ('evicted_frames', 0), ('evicted_samples', 0),
  ('pending_frames', 0), ('pending_samples', 0), ('pending_since', -1),
  ('last_append', -1), ('running_since', -1);
`;

/**
 * The durable spool: one SQLite database in WAL mode. Appends, evictions and the loss counters
 * change in one transaction, so after a crash at any instant the counts still match the frames.
 * AUTOINCREMENT keeps ids increasing even after the newest frame was deleted, so replay order is
 * the order frames were spooled in.
 */
export function openSqliteSpool(options: SqliteSpoolOptions): Spool {
  mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
  const db = new Database(options.path);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${options.synchronous ?? "FULL"}`);
  // Keeps the WAL from growing past 4 MiB between checkpoints on a small SD card.
  db.pragma("journal_size_limit = 4194304");
  db.exec(SCHEMA);

  const insert = db.prepare(
    "INSERT INTO frames (topic, bytes, size, samples, created, loss_frames, loss_samples, loss_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const oldest = db.prepare<[number], Victim>(`SELECT ${VICTIM_COLUMNS} FROM frames ORDER BY id LIMIT ?`);
  const expired = db.prepare<[number], Victim>(
    `SELECT ${VICTIM_COLUMNS} FROM frames WHERE created < ? ORDER BY id`,
  );
  const deleteOne = db.prepare<[number], { size: number }>("DELETE FROM frames WHERE id = ? RETURNING size");
  const after = db.prepare<[number, number], Row>(
    "SELECT id, topic, bytes, samples, created FROM frames WHERE id > ? ORDER BY id LIMIT ?",
  );
  const getCounter = db.prepare<[string], { value: number }>("SELECT value FROM counters WHERE name = ?");
  const setCounter = db.prepare("UPDATE counters SET value = ? WHERE name = ?");
  const totals = db.prepare<[], { frames: number; bytes: number | null }>(
    "SELECT count(*) AS frames, sum(size) AS bytes FROM frames",
  );
  const first = db.prepare<[], { created: number }>("SELECT created FROM frames ORDER BY id LIMIT 1");

  const counter = (name: string): number => getCounter.get(name)?.value ?? 0;
  const initial = totals.get();
  let frameCount = initial?.frames ?? 0;
  let byteCount = initial?.bytes ?? 0;
  const claimed = new Set<number>();
  /** What stats() answers once closed: the agent's last status shows the spool as it was left. */
  let finalStats: SpoolStats | undefined;
  let evictedNow: { id: number; samples: number; reason: "full" | "expired" }[] = [];

  const evict = (victim: Victim, now: number, reason: "full" | "expired"): void => {
    deleteOne.get(victim.id);
    frameCount -= 1;
    byteCount -= victim.size;
    setCounter.run(counter("evicted_frames") + 1, "evicted_frames");
    setCounter.run(counter("evicted_samples") + victim.samples, "evicted_samples");
    // The evicted frame itself, plus any loss it was carrying: that report is now lost too.
    const since = counter("pending_since");
    const carriedSince = victim.loss_since ?? now;
    setCounter.run(counter("pending_frames") + 1 + victim.loss_frames, "pending_frames");
    setCounter.run(counter("pending_samples") + victim.samples + victim.loss_samples, "pending_samples");
    setCounter.run(since < 0 ? Math.min(now, carriedSince) : Math.min(since, carriedSince), "pending_since");
    evictedNow.push({ id: victim.id, samples: victim.samples, reason });
  };

  const makeRoom = (needed: number, now: number): void => {
    while (byteCount + needed > options.maxBytes && frameCount > 0) {
      const candidates = oldest.all(claimed.size + 64).filter((v) => !claimed.has(v.id));
      if (candidates.length === 0) return;
      for (const victim of candidates) {
        if (byteCount + needed <= options.maxBytes) return;
        evict(victim, now, "full");
      }
    }
  };

  const appendTx = db.transaction((entry: SpoolEntry, now: number) => {
    if (entry.reportsLoss !== undefined) {
      setCounter.run(counter("pending_frames") - entry.reportsLoss.frames, "pending_frames");
      setCounter.run(counter("pending_samples") - entry.reportsLoss.samples, "pending_samples");
      if (counter("pending_frames") === 0 && counter("pending_samples") === 0)
        setCounter.run(-1, "pending_since");
    }
    makeRoom(entry.bytes.length, now);
    const loss = entry.reportsLoss;
    insert.run(
      entry.topic,
      entry.bytes,
      entry.bytes.length,
      entry.samples,
      now,
      loss?.frames ?? 0,
      loss?.samples ?? 0,
      loss?.since ?? null,
    );
    frameCount += 1;
    byteCount += entry.bytes.length;
    setCounter.run(now, "last_append");
    // A frame larger than the whole spool cannot be kept: it is evicted at once, and counted.
    if (byteCount > options.maxBytes) makeRoom(0, now);
  });
  const expireTx = db.transaction((now: number) => {
    const victims = expired.all(now - options.maxAgeMs);
    let count = 0;
    for (const victim of victims) {
      if (claimed.has(victim.id)) continue;
      evict(victim, now, "expired");
      count += 1;
    }
    return count;
  });
  const removeTx = db.transaction((ids: readonly number[]) => {
    for (const id of ids) {
      claimed.delete(id);
      const removed = deleteOne.get(id);
      if (removed === undefined) continue;
      frameCount -= 1;
      byteCount -= removed.size;
    }
  });

  const report = (): void => {
    const done = evictedNow;
    evictedNow = [];
    for (const frame of done) options.onEvict?.(frame);
  };

  return {
    append(entry, now) {
      try {
        appendTx(entry, now);
      } finally {
        report();
      }
    },
    beginRun(now) {
      const runningSince = counter("running_since");
      const lastAppend = counter("last_append");
      setCounter.run(now, "running_since");
      if (runningSince < 0) return undefined;
      return { from: Math.max(runningSince, lastAppend), to: now };
    },
    endRun() {
      if (db.open) setCounter.run(-1, "running_since");
    },
    pendingLoss() {
      const frames = counter("pending_frames");
      const samples = counter("pending_samples");
      if (frames === 0 && samples === 0) return undefined;
      return { frames, samples, since: counter("pending_since") };
    },
    readAfter(afterId, limit) {
      return after.all(afterId, limit).map(
        (row): SpooledFrame => ({
          id: row.id,
          topic: row.topic,
          bytes: row.bytes,
          samples: row.samples,
          createdAt: row.created,
        }),
      );
    },
    remove(ids) {
      if (ids.length > 0) removeTx(ids);
    },
    claim(id) {
      claimed.add(id);
    },
    release(id) {
      claimed.delete(id);
    },
    evictExpired(now) {
      try {
        return expireTx(now);
      } finally {
        report();
      }
    },
    stats(): SpoolStats {
      if (!db.open && finalStats !== undefined) return finalStats;
      const pendingLoss = this.pendingLoss();
      return {
        frames: frameCount,
        bytes: byteCount,
        maxBytes: options.maxBytes,
        oldestAt: first.get()?.created,
        evictedFrames: counter("evicted_frames"),
        evictedSamples: counter("evicted_samples"),
        pendingLoss,
      };
    },
    close() {
      if (!db.open) return;
      finalStats = this.stats();
      db.close();
    },
  };
}

export type { Loss };
