import { createHash } from "node:crypto";
import type { BirthBody, DataBody, DeathBody, StatusBody } from "@onramp/contract";
import type { Logger } from "pino";
import type { FrameCommitter } from "../ingest/committer.js";
import type { GatewayBody } from "../state/accounting.js";
import { columnsOfSamples } from "../store/sample-columns.js";
import type { SampleRun } from "../store/telemetry-store.js";
import { LogThrottle } from "../verify/log-throttle.js";
import { EdgeNodeState } from "./edge-node.js";
import { type DeviceMapping, type EdgeMapping, mappingDigest, type SparkplugMappings } from "./mappings.js";
import type { SparkplugMetrics } from "./metrics.js";
import { type DecodedMetric, type DecodedPayload, decodeSparkplugPayload } from "./payload.js";
import type { SparkplugProfiles } from "./profile-library.js";
import { parseSparkplugTopic, type SparkplugTopic } from "./topic.js";
import { translateMetrics } from "./translate.js";

/** Why a whole message was dropped; counted in `onramp_sparkplug_drops_total{reason}` and logged. */
export type MessageDrop =
  | "ONRAMP_SPARKPLUG_PAYLOAD_TOO_LARGE"
  | "ONRAMP_SPARKPLUG_PAYLOAD_INVALID"
  | "ONRAMP_SPARKPLUG_TOO_MANY_METRICS"
  | "ONRAMP_SPARKPLUG_EDGE_UNMAPPED"
  | "ONRAMP_SPARKPLUG_NOT_BORN"
  | "ONRAMP_SPARKPLUG_STALE_DEATH"
  | "ONRAMP_SPARKPLUG_SEQ_MISSING"
  | "ONRAMP_SPARKPLUG_LATE_BEFORE_BIRTH";

export interface SparkplugSourceOptions {
  mappings: SparkplugMappings;
  profiles: SparkplugProfiles;
  committer: FrameCommitter;
  metrics: SparkplugMetrics;
  log: Logger;
  maxPayloadBytes: number;
  maxMetricsPerMessage: number;
  maxAliasesPerNode: number;
  /** Operator's consent to send NCMD (`Node Control/Rebirth`); without it a gap is only counted. */
  allowCommands: boolean;
  rebirthMinIntervalMs: number;
  /** Sends the NCMD; set by the host connection. */
  requestRebirth: (group: string, edge: string) => Promise<void>;
  now: () => number;
  /** How long a mapping read from SQL is trusted (the API invalidates this instance's copy at once). */
  mappingTtlMs?: number;
}

export type SourceOutcome = "queued" | "dropped" | "ignored";

interface EdgeEntry {
  edge: EdgeMapping | undefined;
  devices: Map<string, DeviceMapping>;
  loadedAt: number;
}

const AGENT = { name: "sparkplug-b", version: "3.0" };

/**
 * One Sparkplug B message in, Onramp frames out (issue 20). Each mapped edge node becomes an
 * Onramp gateway whose births, data, deaths and device status are synthesised as the bodies an
 * agent would sign, and go through the same committer: dedupe, ledger, presence and indicators
 * treat them alike. Two sessions per birth: the data lane (`spb_{bdSeq}_{ts}`) whose seq is the
 * node's unwrapped Sparkplug seq, so a lost message is a ledger gap, and the birth lane (`…_b`)
 * holding the births and the NDEATH, as an agent's birth holds its will.
 * `prepare` must be awaited in message order (seq tracking); the commit it returns need not be.
 */
export class SparkplugSource {
  private readonly nodes = new Map<string, EdgeNodeState & { birthSeq: number }>();
  private readonly edges = new Map<string, EdgeEntry>();
  private readonly logThrottle = new LogThrottle(60_000, 256);

  constructor(private readonly opts: SparkplugSourceOptions) {}

  /** Forget cached mappings of an edge node (after an API change on this instance). */
  invalidate(group: string, edge: string): void {
    this.edges.delete(`${group}/${edge}`);
  }

