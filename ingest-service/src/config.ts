import { join } from "node:path";
import { z } from "zod";
import { IndicatorParamsSchema } from "./indicators/params.js";

const Port = z.int().min(0).max(65_535);

const EmbeddedBroker = z.strictObject({
  mode: z.literal("embedded"),
  host: z.string().default("127.0.0.1"),
  port: Port.default(1883),
  /** PEM files; both given → MQTT over TLS. */
  tlsCertFile: z.string().optional(),
  tlsKeyFile: z.string().optional(),
  /**
   * Largest MQTT packet accepted, checked from its fixed header before the body is buffered
   * (broker/packet-guard.ts). The default is a little above the largest frame the ingest decodes
   * (DEFAULT_MAX_FRAME_BYTES, 256 KiB) plus topic and header bytes.
   */
  maxPacketBytes: z
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(264 * 1024),
  /** Largest first packet (the CONNECT, before authentication); an agent's CONNECT with its will is ≈ 1 KiB. */
  maxConnectBytes: z
    .int()
    .min(256)
    .max(1024 * 1024)
    .default(16 * 1024),
  /** A connection that has not completed CONNECT within this is closed (aedes `connectTimeout`). */
  connectTimeoutMs: z.int().min(100).max(120_000).default(10_000),
});

/**
 * Connections one instance opens to an external broker (`--broker-connections`). Each holds its
 * own persistent session in the shared-subscription group; 64 bounds the sessions (and the
 * broker-side queues) one instance can leave behind. The default is in broker/external.ts.
 */
export const MAX_BROKER_CONNECTIONS = 64;

const ExternalBroker = z
  .strictObject({
    mode: z.literal("external"),
    url: z
      .string()
      .regex(/^(mqtt|mqtts|tcp|tls):\/\//, "broker url must be mqtt://, mqtts://, tcp:// or tls://"),
    username: z.string().optional(),
    password: z.string().optional(),
    /**
     * Stable per instance (the broker keeps its queue across restarts): set it per replica. With
     * several connections, connection i > 0 uses `{clientId}-c{i}` (≤ 132 characters: MQTT 5
     * §3.1.3.1 lets a server refuse ids over 23, but Mosquitto and EMQX take up to 65,535).
     */
    clientId: z.string().min(1).max(128).default("onramp-ingest-1"),
    /**
     * Without a group, one instance holds a plain persistent subscription: the broker queues
     * everything for it while it is away (restart, kill -9), so nothing is lost. With a group,
     * instances split the load through a shared subscription; Mosquitto 2.0.11 keeps dealing a
     * stopped member (persistent session) its round-robin share, queued until it returns
     * (test/ingest-mosquitto-connections.test.ts; README "Scale-out").
     */
    group: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    /**
     * Connections of this instance in the group, each its own session: mqtt.js handles one message
     * at a time per connection, so N connections keep N frames in the committer at once. Absent: 1
     * without a group, DEFAULT_GROUP_CONNECTIONS (broker/external.ts) with one.
     */
    connections: z
      .int("broker connections must be a whole number")
      .min(1, "broker connections must be at least 1")
      .max(
        MAX_BROKER_CONNECTIONS,
        `at most ${MAX_BROKER_CONNECTIONS} broker connections per instance; run more instances beyond that`,
      )
      .optional(),
    caFile: z.string().optional(),
  })
  .check((ctx) => {
    const { connections, group } = ctx.value;
    if (connections !== undefined && connections > 1 && group === undefined) {
      ctx.issues.push({
        code: "custom",
        input: connections,
        path: ["connections"],
        message:
          `${connections} broker connections need a shared-subscription group (--broker-group): ` +
          "without one each connection holds a plain subscription and receives every message, " +
          `so every frame would be handled ${connections} times`,
      });
    }
  });

const Telemetry = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("embedded") }),
  z.strictObject({
    kind: z.literal("influx-v1"),
    url: z.url(),
    db: z.string().min(1).default("onramp"),
    username: z.string().optional(),
    password: z.string().optional(),
  }),
  z.strictObject({
    kind: z.literal("influx-v2"),
    url: z.url(),
    token: z.string().min(1),
    org: z.string().min(1),
    bucket: z.string().min(1),
    /** Database name InfluxQL reads use (the bucket's DBRP mapping); defaults to the bucket. */
    influxqlDb: z.string().optional(),
  }),
]);

