import type { Logger } from "pino";
import type { Period } from "../indicators/index.js";
import type { MetricsRegistry } from "../metrics/metrics.js";
import type { CopiedStreamFindings, CopiedStreamScan } from "./copied-streams.js";

export interface CopiedStreamScannerOptions {
  /** Time between the end of one scan and the start of the next. */
  everyMs: number;
}

export interface CopiedStreamScannerDeps {
  findings: CopiedStreamFindings;
  /** The enterprises the bureau overview lists, by id. */
  enterprises: () => Promise<readonly string[]>;
  /** The default bureau period at `now` (routes.ts `defaultBureauPeriod`). */
  periodAt: (now: number) => Period;
  scan: (enterprises: readonly string[], period: Period) => Promise<CopiedStreamScan>;
  /** After a scan is recorded: the caller forgets cached figures of the enterprises it touched. */
  onScan?: (scan: CopiedStreamScan) => void;
  now: () => number;
  log: Logger;
  metrics: MetricsRegistry;
}

/**
 * Issue 14: copies across enterprises reach enterprise reports only through the latest city-wide
 * scan (`CopiedStreamFindings`). Without a schedule a copy would stay invisible until someone at
 * the bureau asked for `GET /bureau/copied-streams`, so a copier's device would be counted as
 * verified in the meantime. This runs the same scan over the default bureau period at start-up and
 * every `everyMs`, records it as the route does, and counts passes, errors and what the last one
 * found in /metrics. A failed scan is logged and counted, keeps the previous findings, and never
 * throws.
 */
export class CopiedStreamScanner {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  readonly #scans;
  readonly #errors;
  #lastStreams = 0;
  #lastCopies = 0;
  #lastScanMs = 0;

  constructor(
    private readonly deps: CopiedStreamScannerDeps,
    private readonly opts: CopiedStreamScannerOptions,
  ) {
    this.#scans = deps.metrics.counter(
      "onramp_copied_stream_scans_total",
      "Completed scheduled city-wide copied-stream scans",
    );
    this.#errors = deps.metrics.counter(
      "onramp_copied_stream_scan_errors_total",
      "Scheduled copied-stream scans that failed (the previous findings are kept)",
    );
    deps.metrics.gauge(
      "onramp_copied_stream_scan_last_streams",
      "Streams read by the last completed copied-stream scan",
      () => this.#lastStreams,
    );
    deps.metrics.gauge(
      "onramp_copied_stream_scan_last_copies",
      "Copied-stream pairs found by the last completed scan",
      () => this.#lastCopies,
    );
    deps.metrics.gauge(
      "onramp_copied_stream_scan_last_ms",
      "Duration of the last completed copied-stream scan, in milliseconds",
      () => this.#lastScanMs,
    );
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

  /** One scan; resolves when it is recorded (or has failed and been counted). */
  async pass(): Promise<void> {
    const started = performance.now();
    const period = this.deps.periodAt(this.deps.now());
    let scan: CopiedStreamScan;
    try {
      scan = await this.deps.scan(await this.deps.enterprises(), period);
    } catch (error) {
      this.#errors.inc();
      this.deps.log.error({ err: error }, "scheduled copied-stream scan failed; the previous findings stay");
      return;
    }
    if (this.#stopped) return;
    this.deps.findings.record(scan);
    this.deps.onScan?.(scan);
    this.#lastStreams = scan.streams;
    this.#lastCopies = scan.matches.length;
    this.#lastScanMs = Math.round(performance.now() - started);
    this.#scans.inc();
    const log = scan.matches.length > 0 ? this.deps.log.info : this.deps.log.debug;
    log.call(
      this.deps.log,
      {
        from: period.from,
        to: period.to,
        enterprises: scan.enterprises,
        streams: scan.streams,
        copies: scan.matches.length,
        ms: this.#lastScanMs,
      },
      "scheduled copied-stream scan",
    );
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#running = this.pass().finally(() => {
        this.#running = undefined;
        if (!this.#stopped) this.#arm(this.opts.everyMs);
      });
    }, delayMs);
    this.#timer.unref();
  }
}
