import { createHash } from "node:crypto";
import type { Logger } from "pino";
import {
  aggregateDays,
  computeEnterpriseReport,
  type EnterpriseInput,
  enterpriseTrendMembers,
  type IndicatorParams,
  type Interval,
  localDays,
  MAX_TREND_PERIOD_MS,
  type MemberTrendFigure,
  type MemberTrendPoint,
  PILOT_UTC_OFFSET_MINUTES,
  type TrendPoint,
} from "../indicators/index.js";
import type { SqlExecutor } from "../state/sql-client.js";
import { LIMITS } from "./load-input.js";
import { firstRegistrationAt } from "./period-query.js";
import { type StoredDay, TrendDayStore } from "./trend-day-store.js";

export interface DayTrendsDeps {
  sql: SqlExecutor;
  params: IndicatorParams;
  /** The enterprise's report input for a period (copied-stream findings included). */
  load: (ent: string, period: Interval) => Promise<{ input: EnterpriseInput }>;
  /**
   * The copied-stream findings `load` adds for a day (copied-streams.ts): a city-wide scan that
   * finds a copy after the day was stored changes its report, so they are part of its watermark.
   */
  findings?: (ent: string, day: Interval) => readonly unknown[];
  /**
   * The frame log's retention (`frameLog.retentionDays`): a day older than that has lost its
   * frames, so a report of it now would see every machine silent. Such a day keeps its stored
   * figures as they were computed, and one never stored has none (not judged).
   */
  frameLogRetentionMs?: number;
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
/** Today's figures are reused this long (the bureau overview's cache step is a minute too). */
const OPEN_REUSE_MS = 60_000;

/** A day whose frames are gone and whose figures were never stored: nothing to say about it. */
const unknownFigure: MemberTrendFigure = {
  value: null,
  numerator: 0,
  denominator: 0,
  judged: false,
  counted: [],
  of: [],
};

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
  /** Days past the frame log's retention: served as stored, or without figures. */
  beyondRetention: number;
}

const noStats = (): DayTrendStats => ({ stored: 0, computed: 0, recomputed: 0, open: 0, beyondRetention: 0 });

/** What every day of one pass over an enterprise is checked against. */
interface Keys {
  registeredAt: number | undefined;
  watermarks: Map<number, string>;
  definition: string;
  stored: Map<number, StoredDay>;
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
  /** Per enterprise, the last closed day up to which `fill` found every day stored. */
  readonly #filledUpTo = new Map<string, number>();
  /** Per enterprise, today's figures and when they were computed (reused for `openReuseMs`). */
  readonly #open = new Map<string, { day: number; at: number; figures: MemberTrendPoint }>();
  /** Days being computed, so a trend and the warm-up asking for one day compute it once. */
  readonly #inFlight = new Map<string, Promise<MemberTrendPoint>>();

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
    const all = localDays(period, OFFSET_MS);
    const stats = noStats();
    const keys = await this.#keys(ent, all);
    const days: MemberTrendPoint[] = [];
    for (const day of all) days.push(await this.#day(ent, day, keys, stats));
    if (stats.computed + stats.recomputed > 0)
      this.deps.log.debug({ ent, from: period.from, to: period.to, ...stats }, "trend days computed");
    return { days, stats };
  }