/**
 * Sparkplug B 3.0 gateways already in the field as a source (issue 20; src/sparkplug/README.md).
 * Absent: no Sparkplug connection. Their data is unsigned and reaches at most `connected`.
 */
const Sparkplug = z.strictObject({
  url: z
    .string()
    .regex(/^(mqtt|mqtts|tcp|tls):\/\//, "sparkplug broker url must be mqtt://, mqtts://, tcp:// or tls://"),
  username: z.string().optional(),
  password: z.string().optional(),
  caFile: z.string().optional(),
  clientId: z.string().min(1).max(128).default("onramp-sparkplug-host"),
  /** The primary host id edge nodes are configured with: STATE goes to spBv1.0/STATE/{hostId}. */
  hostId: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "host id: 1..64 of [A-Za-z0-9_.-] (no MQTT wildcards or /)")
    .default("onramp"),
  /** Sparkplug group ids to take (none: every group). */
  groups: z
    .array(z.string().regex(/^[^/+#]{1,128}$/, "a group id without /, + or #"))
    .max(1000)
    .default([]),
  /**
   * Consent to send commands to the edge nodes. Only `Node Control/Rebirth` is ever sent (after a
   * missed seq, or data from a node whose birth this host has not seen); off, a gap is only counted.
   */
  allowCommands: z.boolean().default(false),
  rebirthMinIntervalMs: z.int().min(100).max(3_600_000).default(10_000),
  maxPayloadBytes: z
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
  maxMetricsPerMessage: z.int().min(1).max(100_000).default(10_000),
  maxAliasesPerNode: z.int().min(1).max(1_000_000).default(20_000),
  maxPendingCommits: z.int().min(1).max(10_000).default(256),
});

export const IngestConfigSchema = z.strictObject({
  dataDir: z.string().default(".onramp-data"),
  http: z.strictObject({ host: z.string().default("127.0.0.1"), port: Port.default(8080) }).prefault({}),
  broker: z.discriminatedUnion("mode", [EmbeddedBroker, ExternalBroker]).prefault({ mode: "embedded" }),
  /** The MQTT URL returned to gateways at enrollment; derived from the embedded broker if unset. */
  publicMqttUrl: z.string().optional(),
  /**
   * Bearer token a Prometheus scraper sends for GET /metrics. Absent: /metrics answers only
   * requests from loopback (127.0.0.1, ::1), so a scraper on another host needs it.
   */
  metricsToken: z.string().min(16).optional(),
  /** Absent: embedded PGlite in `dataDir/state`. */
  postgresUrl: z.string().optional(),
  telemetry: Telemetry.prefault({ kind: "embedded" }),
  sparkplug: Sparkplug.optional(),
  /** Device-profile library for expected samples and heartbeats (e.g. ./device-profiles). */
  profilesDir: z.string().optional(),
  cmdKeyFile: z.string().optional(),
  maxSkewMs: z.int().min(1000).default(300_000),
  commit: z
    .strictObject({
      maxQueuedPoints: z.int().min(1000).default(200_000),
      // 40,000 rather than 20,000: a batch's fixed costs (a dozen SQL statements, one /write)
      // spread over twice the points — measured +5 % and +16 % end to end in two paired runs of
      // test/bench/ingest-throughput.ts (16 gateways, 2,000-sample frames, embedded state).
      maxBatchPoints: z.int().min(100).default(40_000),
      concurrency: z.int().min(1).max(8).default(2),
    })
    .prefault({}),
  /** Defences against guessing and flooding (limits/abuse-limits.ts); README "Hardening". */
  limits: z
    .strictObject({
      /** Enrollment requests per source address: a burst, then this many per minute. */
      enrollBurst: z.int().min(1).max(10_000).default(10),
      enrollPerMinute: z.number().min(0.1).max(100_000).default(10),
      /** Failed logins (API token, MQTT CONNECT) free per source address before back-off. */
      freeFailuresPerAddress: z.int().min(1).max(100_000).default(20),
      /** Failed MQTT CONNECTs free per client id before back-off. */
      freeFailuresPerClient: z.int().min(1).max(100_000).default(5),
      /** First back-off after the free failures; doubles with each further failure up to the max. */
      backoffBaseMs: z.int().min(1).max(3_600_000).default(1000),
      backoffMaxMs: z.int().min(1).max(3_600_000).default(60_000),
      /** scrypt checks at once; the rest wait, so they never hold more of libuv's 4 pool threads. */
      concurrentPasswordChecks: z.int().min(1).max(16).default(1),
    })
    .prefault({}),
  rejectionsKept: z.int().min(10).max(100_000).default(500),
  /** Indicator thresholds (ingest-service/src/indicators/README.md); defaults when absent. */
  indicators: IndicatorParamsSchema.prefault({}),
  /**
   * Frame-log retention (state/frame-log-retention.ts): rows older than `retentionDays` are
   * deleted; the raw bytes of data frames are capped per device and hour. Every `pruneEveryMs`.
   */
  /** How a report reads the frame log of its period (evidence/load-input.ts). */
  reports: z
    .strictObject({
      /**
       * Frames (with a day of history) a report reads whole: each a presence event, each one's
       * sample times in the evidence bundle, where `onramp-verify` recomputes the replay check
       * from them. Past this the frame log is summarised (evidence/frame-log-summary.ts): the same
       * report, in a memory that does not grow with the frames, and a bundle whose replay findings
       * are the server's. Its memory grows with the frames it reads whole.
       */
      framesInFull: z.int().min(0).max(1_000_000).default(250_000),
    })
    .prefault({}),
  frameLog: z
    .strictObject({
      retentionDays: z.int().min(1).max(36_500).default(400),
      maxRawBytesPerDeviceHour: z
        .int()
        .min(0)
        .default(512 * 1024),
      pruneEveryMs: z.int().min(1000).default(3_600_000),
      batchRows: z.int().min(1).max(100_000).default(5000),
    })
    .prefault({}),
  /**
   * Background warm-up of the bureau overview's figures cache (evidence/bureau-warmer.ts): every
   * enterprise's default-period figures, at start-up and every `everyMs`.
   */
  bureauWarmup: z
    .strictObject({
      enabled: z.boolean().default(true),
      everyMs: z.int().min(1000).default(45_000),
      concurrency: z.int().min(1).max(8).default(2),
      /**
       * Closed days stored for the long trends (evidence/day-trends.ts) per enterprise and pass,
       * newest first back to its registration: one more one-day report per enterprise per pass
       * until they are all stored (a year in about 365 passes, 4.5 h at the default `everyMs`),
       * then only yesterday's. 0: days are computed only when a trend asks for them.
       */
      trendDaysPerPass: z.int().min(0).max(366).default(1),
    })
    .prefault({}),
  /**
   * The city-wide copied-stream scan (issue 14, evidence/copied-stream-scanner.ts) over the default
   * bureau period, at start-up and every `everyMs`, so copies across enterprises reach their reports
   * without anyone calling `GET /bureau/copied-streams`. Five minutes: a copy is flagged within
   * minutes, and one scan of 10,000 devices costs seconds of CPU (`npm run bench:copied-streams`).
   */
  copiedStreamScan: z
    .strictObject({
      enabled: z.boolean().default(true),
      everyMs: z.int().min(1000).default(300_000),
    })
    .prefault({}),
  /**
   * The diagnosis report PDF (report/renderer.ts): headless Chromium, started on the first request
   * and closed after `idleCloseMs` idle. One PDF at a time on the 2-core reference machine (a print
   * takes one core for seconds); four more may wait, the rest get 503 ONRAMP_REPORT_BUSY.
   */
  report: z
    .strictObject({
      chromiumPath: z.string().min(1).default("/usr/bin/chromium"),
      maxConcurrent: z.int().min(1).max(16).default(1),
      maxQueued: z.int().min(0).max(100).default(4),
      idleCloseMs: z.int().min(0).default(60_000),
      timeoutMs: z.int().min(1000).max(300_000).default(60_000),
    })
    .prefault({}),
  /** Scheduled random challenges (INDICATORS §5 liveness); off unless everyMs is set. */
  challenges: z
    .strictObject({
      everyMs: z.int().min(1000).optional(),
      jitter: z.number().min(0).max(0.9).default(0.5),
      concurrency: z.int().min(1).max(32).default(4),
      deadlineMs: z.int().min(1000).max(60_000).default(10_000),
    })
    .prefault({}),
});
export type IngestConfig = z.output<typeof IngestConfigSchema>;
export type IngestConfigInput = z.input<typeof IngestConfigSchema>;

export const cmdKeyPath = (config: IngestConfig) => config.cmdKeyFile ?? join(config.dataDir, "cmd-key.pem");
export const stateDir = (config: Pick<IngestConfig, "dataDir">) => join(config.dataDir, "state");
