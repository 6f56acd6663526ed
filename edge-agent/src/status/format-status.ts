import type { AgentSnapshot } from "./snapshot.js";

/** `onramp-agent status`: the /status document as a table a person reads at the gateway. */
export function formatStatus(s: AgentSnapshot): string {
  const age = (at: number | undefined) =>
    at === undefined ? "never" : `${Math.max(0, Math.round((s.agent.now - at) / 1000))} s ago`;
  const lines = [
    `gateway   ${s.gateway.enterprise}/${s.gateway.id}  session ${s.gateway.session}  agent ${s.agent.version}`,
    `broker    ${s.broker.state} since ${age(s.broker.since)}  ${s.broker.url}${s.broker.lastError ? `  last error: ${s.broker.lastError}` : ""}`,
    `frames    sent ${s.broker.framesSent}  acked ${s.broker.framesAcked}  in flight ${s.broker.inflight}`,
    `spool     ${s.spool.frames} frames, ${s.spool.bytes} of ${s.spool.maxBytes} bytes  oldest ${age(s.spool.oldestAt)}`,
    `evicted   ${s.spool.evictedFrames} frames, ${s.spool.evictedSamples} samples` +
      (s.spool.pendingLoss
        ? `  (not yet reported: ${s.spool.pendingLoss.frames} frames, ${s.spool.pendingLoss.samples} samples)`
        : ""),
    "",
  ];
  const header = ["device", "online", "producing", "last sample", "read", "reported", "last error"];
  const rows = s.devices.map((d) => [
    d.id,
    d.state,
    d.isProducing ? "yes" : "no",
    age(d.lastSampleAt),
    String(d.samplesRead),
    String(d.samplesReported),
    d.lastError ? `${d.lastError.code} ${age(d.lastError.at)}: ${d.lastError.message}` : "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const pad = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  lines.push(pad(header), ...rows.map(pad));
  const counted = s.devices.filter((d) => Object.keys(d.counters).length > 0);
  if (counted.length > 0) {
    const idWidth = Math.max(...counted.map((d) => d.id.length));
    lines.push("", "driver counters");
    for (const d of counted) {
      const counters = Object.entries(d.counters).map(([name, n]) => `${name} ${n}`);
      lines.push(`${d.id.padEnd(idWidth)}  ${counters.join("  ")}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