  async prepare(
    topic: string,
    bytes: Uint8Array,
  ): Promise<{ outcome: SourceOutcome; committed: Promise<unknown> }> {
    const done = (outcome: SourceOutcome) => ({ outcome, committed: Promise.resolve() });
    const parsed = parseSparkplugTopic(topic);
    if (parsed === undefined) return done("ignored");
    const receivedAt = this.opts.now();
    this.opts.metrics.messages.inc({ type: parsed.type });
    const decoded = decodeSparkplugPayload(bytes, this.opts);
    if (!decoded.ok) return done(this.drop(parsed, decoded.code, decoded.detail));
    const entry = await this.edgeEntry(parsed.group, parsed.edge, receivedAt);
    if (entry.edge === undefined)
      return done(
        this.drop(parsed, "ONRAMP_SPARKPLUG_EDGE_UNMAPPED", "register it: POST /api/v1/sparkplug/edges"),
      );
    const frames = this.framesOf(parsed, decoded.payload, entry, entry.edge, receivedAt);
    if (typeof frames === "string") return done("dropped");
    const committed = Promise.all(
      frames.map(({ body, runs }) => this.opts.committer.submit({ body, receivedAt, isSkewed: false }, runs)),
    );
    return { outcome: "queued", committed };
  }

  private framesOf(
    t: SparkplugTopic,
    p: DecodedPayload,
    entry: EdgeEntry,
    edge: EdgeMapping,
    receivedAt: number,
  ): { body: GatewayBody; runs: SampleRun[] }[] | "dropped" {
    const node = this.nodeOf(t.group, t.edge);
    const ts = p.timestamp ?? receivedAt;
    const header = (sess: string, seq: number) => ({
      v: 1 as const,
      ent: edge.ent,
      gw: edge.gw,
      sess,
      seq,
      ts,
    });
    if (t.type === "NBIRTH") {
      const bdSeq = bdSeqOf(p.metrics);
      node.birth(bdSeq ?? 0, ts);
      node.birthSeq = 1;
      this.declareAliases(t, node, p.metrics);
      const data: DataBody = { ...header(node.session as string, 0), kind: "data", devices: [] };
      return [
        { body: this.birthBody(t, node, entry, header), runs: [] },
        { body: data, runs: [] },
      ];
    }
    if (t.type === "NDEATH") {
      const bdSeq = bdSeqOf(p.metrics);
      if (!node.isBorn || (bdSeq !== undefined && bdSeq !== node.bdSeq))
        return this.drop(
          t,
          "ONRAMP_SPARKPLUG_STALE_DEATH",
          `bdSeq ${bdSeq} is not the birth's ${node.bdSeq}`,
        );
      const body: DeathBody = {
        ...header(`${node.session}_b`, 0),
        kind: "death",
        reason: "lwt",
        detail: "Sparkplug B NDEATH",
      };
      node.death();
      return [{ body, runs: [] }];
    }
    if (!node.isBorn) {
      this.askRebirth(t, "data before any birth of this node");
      return this.drop(t, "ONRAMP_SPARKPLUG_NOT_BORN", "no NBIRTH seen since this host started");
    }
    if (p.seq === undefined) return this.drop(t, "ONRAMP_SPARKPLUG_SEQ_MISSING", "the message has no seq");
    const verdict = node.place(p.seq);
    if (verdict.kind === "gap") {
      this.opts.metrics.seqGaps.inc({}, verdict.missed);
      this.note(t, "seq-gap", { missed: verdict.missed }, "Sparkplug seq skipped: messages lost");
      this.askRebirth(t, `seq gap of ${verdict.missed}`);
    }
    if (verdict.kind === "late") this.opts.metrics.lateMessages.inc();
    if (verdict.index < 0)
      return this.drop(t, "ONRAMP_SPARKPLUG_LATE_BEFORE_BIRTH", "seq older than the birth");
    const sess = node.session as string;
    const empty: DataBody = { ...header(sess, verdict.index), kind: "data", devices: [] };
    const device = t.device === undefined ? undefined : entry.devices.get(t.device);
    if (t.type === "DBIRTH") this.declareAliases(t, node, p.metrics);
    if (t.type === "NDATA" || device === undefined) {
      // Node metrics, or an unmapped device: kept only as a seq (the ledger stays whole), counted.
      this.opts.metrics.metricsDropped.inc({ reason: "unmapped" }, p.metrics.length);
      if (device === undefined && t.device !== undefined)
        this.note(t, "device-unmapped", {}, "Sparkplug device not mapped: its metrics are not stored");
      return [{ body: empty, runs: [] }];
    }
    if (t.type === "DDEATH") {
      node.devices.delete(device.spDevice);
      const body: StatusBody = {
        ...header(sess, verdict.index),
        kind: "status",
        events: [
          {
            dev: device.dev,
            state: "disconnected",
            cause: { code: "SPARKPLUG_DDEATH", message: "the Sparkplug B gateway announced a device death" },
            t: Math.min(ts, receivedAt),
          },
        ],
      };
      return [{ body, runs: [] }];
    }
    const frames: { body: GatewayBody; runs: SampleRun[] }[] = [];
    if (t.type === "DBIRTH") {
      node.devices.add(device.spDevice);
      frames.push({ body: this.birthBody(t, node, entry, header), runs: [] });
    }
    frames.push(this.dataFrame(t, node, device, p, header(sess, verdict.index), receivedAt));
    return frames;
  }

