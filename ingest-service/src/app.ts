import { readFile } from "node:fs/promises";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { type Logger, pino } from "pino";
import { deviceSignalsRoutes } from "./api/device-signals-routes.js";
import { enrollmentRoutes } from "./api/enrollment-routes.js";
import { installErrorHandler } from "./api/error-handler.js";
import { healthRoutes } from "./api/health-routes.js";
import { observeRoutes } from "./api/observe-routes.js";
import { registryRoutes } from "./api/registry-routes.js";
import { relationRoutes } from "./api/relation-routes.js";
import { requestForLog } from "./api/request-log.js";
import { tokenRoutes } from "./api/tokens-routes.js";
import type { BrokerLink } from "./broker/broker-link.js";
import { startEmbeddedBroker } from "./broker/embedded.js";
import { connectExternalBroker } from "./broker/external.js";
import { ChallengeScheduler } from "./challenges/challenge-scheduler.js";
import { ChallengeService } from "./challenges/challenge-service.js";
import { challengeRoutes } from "./challenges/routes.js";
import { loadOrCreateCmdKey } from "./cmd/cmd-key.js";
import { cmdKeyPath, type IngestConfig, type IngestConfigInput, IngestConfigSchema } from "./config.js";
import type { IngestContext } from "./context.js";
import { digitalLevelRoutes, loadQuestionnaire } from "./digital-level/index.js";
import { IngestError } from "./errors.js";
import { BureauWarmer } from "./evidence/bureau-warmer.js";
import { CopiedStreamScanner } from "./evidence/copied-stream-scanner.js";
import { CopiedStreamFindings, scanCopiedStreams } from "./evidence/copied-streams.js";
import { DayTrends } from "./evidence/day-trends.js";
import { loadEnterpriseInput } from "./evidence/load-input.js";
import { loadProfileSignals } from "./evidence/profile-signals.js";
import { BureauFiguresCache } from "./evidence/report-cache.js";
import {
  bureauEnterpriseIds,
  computeBureauFigures,
  defaultBureauPeriod,
  evidenceRoutes,
} from "./evidence/routes.js";
import { FrameCommitter } from "./ingest/committer.js";
import { IngestPipeline } from "./ingest/pipeline.js";
import { AbuseLimits } from "./limits/abuse-limits.js";
import { createIngestMetrics, MetricsRegistry } from "./metrics/metrics.js";
import { loadProfileCatalog } from "./profiles/catalog.js";
import { loadProfileSignalList } from "./profiles/signal-list.js";
import { PdfRenderer } from "./report/renderer.js";
import { reportRoutes } from "./report/routes.js";
import { createSparkplugFeature, sparkplugRoutes } from "./sparkplug/index.js";
import { ApiTokens } from "./state/api-tokens.js";
import { Enrollment } from "./state/enrollment.js";
import { FrameLogRetention } from "./state/frame-log-retention.js";
import { openState } from "./state/open-state.js";
import { Registry } from "./state/registry.js";
import { openTelemetryStore } from "./store/open-store.js";
import { GatewayDirectory } from "./verify/gateway-directory.js";
import { RejectionLog } from "./verify/rejections.js";
import { dashboard } from "./web/dashboard.js";

declare module "fastify" {
  interface FastifyInstance {
    ingest: IngestContext;
  }
}

export interface BuildAppOptions {
  config: IngestConfigInput;
  logger?: Logger;
  /** The cloud clock; tests replay recorded hours through a simulated one. */
  now?: () => number;
}

/** HTTP bodies are small JSON documents; 64 KiB bounds them with room to spare. */
const BODY_LIMIT_BYTES = 64 * 1024;

export function parseConfig(input: IngestConfigInput): IngestConfig {
  const parsed = IngestConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new IngestError("ONRAMP_CONFIG_INVALID", `${issue?.path.join(".") || "config"}: ${issue?.message}`);
}

