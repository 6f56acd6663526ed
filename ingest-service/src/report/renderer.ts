import { access } from "node:fs/promises";
import type { Logger } from "pino";
import type { Browser } from "playwright-core";
import { IngestError } from "../errors.js";
import { ConcurrencyGate } from "../limits/concurrency-gate.js";
import type { MetricsRegistry } from "../metrics/metrics.js";

export interface PdfRendererOptions {
  /** Debian's Chromium (`apt-get install -y chromium fonts-wqy-microhei`); never downloaded. */
  readonly chromiumPath: string;
  /** PDFs printed at once: each holds a Chromium page (≈ 20–60 MiB) and a core while it prints. */
  readonly maxConcurrent: number;
  /** Requests that may wait for a turn; beyond that the request is refused at once (503). */
  readonly maxQueued: number;
  /** The browser is closed this long after its last PDF, so an idle service holds no Chromium. */
  readonly idleCloseMs: number;
  /** One PDF (page content + print) may take this long before the request fails. */
  readonly timeoutMs: number;
}

/** The flags the browser tests use too (../shared/PEERS.md): no sandbox in a container, no network chatter. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/**
 * Prints HTML to PDF in headless Chromium (playwright-core driving the system's build), with a
 * bounded queue: Chromium is heavy, so at most `maxConcurrent` pages print at once and at most
 * `maxQueued` requests wait; more are refused with ONRAMP_REPORT_BUSY (503, Retry-After) and
 * counted. The browser starts on the first request (≈ 2–4 s on 2 shared cores) and stays for the
 * next ones until `idleCloseMs` passes with nothing to print.
 */
export class PdfRenderer {
  private browser: Promise<Browser> | undefined;
  private readonly gate: ConcurrencyGate;
  private active = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly outcomes;

  constructor(
    private readonly options: PdfRendererOptions,
    private readonly log: Logger,
    metrics?: MetricsRegistry,
  ) {
    this.gate = new ConcurrencyGate(options.maxConcurrent);
    this.outcomes = metrics?.counter(
      "onramp_report_pdfs_total",
      "Diagnosis report PDFs, by outcome (ok, busy, failed)",
    );
    metrics?.gauge(
      "onramp_report_pdf_queue",
      "Report PDF requests waiting for Chromium",
      () => this.gate.queued,
    );
  }

  /**
   * Throws ONRAMP_REPORT_BUSY (counted, logged) when a PDF asked now would find the printer and its
   * queue full. The route asks before it computes the report, so a refused request costs nothing.
   */
  assertRoom(): void {
    if (this.gate.queued < this.options.maxQueued || this.active < this.options.maxConcurrent) return;
    this.outcomes?.inc({ outcome: "busy" });
    this.log.warn({ code: "ONRAMP_REPORT_BUSY", queued: this.gate.queued }, "report PDF refused: queue full");
    const error = new IngestError(
      "ONRAMP_REPORT_BUSY",
      `${this.options.maxConcurrent} report PDFs are printing and ${this.gate.queued} waiting; retry in a few seconds`,
    );
    error.retryAfterMs = 5_000;
    throw error;
  }

  async render(html: string): Promise<Buffer> {
    this.assertRoom();
    return this.gate.run(async () => {
      this.active++;
      clearTimeout(this.idleTimer);
      try {
        const pdf = await this.print(html);
        this.outcomes?.inc({ outcome: "ok" });
        return pdf;
      } catch (error) {
        this.outcomes?.inc({ outcome: "failed" });
        const code = error instanceof IngestError ? error.code : "ONRAMP_INTERNAL";
        this.log.error({ code, err: error }, "report PDF not printed");
        throw error;
      } finally {
        this.active--;
        if (this.active === 0 && this.gate.queued === 0) {
          this.idleTimer = setTimeout(() => void this.closeBrowser(), this.options.idleCloseMs);
          this.idleTimer.unref();
        }
      }
    });
  }

  private async print(html: string): Promise<Buffer> {
    const browser = await this.launch();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(this.options.timeoutMs);
      // The page is self-contained: refuse every request so a report can never fetch anything.
      await page.route("**/*", (route) => route.abort());
      await page.setContent(html, { waitUntil: "load" });
      return await page.pdf({
        format: "A4",
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: false,
      });
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  private launch(): Promise<Browser> {
    if (this.browser === undefined) {
      const started = Date.now();
      this.browser = (async () => {
        try {
          await access(this.options.chromiumPath);
        } catch {
          throw new IngestError(
            "ONRAMP_REPORT_RENDERER_UNAVAILABLE",
            `${this.options.chromiumPath} not found: install Chromium (apt-get install -y chromium fonts-wqy-microhei) or set report.chromiumPath`,
          );
        }
        const { chromium } = await import("playwright-core");
        let browser: Browser;
        try {
          browser = await chromium.launch({ executablePath: this.options.chromiumPath, args: CHROMIUM_ARGS });
        } catch (error) {
          throw new IngestError(
            "ONRAMP_REPORT_RENDERER_UNAVAILABLE",
            `Chromium at ${this.options.chromiumPath} did not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
          );
        }
        this.log.info({ ms: Date.now() - started }, "report renderer: Chromium started");
        browser.on("disconnected", () => {
          this.browser = undefined;
        });
        return browser;
      })();
      // A failed launch is not kept: the next request tries again (Chromium may have been installed since).
      this.browser.catch((error: unknown) => {
        this.browser = undefined;
        this.log.error(
          { code: "ONRAMP_REPORT_RENDERER_UNAVAILABLE", err: error },
          "report renderer: Chromium did not start",
        );
      });
    }
    return this.browser;
  }

  private async closeBrowser(): Promise<void> {
    const pending = this.browser;
    this.browser = undefined;
    const browser = await pending?.catch(() => undefined);
    await browser?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    await this.closeBrowser();
  }
}
