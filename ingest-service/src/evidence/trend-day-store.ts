import { createHash } from "node:crypto";
import type { IndicatorParams, Interval, MemberTrendPoint } from "../indicators/index.js";
import { DeviceRelations } from "../state/device-relations.js";
import { currentFingerprintClaims } from "../state/identity-log.js";
import { HOUR_MS } from "../state/ledger.js";
import { Registry } from "../state/registry.js";
import type { SqlExecutor } from "../state/sql-client.js";
import { readEnterpriseMeta } from "./enterprise-meta.js";
import { LIMITS } from "./load-input.js";

/**
 * The stored per-day trend figures (migration 008) and the two keys that say whether a stored day
 * still holds:
 *
 * - the **watermark**: the devices' ledger counters summed over every hour the day's report reads
 *   (the day and the history before it, `LIMITS.historyMs`; the gateway rows, keyed by receipt
 *   hour, are not read by a report and would move a day for frames measured on another). The ledger is keyed by *sample* hour, so a
 *   frame an agent's disk spool delivers days late raises the counters of the day its samples
 *   were measured on; and the ingest writes the telemetry store before it commits the ledger
 *   (ingest/committer.ts), so a watermark read *before* the day is loaded never claims data the
 *   load did not see. Frames received later are not in the day's frame log window at all (a
 *   report reads the frame log by receipt time), and the frame log's retention deleting old
 *   rows must not trigger a recompute: the stored figures outlive it, which is what makes trends
 *   toward 2027 possible at all. So the frame log is not part of the watermark. The copied-stream
 *   findings about the day (a city-wide scan may find a copy after the day was stored) are
 *   (day-trends.ts).
 * - the **definition**: a digest of what every day's report is judged against — the registry
 *   (class, key-process and CNC declarations, identity, profile), the declared equipment, the
 *   enterprise's profile (calendar, industry kind), its declared device relations and nameplate
 *   confirmations, the registrations elsewhere of its devices' identities (§5 uniqueness) and the
 *   indicator parameters. A report judges
 *   a past day with today's registry, so a change there changes every stored day.
 */
export interface StoredDay {
  readonly figures: MemberTrendPoint;
  readonly watermark: string;
  readonly definition: string;
}

export class TrendDayStore {
  constructor(private readonly sql: SqlExecutor) {}

  async read(ent: string, from: number, to: number): Promise<Map<number, StoredDay>> {
    const rows = await this.sql.query<{
      dayFrom: number;
      watermark: string;
      definition: string;
      figures: unknown;
    }>(
      `SELECT day_from AS "dayFrom", watermark, definition, figures FROM trend_days
       WHERE ent = $1 AND day_from >= $2 AND day_from < $3`,
      [ent, from, to],
    );
    return new Map(
      rows.map((r) => [
        Number(r.dayFrom),
        {
          // Written by `write` below from a MemberTrendPoint: our own rows, trusted as such.
          figures: (typeof r.figures === "string" ? JSON.parse(r.figures) : r.figures) as MemberTrendPoint,
          watermark: r.watermark,
          definition: r.definition,
        },
      ]),
    );
  }

  async write(ent: string, day: Interval, stored: StoredDay, now: number): Promise<void> {
    await this.sql.query(
      `INSERT INTO trend_days (ent, day_from, day_to, watermark, definition, figures, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (ent, day_from) DO UPDATE SET day_to = EXCLUDED.day_to, watermark = EXCLUDED.watermark,
         definition = EXCLUDED.definition, figures = EXCLUDED.figures, computed_at = EXCLUDED.computed_at`,
      [ent, day.from, day.to, stored.watermark, stored.definition, JSON.stringify(stored.figures), now],
    );
  }

  /** Each day's watermark (see above), for the days of [from, to), in one query. */
  async watermarks(ent: string, days: readonly Interval[]): Promise<Map<number, string>> {
    const first = days[0];
    const last = days.at(-1);
    if (first === undefined || last === undefined) return new Map();
    const rows = await this.sql.query<{
      hour: number;
      n: number;
      f: number;
      s: number;
      g: number;
      d: number;
      r: number;
    }>(
      `SELECT hour, COUNT(*)::bigint AS n, SUM(frames)::bigint AS f, SUM(samples)::bigint AS s,
         SUM(gaps)::bigint AS g, SUM(duplicates)::bigint AS d, SUM(rejections)::bigint AS r
       FROM ledger WHERE ent = $1 AND dev <> '' AND hour >= $2 AND hour < $3 GROUP BY hour`,
      [ent, first.from - LIMITS.historyMs - HOUR_MS, last.to],
    );
    const hours = rows.map((r) => ({
      hour: Number(r.hour),
      counters: [r.n, r.f, r.s, r.g, r.d, r.r].map(Number),
    }));
    return new Map(
      days.map((day) => {
        const sum = [0, 0, 0, 0, 0, 0];
        // The hours `loadEnterpriseInput` reads for the day (its ledger query, history included).
        for (const h of hours)
          if (h.hour >= Math.floor((day.from - LIMITS.historyMs) / HOUR_MS) * HOUR_MS && h.hour < day.to)
            h.counters.forEach((c, i) => {
              sum[i] = (sum[i] ?? 0) + c;
            });
        return [day.from, sum.join(":")];
      }),
    );
  }

  /** The digest of what every day of the enterprise is judged against (see above). */
  async definition(ent: string, params: IndicatorParams): Promise<string> {
    const registry = new Registry(this.sql);
    const devices = (await registry.listDevices(ent))
      .map(({ lastBirthAt: _l, ...d }) => d)
      .sort((a, b) => a.id.localeCompare(b.id) || a.gw.localeCompare(b.gw));
    const declared = [...(await registry.listDeclaredEquipment(ent))].sort((a, b) =>
      a.id.localeCompare(b.id),
    );
    const meta = await readEnterpriseMeta(this.sql, ent);
    const relations = await new DeviceRelations(this.sql).list(ent);
    const nameplates = await this.sql.query(
      `SELECT dev, gw, serial, fingerprint, confirmed_at FROM nameplate_confirmations WHERE ent = $1 ORDER BY dev, gw`,
      [ent],
    );
    // Another enterprise registering the same machine identity fails uniqueness here too (§5).
    const prints = [...new Set(devices.flatMap((d) => (d.fingerprint === null ? [] : [d.fingerprint])))];
    const peers = await currentFingerprintClaims(this.sql, prints);
    return createHash("sha256")
      .update(JSON.stringify({ devices, declared, meta: meta ?? null, relations, nameplates, peers, params }))
      .digest("hex");
  }
}
