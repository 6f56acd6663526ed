import type { Quality, SampleValue } from "@onramp/contract";
import { MEASUREMENT, QUALITY_SUFFIX, TAG_KEYS } from "./line-protocol.js";
import type { SignalPoint, SignalQuery, SignalReader } from "./telemetry-store.js";

export interface InfluxQLOptions {
  url: string;
  /** 1.x database; for 2.x/3.x the bucket mapped to a database (DBRP). */
  db: string;
  username?: string | undefined;
  password?: string | undefined;
  /** 2.x/3.x token, sent as `Authorization: Token …`. */
  token?: string | undefined;
  timeoutMs?: number;
}

const quoteIdent = (name: string) => `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
const quoteString = (text: string) => `'${text.replace(/['\\]/g, (c) => `\\${c}`)}'`;

interface InfluxQLResponse {
  results?: { series?: { columns: string[]; values: unknown[][] }[]; error?: string }[];
  error?: string;
}

/** Reads signal history through `/query`, which InfluxDB 1.x, 2.x (compat API) and 3.x all answer. */
export class InfluxQLReader implements SignalReader {
  constructor(private readonly opts: InfluxQLOptions) {}

  async query(text: string): Promise<InfluxQLResponse> {
    const url = new URL("/query", this.opts.url);
    url.searchParams.set("db", this.opts.db);
    url.searchParams.set("epoch", "ms");
    url.searchParams.set("q", text);
    const headers: Record<string, string> = {};
    if (this.opts.token !== undefined) headers.authorization = `Token ${this.opts.token}`;
    if (this.opts.username !== undefined) {
      const basic = Buffer.from(`${this.opts.username}:${this.opts.password ?? ""}`).toString("base64");
      headers.authorization = `Basic ${basic}`;
    }
    const response = await fetch(url, {
      headers,
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
    const body = (await response.json()) as InfluxQLResponse;
    const error = body.error ?? body.results?.find((r) => r.error !== undefined)?.error;
    if (!response.ok || error !== undefined) {
      throw new Error(`InfluxQL query failed (${response.status}): ${error ?? "no detail"}`);
    }
    return body;
  }

  async readSignal(q: SignalQuery): Promise<SignalPoint[]> {
    const field = quoteIdent(q.signal);
    const qualityField = quoteIdent(`${q.signal}${QUALITY_SUFFIX}`);
    const text =
      `SELECT ${field}, ${qualityField} FROM ${quoteIdent(MEASUREMENT)} ` +
      `WHERE ${quoteIdent(TAG_KEYS.ent)} = ${quoteString(q.ent)} AND ${quoteIdent(TAG_KEYS.gw)} = ${quoteString(q.gw)} ` +
      `AND ${quoteIdent(TAG_KEYS.dev)} = ${quoteString(q.dev)} ` +
      `AND time >= ${Math.trunc(q.from)}ms AND time < ${Math.trunc(q.to)}ms ORDER BY time ASC LIMIT ${Math.trunc(q.limit)}`;
    const body = await this.query(text);
    const series = body.results?.[0]?.series ?? [];
    const points: SignalPoint[] = [];
    // Series differ by the profile tag (a device re-born with another profile); merge them by time.
    for (const { values } of series) {
      for (const [t, value, quality] of values) {
        if (value === null && quality === null) continue;
        points.push({ t: t as number, value: value as SampleValue, quality: (quality ?? "good") as Quality });
      }
    }
    return points.sort((a, b) => a.t - b.t).slice(0, q.limit);
  }
}
