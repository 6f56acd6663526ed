/** What the spool holds and reports; the SQLite implementation is in sqlite-spool.ts. */

/** Frames and samples evicted unsent, not yet reported in a data frame (contract `loss`). */
export interface Loss {
  readonly frames: number;
  readonly samples: number;
  /** When the first eviction not reported yet happened (ms since the epoch). */
  readonly since: number;
}

export interface SpoolEntry {
  readonly topic: string;
  /** The signed frame, exactly as it will be published. */
  readonly bytes: Buffer;
  /** Samples it carries (0 for status frames): eviction counts them. */
  readonly samples: number;
  /** The loss this frame reports: consumed from the pending loss in the same transaction. */
  readonly reportsLoss?: Loss;
}

export interface SpooledFrame {
  /** Spool position: frames replay in ascending id order. */
  readonly id: number;
  readonly topic: string;
  readonly bytes: Buffer;
  readonly samples: number;
  readonly createdAt: number;
}

export interface SpoolStats {
  readonly frames: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly oldestAt: number | undefined;
  /** Since the spool file was created (persisted). */
  readonly evictedFrames: number;
  readonly evictedSamples: number;
  readonly pendingLoss: Loss | undefined;
}

export interface Spool {
  /** Stores a frame durably (fsync before returning), evicting the oldest frames if it does not fit. */
  append(entry: SpoolEntry, now: number): void;
  /** Loss to report in the next data frame, if any. */
  pendingLoss(): Loss | undefined;
  /**
   * Marks an agent run as started. When the previous run never called `endRun` (kill -9, power
   * cut), returns the window it cannot vouch for: from its last spooled frame (or its start, if
   * later) to now. Samples read in that window but still in the open batch were never spooled.
   */
  beginRun(now: number): { from: number; to: number } | undefined;
  /** Marks the run as ended cleanly: everything read was spooled first. */
  endRun(): void;
  /** Up to `limit` frames after spool position `afterId`, oldest first. */
  readAfter(afterId: number, limit: number): SpooledFrame[];
  /** Frames the broker acknowledged (PUBACK). Unknown ids are ignored. */
  remove(ids: readonly number[]): void;
  /** Frames that are being published: eviction skips them, so a frame acknowledged later is never counted as lost. */
  claim(id: number): void;
  release(id: number): void;
  /** Evicts frames older than the age limit; returns how many. */
  evictExpired(now: number): number;
  stats(): SpoolStats;
  close(): void;
}