  private dataFrame(
    t: SparkplugTopic,
    node: EdgeNodeState,
    device: DeviceMapping,
    p: DecodedPayload,
    header: Omit<DataBody, "kind" | "devices">,
    receivedAt: number,
  ): { body: DataBody; runs: SampleRun[] } {
    const profile = this.opts.profiles(device.profile);
    const body: DataBody = { ...header, kind: "data", devices: [] };
    if (profile === undefined) {
      this.opts.metrics.metricsDropped.inc({ reason: "profile-without-sparkplug" }, p.metrics.length);
      this.note(t, "profile-missing", { profile: device.profile }, "mapped profile has no sparkplug section");
      return { body, runs: [] };
    }
    const tr = translateMetrics(p.metrics, profile, (a) => node.nameOf(a), p.timestamp ?? receivedAt);
    for (const [reason, n] of tr.drops) this.opts.metrics.metricsDropped.inc({ reason }, n);
    if (tr.drops.size > 0)
      this.note(t, "metrics-dropped", Object.fromEntries(tr.drops), "Sparkplug metrics not stored (counted)");
    this.opts.metrics.values.inc({}, tr.samples.length);
    this.opts.metrics.historical.inc({}, tr.historical);
    if (tr.samples.length === 0) return { body, runs: [] };
    body.devices.push({ dev: device.dev, samples: tr.samples });
    const columns = columnsOfSamples(tr.samples);
    const runs = [{ ent: header.ent, gw: header.gw, dev: device.dev, profile: device.profile, columns }];
    return { body, runs };
  }

  /** A birth announcing every born, mapped device of the node (births replace the device list). */
  private birthBody(
    t: SparkplugTopic,
    node: EdgeNodeState & { birthSeq: number },
    entry: EdgeEntry,
    header: (sess: string, seq: number) => Omit<BirthBody, "kind" | "agent" | "kid" | "willSeq" | "devices">,
  ): BirthBody {
    const devices = [...node.devices]
      .map((id) => entry.devices.get(id))
      .filter((d) => d !== undefined)
      .map((d) => ({
        id: d.dev,
        profile: d.profile,
        class: this.opts.profiles(d.profile)?.class ?? "gateway",
        mapping: mappingDigest(t.group, t.edge, d),
        identity: {
          // Not read from the machine: the gateway's own name for it. The evidence says so.
          fingerprint: `sparkplug-b:${t.group}/${t.edge}/${d.spDevice}`,
          source: "sparkplug-b" as const,
          fields: { group: t.group, edge: t.edge, device: d.spDevice },
        },
      }));
    const seq = node.birthSeq++;
    return {
      ...header(`${node.session}_b`, seq),
      kind: "birth",
      agent: AGENT,
      kid: createHash("sha256").update(`${t.group}/${t.edge}`).digest("base64url"),
      willSeq: 0,
      devices,
    };
  }

