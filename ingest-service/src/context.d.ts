import type { Ed25519PublicJwk } from "@onramp/contract";
import type { BrokerLink } from "./broker/broker-link.js";
import type { AbuseLimits } from "./limits/abuse-limits.js";
import type { MetricsRegistry } from "./metrics/metrics.js";
import type { ApiTokens } from "./state/api-tokens.js";
import type { Enrollment } from "./state/enrollment.js";
import type { Registry } from "./state/registry.js";
import type { SqlClient } from "./state/sql-client.js";
import type { TelemetryStore } from "./store/telemetry-store.js";
import type { GatewayDirectory } from "./verify/gateway-directory.js";
import type { RejectionLog } from "./verify/rejections.js";
/** The services the API plugins use; built once by `buildApp`. */
export interface IngestContext {
    sql: SqlClient;
    registry: Registry;
    enrollment: Enrollment;
    apiTokens: ApiTokens;
    directory: GatewayDirectory;
    rejections: RejectionLog;
    store: TelemetryStore;
    metrics: MetricsRegistry;
    limits: AbuseLimits;
    cmdKeys: Ed25519PublicJwk[];
    /** Set once the broker link is up. */
    broker: BrokerLink | undefined;
    /** The MQTT URL gateways are told to connect to at enrollment. */
    publicMqttUrl(): string;
}
