/**
 * Prometheus text exposition (format 0.0.4), hand-written: a dozen counters and gauges do not
 * justify prom-client's default process collectors and registry API.
 */
type Labels = Record<string, string>;

const escapeLabel = (value: string) => value.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? "" : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
};

export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const entry = this.values.get(key);
    if (entry === undefined) this.values.set(key, { labels, value: by });
    else entry.value += by;
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelText(labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values())
      lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines.join("\n");
  }
}

/** A gauge read at scrape time from the component that owns the value. */
export class Gauge {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
  ) {}

  render(): string {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} gauge`,
      `${this.name} ${this.read()}`,
    ].join("\n");
  }
}

export class MetricsRegistry {
  private readonly metrics: (Counter | Gauge)[] = [];

  counter(name: string, help: string): Counter {
    const counter = new Counter(name, help);
    this.metrics.push(counter);
    return counter;
  }

  gauge(name: string, help: string, read: () => number): Gauge {
    const gauge = new Gauge(name, help, read);
    this.metrics.push(gauge);
    return gauge;
  }

  render(): string {
    return `${this.metrics.map((m) => m.render()).join("\n")}\n`;
  }
}

/** The ingest's counters, created once and handed to the components that count. */
export function createIngestMetrics(registry: MetricsRegistry) {
  return {
    frames: registry.counter("onramp_ingest_frames_total", "MQTT messages handled, by outcome"),
    rejections: registry.counter("onramp_ingest_rejections_total", "Frames refused, by error code"),
    points: registry.counter("onramp_ingest_points_written_total", "Points written to the telemetry store"),
    skewed: registry.counter(
      "onramp_ingest_clock_skew_frames_total",
      "Frames whose sending time is beyond the skew bound",
    ),
    commitFailures: registry.counter(
      "onramp_ingest_commit_failures_total",
      "Failed commit attempts, by stage (retried)",
    ),
    batches: registry.counter("onramp_ingest_commit_batches_total", "Committed batches"),
    brokerMessages: registry.counter(
      "onramp_ingest_broker_messages_total",
      "Messages received from the external broker, by connection (0 … --broker-connections − 1)",
    ),
    authFailures: registry.counter(
      "onramp_ingest_mqtt_auth_failures_total",
      "MQTT CONNECTs refused, by code",
    ),
  };
}
export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
