import type { AgentDeviceStatus, AgentSnapshot } from "./snapshot.js";

type MetricType = "gauge" | "counter";

/** One unlabelled metric of the gateway: name, type, help, value. */
type GatewayMetric = readonly [string, MetricType, string, (s: AgentSnapshot) => number];

/** One metric per device, labelled `device`. */
type DeviceMetric = readonly [string, MetricType, string, (d: AgentDeviceStatus) => number];

const GATEWAY_METRICS: readonly GatewayMetric[] = [
  [
    "onramp_broker_connected",
    "gauge",
    "1 when the MQTT connection is up (gateway online).",
    (s) => (s.broker.state === "connected" ? 1 : 0),
  ],
  ["onramp_broker_connects_total", "counter", "Successful MQTT connects.", (s) => s.broker.connects],
  [
    "onramp_frames_sent_total",
    "counter",
    "Spooled frames published, resends included.",
    (s) => s.broker.framesSent,
  ],
  [
    "onramp_frames_acked_total",
    "counter",
    "Frames acknowledged by the broker and removed from the spool.",
    (s) => s.broker.framesAcked,
  ],
  ["onramp_frames_inflight", "gauge", "Frames published and awaiting PUBACK.", (s) => s.broker.inflight],
  ["onramp_spool_frames", "gauge", "Frames waiting in the spool.", (s) => s.spool.frames],
  ["onramp_spool_bytes", "gauge", "Frame bytes waiting in the spool.", (s) => s.spool.bytes],
  ["onramp_spool_max_bytes", "gauge", "Spool capacity in frame bytes.", (s) => s.spool.maxBytes],
  [
    "onramp_spool_evicted_frames_total",
    "counter",
    "Frames evicted unsent (spool full or too old).",
    (s) => s.spool.evictedFrames,
  ],
  [
    "onramp_spool_evicted_samples_total",
    "counter",
    "Samples in frames evicted unsent.",
    (s) => s.spool.evictedSamples,
  ],
  [
    "onramp_spool_write_failures_total",
    "counter",
    "Frames that could not be written to the spool.",
    (s) => s.pipeline.spoolWriteFailures,
  ],
  ["onramp_samples_read_total", "counter", "Samples the drivers read.", (s) => s.pipeline.samplesRead],
  [
    "onramp_samples_reported_total",
    "counter",
    "Samples report-by-exception passed on.",
    (s) => s.pipeline.samplesReported,
  ],
  ["onramp_challenges_answered_total", "counter", "Challenge replies sent.", (s) => s.challenges.answered],
];

const DEVICE_METRICS: readonly DeviceMetric[] = [
  [
    "onramp_device_connected",
    "gauge",
    "1 when the device's driver holds a connection (device online).",
    (d) => (d.state === "connected" ? 1 : 0),
  ],
  [
    "onramp_device_producing",
    "gauge",
    "1 when the device answered with values recently (device producing).",
    (d) => (d.isProducing ? 1 : 0),
  ],
  ["onramp_device_samples_read_total", "counter", "Samples read per device.", (d) => d.samplesRead],
];

/** A label value as Prometheus reads it: backslash, double quote and newline escaped. */
function labelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

/** A driver's counter name (`subscriptionsCreated`, `requests`) as a snake_case label value. */
export function counterLabel(name: string): string {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, "_")
      .replace(/^_+|_+$/g, "") || "unnamed"
  );
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${labelValue(v)}"`)
    .join(",")}}`;
}

/** Prometheus text exposition format 0.0.4. Names follow Prometheus conventions (`_total`, base units). */
export function formatMetrics(s: AgentSnapshot): string {
  const lines: string[] = [];
  const metric = (name: string, type: MetricType, help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labelSet, value] of samples) lines.push(`${name}${labelSet} ${value}`);
  };
  for (const [name, type, help, value] of GATEWAY_METRICS) metric(name, type, help, [["", value(s)]]);
  metric(
    "onramp_cmd_rejected_total",
    "counter",
    "Cmd frames refused, by reason.",
    Object.entries(s.challenges.rejected).map(([code, n]) => [labels({ code }), n]),
  );
  for (const [name, type, help, value] of DEVICE_METRICS)
    metric(
      name,
      type,
      help,
      s.devices.map((d) => [labels({ device: d.id }), value(d)]),
    );
  metric(
    "onramp_device_driver_counter_total",
    "counter",
    "The device driver's own counters (requests, timeouts, overruns…; see the driver's README), by counter.",
    s.devices.flatMap((d) =>
      Object.entries(d.counters).map(([name, n]): [string, number] => [
        labels({ device: d.id, counter: counterLabel(name) }),
        n,
      ]),
    ),
  );
  return `${lines.join("\n")}\n`;
}
