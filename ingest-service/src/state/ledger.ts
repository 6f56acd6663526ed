import { chunked, type SqlExecutor, valuesList } from "./sql-client.js";

export const HOUR_MS = 3_600_000;
export const hourOf = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;

/** Increments for one ledger row; `expectedSamples` is set when the row is created. */
export interface LedgerDelta {
  ent: string;
  gw: string;
  /** '' is the gateway's own row (frame gaps, rejections, duplicates, skew, spool losses). */
  dev: string;
  hour: number;
  frames: number;
  samples: number;
  expectedSamples: number | null;
  gaps: number;
  rejections: number;
  duplicates: number;
  skewedFrames: number;
  lostFrames: number;
  lostSamples: number;
}

export type LedgerCounts = Omit<LedgerDelta, "ent" | "gw" | "dev" | "hour" | "expectedSamples">;

/** Sums deltas per row in memory, so a batch costs one upsert per (device, hour). */
export class LedgerBatch {
  private readonly rows = new Map<string, LedgerDelta>();

  add(
    ent: string,
    gw: string,
    dev: string,
    hour: number,
    counts: Partial<LedgerCounts>,
    expected: number | null = null,
  ) {
    const key = `${ent}\u0000${gw}\u0000${dev}\u0000${hour}`;
    let row = this.rows.get(key);
    if (row === undefined) {
      row = {
        ent,
        gw,
        dev,
        hour,
        frames: 0,
        samples: 0,
        expectedSamples: expected,
        gaps: 0,
        rejections: 0,
        duplicates: 0,
        skewedFrames: 0,
        lostFrames: 0,
        lostSamples: 0,
      };
      this.rows.set(key, row);
    }
    for (const [name, value] of Object.entries(counts) as [keyof LedgerCounts, number][]) row[name] += value;
  }

  get size() {
    return this.rows.size;
  }

  async save(tx: SqlExecutor): Promise<void> {
    // A stable lock order keeps concurrent committers (instances, flushes) deadlock-free.
    const rows = [...this.rows.values()].sort(
      (a, b) =>
        a.ent.localeCompare(b.ent) ||
        a.gw.localeCompare(b.gw) ||
        a.dev.localeCompare(b.dev) ||
        a.hour - b.hour,
    );
    for (const batch of chunked(rows, 500)) {
      const { sql, params } = valuesList(
        batch.map((r) => [
          r.ent,
          r.gw,
          r.dev,
          r.hour,
          r.frames,
          r.samples,
          r.expectedSamples,
          r.gaps,
          r.rejections,
          r.duplicates,
          r.skewedFrames,
          r.lostFrames,
          r.lostSamples,
        ]),
      );
      await tx.query(
        `INSERT INTO ledger AS l (ent, gw, dev, hour, frames, samples, expected_samples, gaps, rejections,
           duplicates, skewed_frames, lost_frames, lost_samples) VALUES ${sql}
         ON CONFLICT (ent, gw, dev, hour) DO UPDATE SET frames = l.frames + excluded.frames,
           samples = l.samples + excluded.samples,
           expected_samples = COALESCE(l.expected_samples, excluded.expected_samples),
           gaps = l.gaps + excluded.gaps, rejections = l.rejections + excluded.rejections,
           duplicates = l.duplicates + excluded.duplicates, skewed_frames = l.skewed_frames + excluded.skewed_frames,
           lost_frames = l.lost_frames + excluded.lost_frames, lost_samples = l.lost_samples + excluded.lost_samples`,
        params,
      );
    }
  }
}

export async function readLedger(
  sql: SqlExecutor,
  query: { ent: string; gw?: string | undefined; dev?: string | undefined; from: number; to: number },
): Promise<LedgerDelta[]> {
  return sql.query<LedgerDelta>(
    `SELECT ent, gw, dev, hour, frames, samples, expected_samples AS "expectedSamples", gaps, rejections,
       duplicates, skewed_frames AS "skewedFrames", lost_frames AS "lostFrames", lost_samples AS "lostSamples"
     FROM ledger WHERE ent = $1 AND ($2::text IS NULL OR gw = $2) AND ($3::text IS NULL OR dev = $3)
       AND hour >= $4 AND hour < $5 ORDER BY gw, dev, hour LIMIT 10000`,
    [query.ent, query.gw ?? null, query.dev ?? null, hourOf(query.from), query.to],
  );
}