/**
 * Builds the service without listening (Fastify testing guide): state store (migrated),
 * telemetry store, verification pipeline, API. The broker link starts on `ready()` and every
 * resource closes on `close()`.
 */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const config = parseConfig(opts.config);
  const log =
    opts.logger ?? pino({ level: "info", redact: ["req.headers.authorization", "password", "token"] });
  const sql = await openState(config);
  const store = await openTelemetryStore(config.telemetry, sql);
  const catalog = await loadProfileCatalog(config.profilesDir, log);
  const cmdKey = await loadOrCreateCmdKey(cmdKeyPath(config));

  const metricsRegistry = new MetricsRegistry();
  const metrics = createIngestMetrics(metricsRegistry);
  const rejections = new RejectionLog(log, config.rejectionsKept);
  const now = opts.now ?? Date.now;
  const signalsOf = await loadProfileSignals(config.profilesDir);
  const signalList = await loadProfileSignalList(config.profilesDir);
  // INDICATORS §7: the questionnaire is data; a broken file stops the start (ONRAMP_QUESTIONNAIRE_INVALID).
  const digitalLevel = await loadQuestionnaire();
  const directory = new GatewayDirectory(sql);
  const committer = new FrameCommitter({ store, sql, catalog, metrics, log, ...config.commit });
  const pipeline = new IngestPipeline({
    directory,
    committer,
    rejections,
    metrics,
    log,
    maxSkewMs: config.maxSkewMs,
    now,
    onReply: (body, receivedAt) => challenges.onReply(body, receivedAt),
  });
  const sparkplug = await createSparkplugFeature(config, {
    sql,
    committer,
    metrics: metricsRegistry,
    log,
    now,
  });
  metricsRegistry.gauge(
    "onramp_ingest_queue_points",
    "Points waiting to be committed",
    () => committer.pointsQueued,
  );
  metricsRegistry.gauge(
    "onramp_ingest_queue_frames",
    "Frames waiting to be committed",
    () => committer.queuedFrames,
  );
  metricsRegistry.gauge(
    "onramp_ingest_backpressure_waiting",
    "Messages held unacknowledged because the queue is full",
    () => committer.waitingForSpace,
  );

  const limits = new AbuseLimits(config.limits);
  const ctx: IngestContext = {
    sql,
    registry: new Registry(sql),
    enrollment: new Enrollment(sql, limits.passwordChecks),
    apiTokens: new ApiTokens(sql, limits.apiFailuresByAddress),
    directory,
    rejections,
    store,
    metrics: metricsRegistry,
    limits,
    cmdKeys: [cmdKey.publicJwk],
    broker: undefined,
    publicMqttUrl: () => publicMqttUrl(config, ctx.broker),
  };
  metricsRegistry.gauge(
    "onramp_ingest_mqtt_clients",
    "Connected MQTT clients (embedded broker) or connections to the external broker",
    () => ctx.broker?.connectedClients() ?? 0,
  );

  const app = Fastify({
    // A child with its own `req` serializer: Fastify takes the instance's serializers over its own.
    loggerInstance: log.child({}, { serializers: { req: requestForLog } }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: 30_000,
  });
  const challenges = new ChallengeService({
    sql,
    store,
    signalsOf,
    publish: () => ctx.broker?.publish.bind(ctx.broker),
    signer: { kid: cmdKey.publicJwk.kid, privateKey: cmdKey.privateKey },
    params: config.indicators,
    log,
    now,
  });
  const { everyMs, ...schedule } = config.challenges;
  const scheduler =
    everyMs === undefined
      ? undefined
      : new ChallengeScheduler(challenges, sql, { everyMs, ...schedule }, log);
  const { pruneEveryMs, ...retention } = config.frameLog;
  const figuresCache = new BureauFiguresCache();
  const copiedStreams = new CopiedStreamFindings();
  // Long trends (issue 15 §5): one-day reports, stored per day, copied-stream findings included.
  const dayTrends = new DayTrends({
    sql,
    params: config.indicators,
    now,
    log,
    load: async (ent, period) => {
      const loaded = await loadEnterpriseInput(
        { sql, store, signalsOf, params: config.indicators, framesInFull: config.reports.framesInFull },
        ent,
        period,
      );
      const copies = copiedStreams.forEnterprise(ent, period);
      return copies.length === 0 ? loaded : { ...loaded, input: { ...loaded.input, copiedStreams: copies } };
    },
    findings: (ent, day) => copiedStreams.forEnterprise(ent, day),
    frameLogRetentionMs: config.frameLog.retentionDays * 86_400_000,
  });
  const { enabled: warmupEnabled, trendDaysPerPass, ...warmup } = config.bureauWarmup;
  const bureauWarmer = warmupEnabled
    ? new BureauWarmer(
        {
          cache: figuresCache,
          enterprises: () => bureauEnterpriseIds(ctx),
          periodAt: defaultBureauPeriod,
          compute: (ent, period) =>
            computeBureauFigures(
              ctx,
              {
                signalsOf,
                params: config.indicators,
                framesInFull: config.reports.framesInFull,
                copiedStreams,
                digitalLevel,
              },
              ent,
              period,
            ),
          fillDays: (ent) => dayTrends.fill(ent, trendDaysPerPass),
          now,
          log,
          metrics: metricsRegistry,
        },
        warmup,
      )
    : undefined;
  const { enabled: scanEnabled, ...scanSchedule } = config.copiedStreamScan;
  const copiedStreamScanner = scanEnabled
    ? new CopiedStreamScanner(
        {
          findings: copiedStreams,
          enterprises: () => bureauEnterpriseIds(ctx),
          periodAt: defaultBureauPeriod,
          scan: (ents, period) =>
            scanCopiedStreams({ sql, store, signalsOf }, ents, period, config.indicators.copiedStream),
          // The overview's cached figures of the enterprises a scan touched are stale now.
          onScan: (scan) => {
            for (const m of scan.matches) {
              figuresCache.forget(m.a.enterprise);
              figuresCache.forget(m.b.enterprise);
            }
          },
          now,
          log,
          metrics: metricsRegistry,
        },
        scanSchedule,
      )
    : undefined;
  const reportRenderer = new PdfRenderer(config.report, log, metricsRegistry);
  const frameLogRetention = new FrameLogRetention(sql, { ...retention, everyMs: pruneEveryMs }, now, log);
  app.decorate("ingest", ctx);
  // zod validates in each route (api/typed-route.ts); the JSON Schemas there are documentation.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandler(app);
  await app.register(swagger, {
    openapi: {
      info: { title: "Onramp ingest API", version: "1.0.0" },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  await app.register(
    async (api) => {
      registryRoutes(api, ctx);
      relationRoutes(api, ctx);
      enrollmentRoutes(api, ctx);
      observeRoutes(api, ctx);
      deviceSignalsRoutes(api, ctx, signalList);
      tokenRoutes(api, ctx);
      const reports = evidenceRoutes(api, ctx, {
        signalsOf,
        params: config.indicators,
        framesInFull: config.reports.framesInFull,
        now,
        figuresCache,
        copiedStreams,
        warmedPeriod: () => bureauWarmer?.warmedPeriod,
        digitalLevel,
        dayTrends,
      });
      digitalLevelRoutes(api, ctx, {
        loaded: digitalLevel,
        now,
        onDeclared: (ent) => figuresCache.forget(ent),
      });
      reportRoutes(api, ctx, { reports, renderer: reportRenderer, now });
      challengeRoutes(api, ctx, challenges);
      sparkplugRoutes(api, ctx, sparkplug.routes);
    },
    { prefix: "/api/v1" },
  );
  healthRoutes(app, ctx, config.metricsToken);
  dashboard(app, ctx);

  app.addHook("onReady", async () => {
    ctx.broker = await startBroker(config, { ctx, pipeline, rejections, metrics, log });
    await sparkplug.start();
    scheduler?.start();
    frameLogRetention.start();
    bureauWarmer?.start();
    copiedStreamScanner?.start();
  });
  app.addHook("onClose", async () => {
    await scheduler?.stop();
    await frameLogRetention.stop();
    await bureauWarmer?.stop();
    await copiedStreamScanner?.stop();
    await sparkplug.close();
    await reportRenderer.close();
    await ctx.broker?.close();
    await committer.close();
    await store.close();
    await sql.close();
  });
  return app;
}

async function startBroker(
  config: IngestConfig,
  deps: {
    ctx: IngestContext;
    pipeline: IngestPipeline;
    rejections: RejectionLog;
    metrics: ReturnType<typeof createIngestMetrics>;
    log: Logger;
  },
): Promise<BrokerLink> {
  const b = config.broker;
  if (b.mode === "external") {
    const ca = b.caFile === undefined ? undefined : await readFile(b.caFile);
    return connectExternalBroker({
      ...b,
      ca,
      pipeline: deps.pipeline,
      metrics: deps.metrics,
      log: deps.log,
    });
  }
  const tls =
    b.tlsCertFile !== undefined && b.tlsKeyFile !== undefined
      ? { cert: await readFile(b.tlsCertFile), key: await readFile(b.tlsKeyFile) }
      : undefined;
  return startEmbeddedBroker({
    host: b.host,
    port: b.port,
    tls,
    packetLimits: { maxPacketBytes: b.maxPacketBytes, maxConnectBytes: b.maxConnectBytes },
    connectTimeoutMs: b.connectTimeoutMs,
    limits: deps.ctx.limits,
    registry: deps.ctx.registry,
    pipeline: deps.pipeline,
    rejections: deps.rejections,
    metrics: deps.metrics,
    log: deps.log,
  });
}

function publicMqttUrl(config: IngestConfig, broker: BrokerLink | undefined): string {
  if (config.publicMqttUrl !== undefined) return config.publicMqttUrl;
  if (config.broker.mode === "external") {
    const url = new URL(config.broker.url);
    url.username = "";
    url.password = "";
    return url.toString().replace(/\/$/, "");
  }
  const address = broker?.address();
  const scheme = config.broker.tlsCertFile === undefined ? "mqtt" : "mqtts";
  return `${scheme}://${address?.host ?? config.broker.host}:${address?.port ?? config.broker.port}`;
}
