import { InfluxDB, type WriteApi } from "@influxdata/influxdb-client";
import { linesOf } from "./line-protocol.js";
import type {
  SignalPoint,
  SignalQuery,
  SignalReader,
  TelemetryBatch,
  TelemetryStore,
} from "./telemetry-store.js";

export interface InfluxV2Options {
  url: string;
  token: string;
  org: string;
  bucket: string;
  /** Lines per HTTP request (the client's batchSize). */
  batchLines?: number;
  timeoutMs?: number;
  /** Reads: InfluxQL against the same server (2.x compat API, 3.x), or another reader. */
  reader: SignalReader;
}

/**
 * InfluxDB 2.x / 3.x / Cloud / 1.8+ through @influxdata/influxdb-client's v2 write API.
 *
 * The client's own retry buffer is switched off (`maxRetries: 0`): it retries in the background
 * after `flush()` has already rejected, and drops lines silently when full (`writeRetrySkipped`),
 * so an ack could never wait on it. Retries with backoff and the bounded queue live in the
 * committer, shared by every adapter; here each request's outcome is awaited.
 */
export class InfluxV2Store implements TelemetryStore {
  readonly kind = "influx-v2";
  private readonly writeApi: WriteApi;
  private readonly batchLines: number;
  private readonly client: InfluxDB;

  constructor(private readonly opts: InfluxV2Options) {
    this.batchLines = opts.batchLines ?? 5000;
    this.client = new InfluxDB({ url: opts.url, token: opts.token, timeout: opts.timeoutMs ?? 30_000 });
    this.writeApi = this.client.getWriteApi(opts.org, opts.bucket, "ms", {
      // One more than we ever hand it, so the client never sends a chunk on its own (its
      // automatic sends swallow errors); every request goes out on our awaited flush().
      batchSize: this.batchLines + 1,
      maxBatchBytes: 256 * 1024 * 1024,
      flushInterval: 0,
      maxRetries: 0,
      gzipThreshold: 64 * 1024,
    });
  }

  async write(runs: TelemetryBatch): Promise<void> {
    const lines = linesOf(runs);
    for (let i = 0; i < lines.length; i += this.batchLines) {
      this.writeApi.writeRecords(lines.slice(i, i + this.batchLines));
      await this.writeApi.flush();
    }
  }

  readSignal(query: SignalQuery): Promise<SignalPoint[]> {
    return this.opts.reader.readSignal(query);
  }

  async isReachable(): Promise<boolean> {
    try {
      const response = await fetch(new URL("/health", this.opts.url), { signal: AbortSignal.timeout(2000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.writeApi.dispose();
  }
}
