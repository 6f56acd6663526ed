import type { Logger } from "pino";
import {
  aggregateDays,
  computeEnterpriseReport,
  type EnterpriseInput,
  enterpriseTrendMembers,
  type IndicatorParams,
  type Interval,
  localDays,
  type MemberTrendFigure,
  type MemberTrendPoint,
  PILOT_UTC_OFFSET_MINUTES,
  type TrendPoint,
} from "../indicators/index.js";
import type { SqlExecutor } from "../state/sql-client.js";
import { firstRegistrationAt } from "./period-query.js";
import { TrendDayStore } from "./trend-day-store.js";

export interface DayTrendsDeps {
  sql: SqlExecutor;
  params: IndicatorParams;
  /** The enterprise's report input for a period (copied-stream findings included). */
  load: (ent: string, period: Interval) => Promise<{ input: EnterpriseInput }>;
  now: () => number;
  log: Logger;
  /**
   * A day is stored once it ended at least this long ago: frames in flight, challenge replies and
   * the day's last ledger hour have landed by then. Later data is the watermark's business.
   */
  settleMs?: number;
}

const DAY_MS = 86_400_000;
const OFFSET_MS = PILOT_UTC_OFFSET_MINUTES * 60_000;
export const DEFAULT_SETTLE_MS = 10 * 60_000;

const emptyFigure: MemberTrendFigure = {
  value: null,
  numerator: 0,
  denominator: 0,
  judged: true,
  counted: [],
  of: [],
};

/** How one request's days were served: for the logs and the report's measured cost. */
export interface DayTrendStats {
  stored: number;
  computed: number;
  recomputed: number;
  open: number;
}

/**
 * Issue 15 §5, trends longer than a report can hold (31 days): each local day's figures are a
 * one-day report's (`enterpriseTrendMembers`, bounded memory: one day of input at a time), stored
 * once the day is closed and settled (trend-day-store.ts: migration 008), recomputed when the
 * day's watermark or the enterprise's definition changed, and aggregated into weeks or months by
 * `aggregateDays` (indicators/trend-days.ts). Days before the enterprise's first registration are
 * empty without a report; the open day (today) is computed each time, never stored.
 */
export class DayTrends {
  readonly #store: TrendDayStore;
  readonly #settleMs: number;

  constructor(private readonly deps: DayTrendsDeps) {
    this.#store = new TrendDayStore(deps.sql);
    this.#settleMs = deps.settleMs ?? DEFAULT_SETTLE_MS;
  }

  /** The enterprise's figures per bucket of `period`, from its days. */
  async trend(ent: string, period: Interval, buckets: readonly Interval[]): Promise<TrendPoint[]> {
    const { days } = await this.days(ent, period);
    return aggregateDays(days, buckets);
  }

  /** Every local day overlapping `period`, whole, its figures stored or computed now. */
  async days(ent: string, period: Interval): Promise<{ days: MemberTrendPoint[]; stats: DayTrendStats }> {
    const now = this.deps.now();
    const all = localDays(period, OFFSET_MS);
    const registeredAt = await firstRegistrationAt(this.deps.sql, ent);
    const stats: DayTrendStats = { stored: 0, computed: 0, recomputed: 0, open: 0 };
    const closed = all.filter((d) => d.to + this.#settleMs <= now);
    // Watermarks before the loads: data landing during a computation makes the next read recompute.
    const watermarks = await this.#store.watermarks(ent, closed);
    const definition = await this.#store.definition(ent, this.deps.params);
    const stored = await this.#store.read(ent, all[0]?.from ?? period.from, period.to);
    const days: MemberTrendPoint[] = [];
    for (const day of all) {
      if (registeredAt === undefined || day.to <= registeredAt) {
        days.push({ ...day, networking: emptyFigure, cnc: emptyFigure, onCloud: emptyFigure });
        continue;
      }
      if (day.to + this.#settleMs > now) {
        // Open (or not yet settled): judged up to now, never stored.
        stats.open++;
        days.push(await this.#compute(ent, { from: day.from, to: Math.min(day.to, now + 1) }));
        continue;
      }
      const watermark = watermarks.get(day.from) ?? "";
      const held = stored.get(day.from);
      if (held !== undefined && held.watermark === watermark && held.definition === definition) {
        stats.stored++;
        days.push(held.figures);
        continue;
      }
      if (held === undefined) stats.computed++;
      else stats.recomputed++;
      const figures = await this.#compute(ent, day);
      await this.#store.write(ent, day, { figures, watermark, definition }, now);
      days.push(figures);
    }
    if (stats.computed + stats.recomputed > 0)
      this.deps.log.debug({ ent, from: period.from, to: period.to, ...stats }, "trend days computed");
    return { days, stats };
  }

  /** The bureau warm-up's share: yesterday (local), stored for the enterprise if not yet. */
  async fillYesterday(ent: string): Promise<DayTrendStats> {
    const now = this.deps.now();
    const today = Math.floor((now + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
    // Not settled yet: the next pass stores it.
    if (today + this.#settleMs > now) return { stored: 0, computed: 0, recomputed: 0, open: 0 };
    return (await this.days(ent, { from: today - DAY_MS, to: today })).stats;
  }

  async #compute(ent: string, day: Interval): Promise<MemberTrendPoint> {
    const { input } = await this.deps.load(ent, day);
    const report = computeEnterpriseReport(input, this.deps.params);
    const [point] = enterpriseTrendMembers(input, report, [day], this.deps.params);
    if (point === undefined) throw new Error("enterpriseTrendMembers returned no point for one bucket");
    return point;
  }
}
