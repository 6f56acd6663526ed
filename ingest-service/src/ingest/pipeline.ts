import { parseTopic } from "@onramp/contract";
import type { Logger } from "pino";
import type { IngestMetrics } from "../metrics/metrics.js";
import type { GatewayBody, VerifiedBody } from "../state/accounting.js";
import { type DeviceColumns, deviceColumnsOf } from "../store/sample-columns.js";
import type { SampleRun } from "../store/telemetry-store.js";
import type { GatewayDirectory, GatewayEntry } from "../verify/gateway-directory.js";
import { LogThrottle } from "../verify/log-throttle.js";
import type { RejectionLog } from "../verify/rejections.js";
import { verifyFrame } from "../verify/verify-frame.js";
import type { FrameCommitter } from "./committer.js";

export type IngestOutcome = "stored" | "duplicate" | "rejected" | "ignored";

export interface PipelineOptions {
  directory: GatewayDirectory;
  committer: FrameCommitter;
  rejections: RejectionLog;
  metrics: IngestMetrics;
  log: Logger;
  /** Sending times further than this from our clock are flagged (default 5 min). */
  maxSkewMs?: number;
  maxFrameBytes?: number;
  /** The cloud clock (tests replay recorded hours through a simulated one). */
  now?: () => number;
  /** Told of every verified reply (challenges wait on it). */
  onReply?: (body: Extract<GatewayBody, { kind: "reply" }>, receivedAt: number) => void;
}

/**
 * One MQTT message in, one outcome out: topic → gateway → verify → points → durable commit. The
 * returned promise settles only when the message may be acknowledged: after the commit for
 * accepted frames, at once for refused ones (redelivering a forged frame cannot make it valid).
 */
export class IngestPipeline {
  private readonly skewLog = new LogThrottle(60_000);

  constructor(private readonly opts: PipelineOptions) {}

  async accept(
    topic: string,
    payload: Uint8Array,
    receivedAt = this.opts.now?.() ?? Date.now(),
  ): Promise<IngestOutcome> {
    const outcome = await this.handle(topic, payload, receivedAt);
    this.opts.metrics.frames.inc({ outcome });
    return outcome;
  }

  private async handle(topic: string, payload: Uint8Array, receivedAt: number): Promise<IngestOutcome> {
    const parsed = parseTopic(topic);
    if (!parsed.ok) {
      this.reject({
        code: parsed.error.code,
        message: parsed.error.message,
        topic,
        ent: null,
        gw: null,
        at: receivedAt,
      });
      return "rejected";
    }
    // cmd is cloud → gateway: on an external broker our own subscription sees it; not ours to ingest.
    if (parsed.kind === "cmd") return "ignored";
    const entry = await this.opts.directory.get(parsed.ent, parsed.gw, receivedAt);
    const verdict = await verifyFrame(payload, entry, {
      topic,
      receivedAt,
      maxSkewMs: this.opts.maxSkewMs ?? 300_000,
      maxBytes: this.opts.maxFrameBytes,
    });
    if (!verdict.ok) {
      this.reject({
        code: verdict.code,
        message: verdict.message,
        path: verdict.path,
        topic,
        ent: parsed.ent,
        gw: parsed.gw,
        at: receivedAt,
      });
      // Only enrolled gateways get ledger rows: invented ids must not grow the state store.
      if (entry !== undefined) this.opts.committer.countRejection(parsed.ent, parsed.gw, receivedAt);
      return "rejected";
    }
    const { body, isSkewed } = verdict;
    const gateway = entry as GatewayEntry;
    if (isSkewed) this.flagSkew(body, receivedAt);
    if (body.kind === "birth") this.opts.directory.applyBirth(gateway, body.devices);
    // A data body's columns, made once: the telemetry write and the accounting both read them.
    const columns = body.kind === "data" ? deviceColumnsOf(body) : undefined;
    const runs = columns === undefined ? [] : this.runsOf(body, columns, gateway);
    const outcome = await this.opts.committer.submit(
      { body, receivedAt, isSkewed, raw: payload, columns },
      runs,
    );
    if (body.kind === "reply") this.opts.onReply?.(body, receivedAt);
    return outcome;
  }

  /** A run per device, over the body's own columns: no object per value. */
  private runsOf(body: VerifiedBody, columns: readonly DeviceColumns[], gateway: GatewayEntry): SampleRun[] {
    return columns.map(({ dev, columns }) => ({
      ent: body.ent,
      gw: body.gw,
      dev,
      profile: this.opts.directory.profileOf(gateway, dev),
      columns,
    }));
  }

  private reject(r: Parameters<RejectionLog["record"]>[0]): void {
    this.opts.metrics.rejections.inc({ code: r.code });
    this.opts.rejections.record(r);
  }

  private flagSkew(body: VerifiedBody, receivedAt: number): void {
    this.opts.metrics.skewed.inc();
    if (this.skewLog.shouldLog(`${body.ent}/${body.gw}`, receivedAt)) {
      this.opts.log.warn(
        { enterprise: body.ent, gateway: body.gw, skewMs: body.ts - receivedAt, event: "clock-skew" },
        "gateway clock differs from ours beyond the bound; check NTP on the gateway (logged once a minute)",
      );
    }
  }
}
