import type { AgentSnapshot } from "./snapshot.js";

/** Prometheus text exposition format 0.0.4. Names follow Prometheus conventions (`_total`, base units). */
export function formatMetrics(s: AgentSnapshot): string {
  const lines: string[] = [];
  const metric = (name: string, type: "gauge" | "counter", help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  };
  const one = (value: number): [string, number][] => [["", value]];
  const label = (device: string) => `{device="${device.replace(/["\\\n]/g, "_")}"}`;
  metric(
    "onramp_broker_connected",
    "gauge",
    "1 when the MQTT connection is up (gateway online).",
    one(s.broker.state === "connected" ? 1 : 0),
  );
  metric("onramp_broker_connects_total", "counter", "Successful MQTT connects.", one(s.broker.connects));
  metric(
    "onramp_frames_sent_total",
    "counter",
    "Spooled frames published, resends included.",
    one(s.broker.framesSent),
  );
  metric(
    "onramp_frames_acked_total",
    "counter",
    "Frames acknowledged by the broker and removed from the spool.",
    one(s.broker.framesAcked),
  );
  metric("onramp_frames_inflight", "gauge", "Frames published and awaiting PUBACK.", one(s.broker.inflight));
  metric("onramp_spool_frames", "gauge", "Frames waiting in the spool.", one(s.spool.frames));
  metric("onramp_spool_bytes", "gauge", "Frame bytes waiting in the spool.", one(s.spool.bytes));
  metric("onramp_spool_max_bytes", "gauge", "Spool capacity in frame bytes.", one(s.spool.maxBytes));
  metric(
    "onramp_spool_evicted_frames_total",
    "counter",
    "Frames evicted unsent (spool full or too old).",
    one(s.spool.evictedFrames),
  );
  metric(
    "onramp_spool_evicted_samples_total",
    "counter",
    "Samples in frames evicted unsent.",
    one(s.spool.evictedSamples),
  );
  metric(
    "onramp_spool_write_failures_total",
    "counter",
    "Frames that could not be written to the spool.",
    one(s.pipeline.spoolWriteFailures),
  );
  metric("onramp_samples_read_total", "counter", "Samples the drivers read.", one(s.pipeline.samplesRead));
  metric(
    "onramp_samples_reported_total",
    "counter",
    "Samples report-by-exception passed on.",
    one(s.pipeline.samplesReported),
  );
  metric(
    "onramp_challenges_answered_total",
    "counter",
    "Challenge replies sent.",
    one(s.challenges.answered),
  );
  metric(
    "onramp_cmd_rejected_total",
    "counter",
    "Cmd frames refused, by reason.",
    Object.entries(s.challenges.rejected).map(([code, n]) => [`{code="${code}"}`, n]),
  );
  metric(
    "onramp_device_connected",
    "gauge",
    "1 when the device's driver holds a connection (device online).",
    s.devices.map((d) => [label(d.id), d.state === "connected" ? 1 : 0]),
  );
  metric(
    "onramp_device_producing",
    "gauge",
    "1 when the device answered with values recently (device producing).",
    s.devices.map((d) => [label(d.id), d.isProducing ? 1 : 0]),
  );
  metric(
    "onramp_device_samples_read_total",
    "counter",
    "Samples read per device.",
    s.devices.map((d) => [label(d.id), d.samplesRead]),
  );
  return `${lines.join("\n")}\n`;
}
