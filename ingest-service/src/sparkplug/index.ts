import { readFile } from "node:fs/promises";
import type { Logger } from "pino";
import type { IngestConfig } from "../config.js";
import type { FrameCommitter } from "../ingest/committer.js";
import type { MetricsRegistry } from "../metrics/metrics.js";
import type { SqlClient } from "../state/sql-client.js";
import { connectSparkplugHost, type SparkplugHost } from "./host.js";
import { SparkplugMappings } from "./mappings.js";
import { createSparkplugMetrics } from "./metrics.js";
import { loadSparkplugProfiles } from "./profile-library.js";
import type { SparkplugRouteDeps } from "./routes.js";
import { SparkplugSource } from "./source.js";

export { sparkplugRoutes } from "./routes.js";

/** The Sparkplug B feature (issue 20): mapping API always, the host connection when configured. */
export interface SparkplugFeature {
  routes: SparkplugRouteDeps;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function createSparkplugFeature(
  config: IngestConfig,
  deps: {
    sql: SqlClient;
    committer: FrameCommitter;
    metrics: MetricsRegistry;
    log: Logger;
    now: () => number;
  },
): Promise<SparkplugFeature> {
  const log = deps.log.child({ component: "sparkplug" });
  const mappings = new SparkplugMappings(deps.sql);
  const profiles = await loadSparkplugProfiles(config.profilesDir, log);
  const sp = config.sparkplug;
  let host: SparkplugHost | undefined;
  const metrics = createSparkplugMetrics(deps.metrics);
  const source =
    sp === undefined
      ? undefined
      : new SparkplugSource({
          mappings,
          profiles,
          committer: deps.committer,
          metrics,
          log,
          maxPayloadBytes: sp.maxPayloadBytes,
          maxMetricsPerMessage: sp.maxMetricsPerMessage,
          maxAliasesPerNode: sp.maxAliasesPerNode,
          allowCommands: sp.allowCommands,
          rebirthMinIntervalMs: sp.rebirthMinIntervalMs,
          requestRebirth: async (group, edge) => host?.publishRebirth(group, edge),
          now: deps.now,
        });
  return {
    routes: { mappings, profiles, invalidate: (group, edge) => source?.invalidate(group, edge) },
    start: async () => {
      if (sp === undefined || source === undefined) return;
      host = await connectSparkplugHost(source, {
        url: sp.url,
        username: sp.username,
        password: sp.password,
        ca: sp.caFile === undefined ? undefined : await readFile(sp.caFile),
        clientId: sp.clientId,
        hostId: sp.hostId,
        groups: sp.groups,
        maxPendingCommits: sp.maxPendingCommits,
        log,
        metrics,
        now: deps.now,
      });
    },
    close: async () => {
      await host?.close();
    },
  };
}