  private declareAliases(t: SparkplugTopic, node: EdgeNodeState, metrics: readonly DecodedMetric[]) {
    let refused = 0;
    for (const m of metrics)
      if (m.alias !== undefined && m.name !== undefined && !node.declareAlias(m.alias, m.name)) refused += 1;
    if (refused > 0) {
      this.opts.metrics.metricsDropped.inc({ reason: "aliases-full" }, refused);
      this.note(t, "aliases-full", { refused, max: this.opts.maxAliasesPerNode }, "alias table full");
    }
  }

  private askRebirth(t: SparkplugTopic, why: string): void {
    const node = this.nodeOf(t.group, t.edge);
    const now = this.opts.now();
    if (!this.opts.allowCommands) {
      this.opts.metrics.rebirthRequests.inc({ outcome: "not-allowed" });
      return;
    }
    if (now - node.lastRebirthRequest < this.opts.rebirthMinIntervalMs) {
      this.opts.metrics.rebirthRequests.inc({ outcome: "rate-limited" });
      return;
    }
    node.lastRebirthRequest = now;
    this.opts.metrics.rebirthRequests.inc({ outcome: "sent" });
    this.opts.log.info(
      { group: t.group, edge: t.edge, why, event: "sparkplug-rebirth" },
      "asking the edge node for a rebirth",
    );
    this.opts
      .requestRebirth(t.group, t.edge)
      .catch((error: Error) =>
        this.opts.log.warn({ err: error, group: t.group, edge: t.edge }, "rebirth request not sent"),
      );
  }

  private drop(t: SparkplugTopic, reason: MessageDrop, detail: string): "dropped" {
    this.opts.metrics.drops.inc({ reason });
    this.note(t, reason, { detail }, "Sparkplug message dropped");
    return "dropped";
  }

  private note(t: SparkplugTopic, what: string, fields: object, msg: string): void {
    if (!this.logThrottle.shouldLog(`${t.group}/${t.edge}/${what}`, this.opts.now())) return;
    this.opts.log.warn(
      { group: t.group, edge: t.edge, device: t.device, type: t.type, code: what, ...fields },
      `${msg} (logged once a minute)`,
    );
  }

  private nodeOf(group: string, edge: string) {
    const key = `${group}/${edge}`;
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = Object.assign(new EdgeNodeState(this.opts.maxAliasesPerNode), { birthSeq: 1 });
      this.nodes.set(key, node);
    }
    return node;
  }

  private async edgeEntry(group: string, edge: string, now: number): Promise<EdgeEntry> {
    const key = `${group}/${edge}`;
    const cached = this.edges.get(key);
    if (cached !== undefined && now - cached.loadedAt < (this.opts.mappingTtlMs ?? 5_000)) return cached;
    const mapping = await this.opts.mappings.edge(group, edge);
    const devices = mapping === undefined ? [] : await this.opts.mappings.devicesOf(mapping.ent, mapping.gw);
    const entry = { edge: mapping, devices: new Map(devices.map((d) => [d.spDevice, d])), loadedAt: now };
    // Bounded: unmapped edge nodes are cached too (a flood of invented ids costs one query each per TTL).
    if (this.edges.size >= 20_000) this.edges.delete(this.edges.keys().next().value as string);
    this.edges.set(key, entry);
    return entry;
  }
}

/** The `bdSeq` metric of an NBIRTH or NDEATH (§6.4.7): ties a death to the birth it ends. */
function bdSeqOf(metrics: readonly DecodedMetric[]): number | undefined {
  const m = metrics.find((x) => x.name === "bdSeq");
  return typeof m?.value === "number" ? m.value : undefined;
}
