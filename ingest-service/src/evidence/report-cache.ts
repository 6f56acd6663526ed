import type {
  EnterpriseReport,
  EvidenceLevel,
  FlagCode,
  NotJudgedReason,
  Period,
} from "../indicators/index.js";

/** What the bureau overview keeps of one enterprise's report: the figures its rows show. */
/** A rate's two values, and how many devices its verified value left out (INDICATORS §4). */
export interface FigurePair {
  readonly declared: number | null;
  readonly verified: number | null;
  readonly leftOut: number;
  /** false: observed too briefly to judge, shown as "not yet judged" (issue 15 §4). */
  readonly judged: boolean;
  /** The reason in words when not judged. */
  readonly notJudgedReason?: NotJudgedReason;
}

export interface BureauFigures {
  readonly cnc: FigurePair;
  readonly networking: FigurePair;
  readonly digitalisation: FigurePair;
  readonly devices: number;
  /** INDICATORS §4: devices at each evidence level. */
  readonly evidenceLevels: Readonly<Record<EvidenceLevel, number>>;
  /** Issue 20: devices whose data came through an unsigned source (Sparkplug B), within the counts above. */
  readonly unsignedDevices: number;
  /** INDICATORS §5: how many flags of each code, codes in alphabetical order, absent codes left out. */
  readonly flags: Readonly<Partial<Record<FlagCode, number>>>;
  /** INDICATORS §7: the SME digital level declared and evidence-adjusted, and its flag codes. */
  readonly digitalLevel?: {
    readonly declared: { readonly score: number; readonly level: number } | null;
    readonly evidenceAdjusted: { readonly score: number; readonly level: number } | null;
    readonly flags: readonly string[];
  };
}

export function bureauFiguresOf(report: EnterpriseReport): BureauFigures {
  const pair = (p: {
    declared: { value: number | null };
    verified: {
      value: number | null;
      leftOut: readonly unknown[];
      judged: boolean;
      notJudgedReason?: NotJudgedReason;
    };
  }): FigurePair => ({
    declared: p.declared.value,
    verified: p.verified.value,
    leftOut: p.verified.leftOut.length,
    judged: p.verified.judged,
    ...(p.verified.notJudgedReason === undefined ? {} : { notJudgedReason: p.verified.notJudgedReason }),
  });
  const flags: Partial<Record<FlagCode, number>> = {};
  for (const code of report.flags.map((f) => f.code).sort()) flags[code] = (flags[code] ?? 0) + 1;
  return {
    cnc: pair(report.rates.cnc),
    networking: pair(report.rates.networking),
    digitalisation: pair(report.rates.digitalisation),
    devices: report.devices.length,
    evidenceLevels: report.evidenceLevels,
    unsignedDevices: report.devices.filter((d) => d.evidence.unsignedSource !== undefined).length,
    flags,
  };
}

interface Slot<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/**
 * A bounded least-recently-used map whose entries expire `ttlMs` after they were set. Map
 * iteration follows insertion order, so re-inserting on a hit keeps the least recent first.
 */
export class TtlLru<V> {
  readonly #slots = new Map<string, Slot<V>>();

  constructor(
    readonly maxEntries: number,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#slots.size;
  }

  get(key: string): V | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    this.#slots.delete(key);
    if (slot.expiresAt <= this.now()) return undefined;
    this.#slots.set(key, slot);
    return slot.value;
  }

  set(key: string, value: V): void {
    this.#slots.delete(key);
    this.#slots.set(key, { value, expiresAt: this.now() + this.ttlMs });
    for (const oldest of this.#slots.keys()) {
      if (this.#slots.size <= this.maxEntries) break;
      this.#slots.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#slots.delete(key);
  }

  /** Drops every entry whose key starts with `prefix`. */
  deletePrefix(prefix: string): void {
    for (const key of [...this.#slots.keys()]) if (key.startsWith(prefix)) this.#slots.delete(key);
  }
}

/**
 * The bureau overview's short-lived cache of per-enterprise figures, keyed by enterprise and
 * period. Paging, sorting and re-filtering within a minute reuse the reports computed for the
 * first request; a figure is at most `ttlMs` old, and an enterprise's profile change drops its
 * entries at once (on this instance). Entries hold the pending computation, so two requests at
 * the same moment compute an enterprise once; a failed computation is not kept.
 */
export class BureauFiguresCache {
  readonly #lru: TtlLru<Promise<BureauFigures>>;
  /** Bumped by `forget`, so a refresh that started before a profile change does not store stale figures. */
  readonly #generations = new Map<string, number>();

  constructor(maxEntries = 2_000, ttlMs = 60_000, now: () => number = Date.now) {
    this.#lru = new TtlLru(maxEntries, ttlMs, now);
  }

  get size(): number {
    return this.#lru.size;
  }

  figures(ent: string, period: Period, compute: () => Promise<BureauFigures>): Promise<BureauFigures> {
    const key = keyOf(ent, period);
    const cached = this.#lru.get(key);
    if (cached !== undefined) return cached;
    const pending = compute();
    this.#lru.set(key, pending);
    pending.catch(() => this.#lru.delete(key));
    return pending;
  }

  /**
   * Computes an enterprise's figures afresh and stores them once computed (the background
   * warm-up): an entry already there keeps serving until then, and a failure leaves it as it was.
   */
  async refresh(ent: string, period: Period, compute: () => Promise<BureauFigures>): Promise<void> {
    const generation = this.#generations.get(ent) ?? 0;
    const figures = await compute();
    if ((this.#generations.get(ent) ?? 0) === generation)
      this.#lru.set(keyOf(ent, period), Promise.resolve(figures));
  }

  forget(ent: string): void {
    this.#generations.set(ent, (this.#generations.get(ent) ?? 0) + 1);
    this.#lru.deletePrefix(`${ent}\u0000`);
  }
}

const keyOf = (ent: string, period: Period) => `${ent}\u0000${period.from}-${period.to}`;