  /**
   * The bureau warm-up's share: the enterprise's closed days, newest first (yesterday once it has
   * settled, then back to its registration, three years at most), at most `budget` of them
   * computed per call, so a year is filled over a number of passes at a bounded cost each. Once
   * every day is stored, the enterprise is skipped until the next day closes; a day a late frame
   * changed since is recomputed by the trend that asks for it.
   */
  async fill(ent: string, budget: number): Promise<DayTrendStats> {
    const now = this.deps.now();
    const today = Math.floor((now + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
    const end = today + this.#settleMs <= now ? today : today - DAY_MS;
    const stats = noStats();
    if (budget <= 0 || this.#filledUpTo.get(ent) === end) return stats;
    const registeredAt = await firstRegistrationAt(this.deps.sql, ent);
    if (registeredAt === undefined || registeredAt >= end) return stats;
    const retention = this.deps.frameLogRetentionMs ?? MAX_TREND_PERIOD_MS;
    // Days whose frames the retention deleted cannot be computed any more: not worth a pass.
    const from = Math.max(
      registeredAt,
      end - MAX_TREND_PERIOD_MS,
      now - retention + LIMITS.historyMs + DAY_MS,
    );
    const all = localDays({ from, to: end }, OFFSET_MS);
    const keys = await this.#keys(ent, all);
    for (const day of all.reverse()) {
      const held = keys.stored.get(day.from);
      const isCurrent =
        held !== undefined &&
        held.watermark === this.#watermark(ent, day, keys) &&
        held.definition === keys.definition;
      if (!isCurrent && stats.computed + stats.recomputed >= budget) return stats;
      await this.#day(ent, day, keys, stats);
    }
    this.#filledUpTo.set(ent, end);
    return stats;
  }

  async #keys(ent: string, all: readonly Interval[]): Promise<Keys> {
    const now = this.deps.now();
    const registeredAt = await firstRegistrationAt(this.deps.sql, ent);
    // Watermarks before the loads: data landing during a computation makes the next read recompute.
    const watermarks = await this.#store.watermarks(
      ent,
      all.filter((d) => d.to + this.#settleMs <= now),
    );
    const definition = await this.#store.definition(ent, this.deps.params);
    const first = all[0];
    const last = all.at(-1);
    const stored =
      first === undefined || last === undefined
        ? new Map()
        : await this.#store.read(ent, first.from, last.to);
    return { registeredAt, watermarks, definition, stored };
  }

  /** One day's figures: empty before registration, computed when open, else stored or (re)computed. */
  async #day(ent: string, day: Interval, keys: Keys, stats: DayTrendStats): Promise<MemberTrendPoint> {
    const now = this.deps.now();
    if (keys.registeredAt === undefined || day.to <= keys.registeredAt)
      return { ...day, networking: emptyFigure, cnc: emptyFigure, onCloud: emptyFigure };
    if (day.to + this.#settleMs > now) {
      // Open (or not yet settled): judged up to now, never stored; reused for a minute, as the
      // bureau overview's figures are, so a bureau trend does not recompute every enterprise's
      // today at each request.
      stats.open++;
      const held = this.#open.get(ent);
      if (held !== undefined && held.day === day.from && now - held.at < OPEN_REUSE_MS) return held.figures;
      const figures = await this.#compute(ent, { from: day.from, to: Math.min(day.to, now + 1) });
      this.#open.set(ent, { day: day.from, at: now, figures });
      return figures;
    }
    const held = keys.stored.get(day.from);
    if (this.#isBeyondRetention(day, now)) {
      stats.beyondRetention++;
      return (
        held?.figures ?? { ...day, networking: unknownFigure, cnc: unknownFigure, onCloud: unknownFigure }
      );
    }
    const watermark = this.#watermark(ent, day, keys);
    if (held !== undefined && held.watermark === watermark && held.definition === keys.definition) {
      stats.stored++;
      return held.figures;
    }
    if (held === undefined) stats.computed++;
    else stats.recomputed++;
    const figures = await this.#compute(ent, day);
    await this.#store.write(ent, day, { figures, watermark, definition: keys.definition }, now);
    return figures;
  }

  #isBeyondRetention(day: Interval, now: number): boolean {
    const retention = this.deps.frameLogRetentionMs;
    return retention !== undefined && day.from - LIMITS.historyMs < now - retention;
  }

  /** The ledger's watermark of the day, and a digest of the copied-stream findings about it. */
  #watermark(ent: string, day: Interval, keys: Keys): string {
    const ledger = keys.watermarks.get(day.from) ?? "";
    const findings = this.deps.findings?.(ent, day) ?? [];
    if (findings.length === 0) return ledger;
    return `${ledger}|${createHash("sha256").update(JSON.stringify(findings)).digest("hex").slice(0, 16)}`;
  }

  #compute(ent: string, day: Interval): Promise<MemberTrendPoint> {
    const key = `${ent}\u0000${day.from}\u0000${day.to}`;
    const running = this.#inFlight.get(key);
    if (running !== undefined) return running;
    const computing = this.#computeNow(ent, day).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, computing);
    return computing;
  }

  async #computeNow(ent: string, day: Interval): Promise<MemberTrendPoint> {
    const { input } = await this.deps.load(ent, day);
    const report = computeEnterpriseReport(input, this.deps.params);
    const [point] = enterpriseTrendMembers(input, report, [day], this.deps.params);
    if (point === undefined) throw new Error("enterpriseTrendMembers returned no point for one bucket");
    return point;
  }
}
