// The gateway uplink bench's result and its Markdown (gateway-uplink.ts), apart from the simulation
// so that run-all.ts can render it without loading the simulators.
import type { ContractVersionNumber } from "@onramp/contract";

export interface UplinkVariant {
  name: string;
  reportByException: boolean;
  contractVersion: ContractVersionNumber;
  /** Over the measured window. */
  samplesRead: number;
  samplesReported: number;
  frames: number;
  bytes: number;
  bytesPerSecond: number;
  gigabytesPerDay: number;
  bytesPerReportedValue: number;
}

export interface UplinkSummary {
  date: string;
  setup: {
    devices: number;
    signals: number;
    pollMs: number;
    simulatedMinutes: number;
    warmupSeconds: number;
    plantSignals: number;
    batchMaxSamples: number;
    batchMaxAgeMs: number;
    readSpacingMs: number;
    ent: string;
    gw: string;
    seconds: number;
  };
  variants: UplinkVariant[];
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");

export function uplinkMarkdown(u: UplinkSummary): string {
  const s = u.setup;
  return `Gateway uplink at ${s.devices} devices × ${s.signals} signals polled each second (\`npm run bench:uplink\`, test/bench/gateway-uplink.ts, ${u.date}): ${s.simulatedMinutes} simulated minutes after a ${s.warmupSeconds} s warm-up, extrapolated to a day. Each device runs its own copy of the demo's Modbus plant (the FX5U line, the Modbus CNC and their two meters: ${s.plantSignals} signals from the simulators' machine, line and meter models, read through the agent's compiled profiles) and reports ${s.signals} of those signals (a rotating window, so every demo signal appears in proportion); polls spread evenly over the second, reads ${s.readSpacingMs} ms apart. The samples run through the agent's own Pipeline — report-by-exception with each signal's profile deadband and heartbeat (60 s), or with every value reported (heartbeat 100 ms) — batched at ${int(s.batchMaxSamples)} samples / ${int(s.batchMaxAgeMs)} ms, signed, spooled; every frame counted as its MQTT PUBLISH (fixed header, remaining length, topic, packet id, payload). Not counted: CONNECT and birth (once per connection), PINGREQ, PUBACK (downlink), TCP/IP and TLS.

| frames, reporting | values read | values sent | frames | bytes per value sent | bytes/s | per day |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${u.variants
  .map(
    (v) =>
      `| ${v.name} | ${int(v.samplesRead)} | ${int(v.samplesReported)} (${((v.samplesReported / v.samplesRead) * 100).toFixed(1)} %) | ${int(v.frames)} | ${v.bytesPerReportedValue.toFixed(1)} | ${int(v.bytesPerSecond)} | **${v.gigabytesPerDay.toFixed(2)} GB** |`,
  )
  .join("\n")}
`;
}
