import { InfluxQLReader } from "./influxql.js";
import { linesOf } from "./line-protocol.js";
import type { SignalPoint, SignalQuery, TelemetryBatch, TelemetryStore } from "./telemetry-store.js";

export interface InfluxV1Options {
  url: string;
  db: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Lines per POST; InfluxDB 1.x recommends 5,000–10,000 (docs: "Optimize writes"). */
  batchLines?: number;
  timeoutMs?: number;
}

/**
 * InfluxDB 1.x through its own `/write` API and line protocol, for the plants still on 1.x. A 204
 * means the points are in the WAL (InfluxDB 1.x docs, /write): durable, so the MQTT ack may go.
 */
export class InfluxV1Store implements TelemetryStore {
  readonly kind = "influx-v1";
  private readonly reader: InfluxQLReader;
  private readonly auth: string | undefined;

  constructor(private readonly opts: InfluxV1Options) {
    this.reader = new InfluxQLReader(opts);
    this.auth =
      opts.username === undefined
        ? undefined
        : `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ""}`).toString("base64")}`;
  }

  async write(runs: TelemetryBatch): Promise<void> {
    const lines = linesOf(runs);
    const batch = this.opts.batchLines ?? 5000;
    for (let i = 0; i < lines.length; i += batch) await this.post(lines.slice(i, i + batch).join("\n"));
  }

  private async post(body: string, isRetry = false): Promise<void> {
    const url = new URL("/write", this.opts.url);
    url.searchParams.set("db", this.opts.db);
    url.searchParams.set("precision", "ms");
    const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
    if (this.auth !== undefined) headers.authorization = this.auth;
    const response = await fetch(url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
    });
    if (response.status !== 204) {
      const detail = (await response.text()).slice(0, 300);
      // InfluxDB was down (or wiped) when we started: create the database, then write again.
      if (response.status === 404 && detail.includes("database not found") && !isRetry) {
        await ensureInfluxV1Database(this.opts);
        return this.post(body, true);
      }
      throw new Error(`InfluxDB /write answered ${response.status}: ${detail}`);
    }
  }

  readSignal(query: SignalQuery): Promise<SignalPoint[]> {
    return this.reader.readSignal(query);
  }

  async isReachable(): Promise<boolean> {
    try {
      const response = await fetch(new URL("/ping", this.opts.url), { signal: AbortSignal.timeout(2000) });
      return response.status === 204;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {}
}

/** Creates the database if missing (`CREATE DATABASE` is idempotent in InfluxQL). */
export async function ensureInfluxV1Database(opts: InfluxV1Options): Promise<void> {
  const url = new URL("/query", opts.url);
  url.searchParams.set("q", `CREATE DATABASE "${opts.db.replace(/["\\]/g, "")}"`);
  const headers: Record<string, string> = {};
  if (opts.username !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ""}`).toString("base64")}`;
  }
  const response = await fetch(url, { method: "POST", headers, signal: AbortSignal.timeout(10_000) });
  if (!response.ok)
    throw new Error(`CREATE DATABASE answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
}
