import type { Logger } from "pino";
import { AgentDevices } from "./agent-devices.js";
import { ChallengeResponder } from "./challenge/challenge.js";
import type { ResolvedConfig } from "./config/load-agent-config.js";
import type { DriverRegistry } from "./drivers/registry.js";
import type { Enrollment } from "./enroll/load-enrollment.js";
import { createFrameBuilder, type FrameBuilder } from "./pipeline/frame-builder.js";
import { Pipeline } from "./pipeline/pipeline.js";
import { Publisher, redactUrl } from "./publish/publisher.js";
import type { Spool } from "./spool/spool.js";
import { openSqliteSpool } from "./spool/sqlite-spool.js";
import type { AgentSnapshot } from "./status/snapshot.js";
import { type StatusServer, startStatusServer } from "./status/status-server.js";

export const AGENT_NAME = "onramp-agent";
export const AGENT_VERSION = "0.1.0";

export interface AgentOptions {
  readonly resolved: ResolvedConfig;
  readonly enrollment: Enrollment;
  readonly registry: DriverRegistry;
  readonly logger: Logger;
  readonly now?: () => number;
  /** How long a graceful stop waits for frames in flight before publishing the death. */
  readonly drainMs?: number;
}

/** How often frames past the spool's age limit are evicted. */
const EXPIRY_INTERVAL_MS = 60_000;

/** The wiring: devices → pipeline → spool → publisher, plus challenges and the status page. */
export class Agent {
  readonly #o: AgentOptions;
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #spool: Spool;
  readonly #frames: FrameBuilder;
  readonly #pipeline: Pipeline;
  readonly #publisher: Publisher;
  readonly #devices: AgentDevices;
  readonly #challenges: ChallengeResponder;
  #resolved: ResolvedConfig;
  #status: StatusServer | undefined;
  #expiry: NodeJS.Timeout | undefined;
  #isStopping = false;

