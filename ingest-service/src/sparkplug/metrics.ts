import type { MetricsRegistry } from "../metrics/metrics.js";

/** The Sparkplug source's counters on /metrics: every drop has a reason label. */
export function createSparkplugMetrics(registry: MetricsRegistry) {
  return {
    messages: registry.counter("onramp_sparkplug_messages_total", "Sparkplug B messages received, by type"),
    drops: registry.counter(
      "onramp_sparkplug_drops_total",
      "Sparkplug B messages dropped whole, by reason (docs/errors.md, SPARKPLUG_*)",
    ),
    metricsDropped: registry.counter(
      "onramp_sparkplug_metrics_dropped_total",
      "Sparkplug B metrics not stored, by reason (unmapped, unknown-alias, unsupported-type, transient, aliases-full, profile-without-sparkplug)",
    ),
    values: registry.counter(
      "onramp_sparkplug_values_total",
      "Sparkplug B metric values turned into samples",
    ),
    historical: registry.counter(
      "onramp_sparkplug_historical_values_total",
      "Samples from is_historical metrics (store-and-forward), stored at their own timestamps",
    ),
    seqGaps: registry.counter(
      "onramp_sparkplug_seq_gaps_total",
      "Sparkplug B messages missing by seq (each also a gap in the gateway's ledger)",
    ),
    lateMessages: registry.counter(
      "onramp_sparkplug_late_messages_total",
      "Sparkplug B messages that arrived after a later seq (out of order)",
    ),
    lostAtShutdown: registry.counter(
      "onramp_sparkplug_lost_at_shutdown_total",
      "QoS 0 Sparkplug B messages taken but not stored because the ingest stopped first (no redelivery at QoS 0)",
    ),
    rebirthRequests: registry.counter(
      "onramp_sparkplug_rebirth_requests_total",
      "Rebirths wanted, by outcome (sent, not-allowed: sparkplug.allowCommands is false, rate-limited)",
    ),
  };
}
export type SparkplugMetrics = ReturnType<typeof createSparkplugMetrics>;
