import type { IngestConfig } from "../config.js";
import type { SqlClient } from "../state/sql-client.js";
import { EmbeddedStore } from "./embedded.js";
import { ensureInfluxV1Database, InfluxV1Store } from "./influx-v1.js";
import { InfluxV2Store } from "./influx-v2.js";
import { InfluxQLReader } from "./influxql.js";
import type { TelemetryStore } from "./telemetry-store.js";

/** The one place that maps configuration to a telemetry adapter. */
export async function openTelemetryStore(
  config: IngestConfig["telemetry"],
  sql: SqlClient,
): Promise<TelemetryStore> {
  switch (config.kind) {
    case "embedded":
      return new EmbeddedStore(sql);
    case "influx-v1": {
      // Best effort: with InfluxDB down at start, the first write creates the database.
      await ensureInfluxV1Database(config).catch(() => undefined);
      return new InfluxV1Store(config);
    }
    case "influx-v2": {
      const reader = new InfluxQLReader({
        url: config.url,
        db: config.influxqlDb ?? config.bucket,
        token: config.token,
      });
      return new InfluxV2Store({ ...config, reader });
    }
  }
}
