import type { Quality, SampleValue } from "@onramp/contract";
import { chunked, type SqlClient, valuesList } from "../state/sql-client.js";
import { samplesOf } from "./sample-columns.js";
import type { SignalPoint, SignalQuery, TelemetryBatch, TelemetryStore } from "./telemetry-store.js";

/**
 * The zero-setup default: samples in a table of the embedded SQL store (PGlite), in the same data
 * directory as the state. Why not a separate file format: one engine already gives durable
 * commits, crash recovery and indexed range reads, and the demo needs no second moving part.
 * PGlite measured ≈ 80k rows/s in multi-row INSERTs here, enough for a demo and a small plant;
 * production telemetry belongs in InfluxDB. The primary key mirrors an InfluxDB point (series +
 * time), and a rewrite overwrites, so redelivery stays idempotent.
 */
export class EmbeddedStore implements TelemetryStore {
  readonly kind = "embedded";

  constructor(private readonly sql: SqlClient) {}

  async write(runs: TelemetryBatch): Promise<void> {
    // Last sample wins inside one statement too (ON CONFLICT may not touch a row twice).
    const unique = new Map<string, unknown[]>();
    for (const { ent, gw, dev, profile, columns } of runs) {
      for (const { s, t, v, q } of samplesOf(columns))
        unique.set(`${ent}\u0000${gw}\u0000${dev}\u0000${s}\u0000${t}`, [
          ent,
          gw,
          dev,
          s,
          t,
          profile,
          typeof v === "number" ? v : null,
          typeof v === "boolean" ? v : null,
          typeof v === "string" ? v : null,
          q,
        ]);
    }
    await this.sql.transaction(async (tx) => {
      for (const batch of chunked([...unique.values()], 1000)) {
        const { sql, params } = valuesList(batch);
        await tx.query(
          `INSERT INTO telemetry_samples (ent, gw, dev, signal, t, profile, num, bool, str, quality) VALUES ${sql}
           ON CONFLICT (ent, gw, dev, signal, t) DO UPDATE SET profile = excluded.profile, num = excluded.num,
             bool = excluded.bool, str = excluded.str, quality = excluded.quality`,
          params,
        );
      }
    });
  }

  async readSignal(q: SignalQuery): Promise<SignalPoint[]> {
    const rows = await this.sql.query<{
      t: number;
      num: number | null;
      bool: boolean | null;
      str: string | null;
      quality: Quality;
    }>(
      `SELECT t, num, bool, str, quality FROM telemetry_samples
       WHERE ent = $1 AND gw = $2 AND dev = $3 AND signal = $4 AND t >= $5 AND t < $6 ORDER BY t LIMIT $7`,
      [q.ent, q.gw, q.dev, q.signal, q.from, q.to, q.limit],
    );
    return rows.map((r) => ({
      t: r.t,
      value: (r.num ?? r.bool ?? r.str) as SampleValue,
      quality: r.quality,
    }));
  }

  async isReachable(): Promise<boolean> {
    try {
      await this.sql.query("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  /** The SQL client belongs to the state store, which closes it. */
  async close(): Promise<void> {}
}