  private constructor(options: AgentOptions) {
    this.#o = options;
    this.#resolved = options.resolved;
    this.#now = options.now ?? Date.now;
    this.#startedAt = this.#now();
    const { config } = options.resolved;
    const record = options.enrollment.record;
    const logger = options.logger;
    this.#spool = openSqliteSpool({
      path: options.resolved.spoolPath,
      maxBytes: config.spool.maxBytes,
      maxAgeMs: config.spool.maxAgeHours * 3_600_000,
      onEvict: (frame) =>
        logger.warn(
          { code: "ONRAMP_SPOOL_EVICTED", spoolId: frame.id, samples: frame.samples, reason: frame.reason },
          "spool evicted an unsent frame",
        ),
    });
    this.#frames = createFrameBuilder({
      ent: config.gateway.enterprise ?? record.enterprise,
      gw: config.gateway.id ?? record.gateway,
      signer: options.enrollment.signer,
      agent: { name: AGENT_NAME, version: AGENT_VERSION },
      contractVersion: config.frames.version,
    });
    this.#pipeline = new Pipeline({
      frames: this.#frames,
      spool: this.#spool,
      logger,
      now: this.#now,
      batch: config.batch,
      onSpooled: () => this.#publisher.pump(),
    });
    this.#devices = new AgentDevices(options.registry, this.#pipeline, logger, () => {
      if (this.#publisher.isConnected) void this.#publisher.republishBirth(this.#publisher.willSeq);
    });
    this.#challenges = new ChallengeResponder({
      frames: this.#frames,
      cloudKeys: options.enrollment.cmdKeys,
      device: (id) => this.#devices.get(id),
      publish: (frame) => this.#publisher.publishDirect(frame.topic, frame.bytes),
      onIdentityChanged: (id) => this.#devices.identityChanged(id),
      maxCmdAgeMs: 3_600_000,
      logger,
      now: this.#now,
    });
    const broker = config.broker;
    this.#publisher = new Publisher({
      url: broker.url ?? record.mqtt.url,
      clientId: broker.clientId ?? record.mqtt.clientId ?? `onramp-${this.#frames.ent}-${this.#frames.gw}`,
      username: broker.username ?? record.mqtt.username,
      password: options.resolved.brokerPassword ?? record.mqtt.password,
      ca: options.resolved.brokerCa,
      keepaliveSeconds: broker.keepaliveSeconds,
      connectTimeoutMs: broker.connectTimeoutMs,
      reconnectMinMs: broker.reconnectMinMs,
      reconnectMaxMs: broker.reconnectMaxMs,
      maxInflight: broker.maxInflight,
      catchUpFramesPerSecond: broker.catchUpFramesPerSecond,
      spool: this.#spool,
      frames: this.#frames,
      birthDevices: () => this.#devices.birthDevices(),
      onCmd: (topic, payload) => void this.#challenges.handle(topic, payload),
      logger,
      now: this.#now,
    });
  }

  static async start(options: AgentOptions): Promise<Agent> {
    const agent = new Agent(options);
    await agent.#start();
    return agent;
  }

  async #start(): Promise<void> {
    const { config } = this.#resolved;
    if (config.status.enabled) {
      this.#status = await startStatusServer(config.status.host, config.status.port, () => this.snapshot());
    }
    this.#spool.evictExpired(this.#now());
    const unvouched = this.#spool.beginRun(this.#now());
    if (unvouched !== undefined) {
      this.#o.logger.warn(
        { code: "ONRAMP_AGENT_UNCLEAN_RESTART", from: unvouched.from, to: unvouched.to },
        "the previous run ended without a clean stop: reporting its last window as an outage",
      );
      this.#pipeline.reportUnvouched(
        this.#resolved.devices.map((d) => d.id),
        unvouched.from,
      );
    }
    this.#expiry = setInterval(() => this.#spool.evictExpired(this.#now()), EXPIRY_INTERVAL_MS);
    this.#expiry.unref();
    await this.#devices.apply(this.#resolved.devices);
    this.#publisher.start();
    this.#o.logger.info(
      {
        gateway: this.#frames.gw,
        enterprise: this.#frames.ent,
        session: this.#frames.sess,
        devices: this.#resolved.devices.length,
      },
      "agent started",
    );
  }

  get statusPort(): number | undefined {
    return this.#status?.port;
  }

  get session(): string {
    return this.#frames.sess;
  }

  /** SIGHUP: applies device changes; devices whose config did not change keep running untouched. */
  async reload(
    resolved: ResolvedConfig,
  ): Promise<{ started: string[]; stopped: string[]; kept: string[]; needsRestart: string[] }> {
    const before = this.#resolved.config;
    const after = resolved.config;
    const needsRestart = (["gateway", "broker", "batch", "spool", "status", "log"] as const).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    );
    this.#resolved = resolved;
    const changes = await this.#devices.apply(resolved.devices);
    this.#o.logger.info({ ...changes, needsRestart }, "config reloaded");
    return { ...changes, needsRestart };
  }

  snapshot(): AgentSnapshot {
    const failures = this.#devices.failures();
    return {
      agent: { version: AGENT_VERSION, startedAt: this.#startedAt, now: this.#now() },
      gateway: {
        enterprise: this.#frames.ent,
        id: this.#frames.gw,
        session: this.#frames.sess,
        kid: this.#frames.kid,
      },
      broker: {
        ...this.#publisher.stats(),
        url: redactUrl(this.#resolved.config.broker.url ?? this.#o.enrollment.record.mqtt.url),
      },
      spool: this.#spool.stats(),
      pipeline: { ...this.#pipeline.counters },
      challenges: structuredClone(this.#challenges.counters),
      devices: [
        ...this.#pipeline.devices().map((d) => ({ ...d, counters: this.#devices.counters(d.id) })),
        ...[...failures].map(([id, error]) => ({
          id,
          state: "disconnected" as const,
          since: this.#startedAt,
          lastError: { ...error, at: this.#startedAt },
          lastSampleAt: undefined,
          isProducing: false,
          samplesRead: 0,
          samplesReported: 0,
          fingerprint: undefined,
          counters: {},
        })),
      ],
    };
  }

  /** SIGTERM: stop polling, flush batches into the spool, publish the death, close. */
  async stop(): Promise<void> {
    if (this.#isStopping) return;
    this.#isStopping = true;
    clearInterval(this.#expiry);
    await this.#devices.stopAll();
    this.#pipeline.flush();
    this.#pipeline.close();
    await this.#publisher.stop(this.#o.drainMs ?? 2000);
    await this.#o.registry.close();
    await this.#status?.close();
    this.#spool.endRun();
    this.#spool.close();
    this.#o.logger.info({ session: this.#frames.sess }, "agent stopped");
  }
}
