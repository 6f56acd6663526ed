import type { Logger } from "pino";
import type { Period } from "../indicators/index.js";
import type { MetricsRegistry } from "../metrics/metrics.js";
import type { BureauFigures, BureauFiguresCache } from "./report-cache.js";

export interface BureauWarmerOptions {
  /** Time between the end of one pass and the start of the next. */
  everyMs: number;
  /** Enterprises computed at once. */
  concurrency: number;
}

export interface BureauWarmerDeps {
  cache: BureauFiguresCache;
  /** The enterprises the bureau overview lists, by id. */
  enterprises: () => Promise<readonly string[]>;
  /** The default bureau period at `now` (routes.ts `defaultBureauPeriod`). */
  periodAt: (now: number) => Period;
  compute: (ent: string, period: Period) => Promise<BureauFigures>;
  /**
   * After an enterprise's figures: store its closed days for the long trends (issue 15 §5,
   * day-trends.ts `fill`: yesterday, then older days within a budget per pass), so a bureau's
   * trend toward 2027 finds its days computed.
   */
  fillDays?: (ent: string) => Promise<unknown>;
  now: () => number;
  log: Logger;
  metrics: MetricsRegistry;
}

/** Lets timers and I/O callbacks run between two enterprises' reports. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Keeps the bureau overview's figures cache warm: a pass at start-up, then one every `everyMs`,
 * recomputes every enterprise's figures for the default period (bounded concurrency, yielding to
 * the event loop between enterprises). A failed enterprise is logged and counted and left to the
 * next request or pass; a pass never throws. Once a pass is done its period is the one the
 * overview serves by default (`warmedPeriod`), so a bureau page opened after start-up never
 * waits for a cold computation.
 */
export class BureauWarmer {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #warmed: Period | undefined;
  readonly #passes;
  readonly #errors;
  #lastEnterprises = 0;
  #lastPassMs = 0;

  constructor(
    private readonly deps: BureauWarmerDeps,
    private readonly opts: BureauWarmerOptions,
  ) {
    this.#passes = deps.metrics.counter(
      "onramp_bureau_warm_passes_total",
      "Completed warm-up passes of the bureau overview's figures cache",
    );
    this.#errors = deps.metrics.counter(
      "onramp_bureau_warm_errors_total",
      "Enterprises whose figures the bureau warm-up failed to compute",
    );
    deps.metrics.gauge(
      "onramp_bureau_warm_last_enterprises",
      "Enterprises computed by the last completed bureau warm-up pass",
      () => this.#lastEnterprises,
    );
    deps.metrics.gauge(
      "onramp_bureau_warm_last_pass_ms",
      "Duration of the last completed bureau warm-up pass, in milliseconds",
      () => this.#lastPassMs,
    );
  }

  /** The period of the last completed pass, which the cache holds for every enterprise. */
  get warmedPeriod(): Period | undefined {
    return this.#warmed;
  }

  start(): void {
    this.#stopped = false;
    this.#arm(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One pass; resolves when every enterprise has been tried. */
  async pass(): Promise<void> {
    const started = performance.now();
    const period = this.deps.periodAt(this.deps.now());
    let ents: readonly string[];
    try {
      ents = await this.deps.enterprises();
    } catch (error) {
      this.#errors.inc({ stage: "list" });
      this.deps.log.error({ err: error }, "bureau warm-up: listing enterprises failed");
      return;
    }
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (!this.#stopped && next < ents.length) {
        const ent = ents[next++] as string;
        try {
          await this.deps.cache.refresh(ent, period, () => this.deps.compute(ent, period));
          await this.deps.fillDays?.(ent);
        } catch (error) {
          failed++;
          this.#errors.inc({ stage: "compute" });
          this.deps.log.warn({ err: error, ent }, "bureau warm-up: computing an enterprise failed");
        }
        await yieldToEventLoop();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, ents.length) }, worker));
    if (this.#stopped) return;
    this.#warmed = period;
    this.#lastEnterprises = ents.length - failed;
    this.#lastPassMs = Math.round(performance.now() - started);
    this.#passes.inc();
    this.deps.log.debug(
      { enterprises: ents.length, failed, ms: this.#lastPassMs },
      "bureau warm-up pass done",
    );
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#running = this.pass()
        .catch((error: unknown) => {
          this.#errors.inc({ stage: "pass" });
          this.deps.log.error({ err: error }, "bureau warm-up pass failed");
        })
        .finally(() => {
          this.#running = undefined;
          if (!this.#stopped) this.#arm(this.opts.everyMs);
        });
    }, delayMs);
    this.#timer.unref();
  }
}
