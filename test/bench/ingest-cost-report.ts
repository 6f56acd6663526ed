// The cost bench's Markdown (issue 16): throughput and CPU per system, bytes on the wire, and the
// targets table, each ratio against its like-for-like baseline of the same run.
export type SystemName = "raw" | "node-red" | "embedded" | "mosquitto";

export interface SystemFigures {
  valuesPerSecond: number;
  /** CPU-seconds per million values, per process, and `system` for their sum. */
  cpuPerMillion: Record<string, number>;
  /** Runs where InfluxDB did not hold exactly every value sent: such a system's figures are invalid. */
  lostRuns: number;
  /** Measured runs; 0 when BENCH_SYSTEMS left the system out (absent in results written before it existed). */
  runs?: number;
}

export interface LatencyPercentiles {
  p50: number;
  p99: number;
  max: number;
}

/** Latency at `loadShare` of the embedded ingest's peak of the same run (cost-latency.ts), medians of `runs`. */
export interface CostLatency {
  loadShare: number;
  windowSeconds: number;
  runs: number;
  peakValuesPerSecond: number;
  pacedValuesPerSecond: number;
  /** Source (due) time → PUBACK, per value. */
  endToEnd: LatencyPercentiles;
  /** Publish → PUBACK, per frame. */
  frame: LatencyPercentiles;
  /** Baseline: same pacing, the values POSTed straight to /write: source time → 204, per value. */
  rawWrite: LatencyPercentiles;
  /** Paced runs (either side) whose values were not all counted back. */
  lostRuns: number;
  perRun: unknown;
}

export interface CostSummary {
  date: string;
  machine: { cpus: number; model: string; node: string; loadAverage15?: number };
  setup: {
    rounds: number;
    publishers: number;
    messagesPerPublisher: number;
    valuesPerMessage: number;
    valuesPerRound: number;
    rawBatchLines: number;
    mosquittoConnections: number;
    nodeRedVersion: string;
    seconds: number;
  };
  systems: Record<SystemName, SystemFigures>;
  runs: Record<SystemName, unknown[]>;
  wire: {
    valuesPerMessage: number;
    frameBytes: number;
    jsonBytes: number;
    frameBytesPerValue: number;
    jsonBytesPerValue: number;
  };
  /** Absent when the embedded ingest did not run (BENCH_SYSTEMS without it). */
  latency?: CostLatency;
}

const LABEL: Record<SystemName, string> = {
  raw: "raw: the ingest's own lines POSTed to InfluxDB /write (5,000-line batches, 1 connection)",
  "node-red": "Node-RED: mqtt in (Mosquitto, QoS 1) → function → influxdb batch",
  embedded: "Onramp ingest, embedded broker, verification on, PUBACK once durable",
  mosquitto: "Onramp ingest via Mosquitto (shared subscription)",
};

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const f2 = (n: number | undefined) => (n === undefined ? "–" : n.toFixed(2));
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

export function costMarkdown(s: CostSummary): string {
  const sys = s.systems;
  const cpuCell = (name: SystemName) =>
    Object.entries(sys[name].cpuPerMillion)
      .filter(([process]) => process !== "system")
      .map(([process, v]) => `${process} ${f2(v)}`)
      .join(", ");
  const validity = (name: SystemName) =>
    sys[name].runs === 0
      ? "not run (BENCH_SYSTEMS)"
      : sys[name].lostRuns === 0
        ? "every value counted back"
        : `**INVALID: ${sys[name].lostRuns} run(s) lost values**`;
  const ran = (...names: SystemName[]) => names.every((n) => sys[n].runs !== 0);
  const rows = (Object.keys(LABEL) as SystemName[]).map((name) => {
    const label = `${LABEL[name]}${name === "mosquitto" ? ` (${s.setup.mosquittoConnections} connections)` : ""}`;
    return ran(name)
      ? `| ${label} | ${int(sys[name].valuesPerSecond)} | ${ran("raw") ? ratio(sys[name].valuesPerSecond, sys.raw.valuesPerSecond) : "–"} | ${cpuCell(name)} | ${f2(sys[name].cpuPerMillion.system)} | ${validity(name)} |`
      : `| ${label} | – | – | – | – | ${validity(name)} |`;
  });
  const ingestCpu = sys.embedded.cpuPerMillion.ingest ?? Number.NaN;
  const viaMosquitto = sys.mosquitto.valuesPerSecond / sys.embedded.valuesPerSecond;
  /** Met or not; "not measured" when BENCH_SYSTEMS left out a system the target needs. */
  const met = (ok: boolean, ...needs: SystemName[]) =>
    !ran(...needs) ? "not measured" : ok ? "met" : "**not met**";
  const targets = [
    [
      "ingest (embedded broker) ≥ 1.5× Node-RED values/s",
      ran("embedded", "node-red")
        ? ratio(sys.embedded.valuesPerSecond, sys["node-red"].valuesPerSecond)
        : "–",
      met(sys.embedded.valuesPerSecond >= 1.5 * sys["node-red"].valuesPerSecond, "embedded", "node-red"),
    ],
    [
      "ingest (embedded broker) ≥ 0.85 of the raw ceiling in the same layout",
      ran("embedded", "raw") ? ratio(sys.embedded.valuesPerSecond, sys.raw.valuesPerSecond) : "–",
      met(sys.embedded.valuesPerSecond >= 0.85 * sys.raw.valuesPerSecond, "embedded", "raw"),
    ],
    [
      "ingest process ≤ 0.8 CPU-s per million values (embedded broker)",
      f2(ingestCpu),
      met(ingestCpu <= 0.8, "embedded"),
    ],
    [
      "via Mosquitto within 15 % of the embedded broker (values/s)",
      ran("embedded", "mosquitto") ? ratio(sys.mosquitto.valuesPerSecond, sys.embedded.valuesPerSecond) : "–",
      met(viaMosquitto >= 0.85, "embedded", "mosquitto"),
    ],
    [
      "data frame ≤ 15 bytes per value on the wire, signature included",
      `${f2(s.wire.frameBytesPerValue)} B`,
      met(s.wire.frameBytesPerValue <= 15),
    ],
    ...(s.latency === undefined
      ? []
      : [
          [
            `p99 source → PUBACK at ${s.latency.loadShare * 100} % of the embedded peak ≤ 2 s`,
            `${int(s.latency.endToEnd.p99)} ms`,
            met(s.latency.endToEnd.p99 <= 2000 && s.latency.lostRuns === 0),
          ],
        ]),
  ];
  const l = s.latency;
  const latencySection =
    l === undefined
      ? "Latency at half the peak: not measured (the embedded ingest was not in BENCH_SYSTEMS)."
      : `Latency at ${l.loadShare * 100} % of the embedded ingest's peak of this run (${int(l.pacedValuesPerSecond)} of ${int(l.peakValuesPerSecond)} values/s), same publishers and shape: each publisher emits a row of 100 values (10 devices × 10 signals) on a fixed schedule, 20 rows make a frame (fewer when its first row has waited the agent's batch age), signed by the agent's frame builder when it closes; latency = PUBACK arrival (sent once the values are in InfluxDB and the ledger committed) − the row's due time. Medians of ${l.runs} runs of ${l.windowSeconds} s; ${l.lostRuns === 0 ? "every paced value counted back" : `**INVALID: ${l.lostRuns} run(s) lost values**`}.

| latency (ms) | p50 | p99 | max |
| --- | ---: | ---: | ---: |
| value: source time → PUBACK (embedded broker → verify → ledger → InfluxDB) | ${int(l.endToEnd.p50)} | ${int(l.endToEnd.p99)} | ${int(l.endToEnd.max)} |
| frame: publish → PUBACK | ${int(l.frame.p50)} | ${int(l.frame.p99)} | ${int(l.frame.max)} |
| baseline value: source time → 204, the same rows POSTed to /write at the same pace | ${int(l.rawWrite.p50)} | ${int(l.rawWrite.p99)} | ${int(l.rawWrite.max)} |`;
  return `# Cost per value, like for like (${s.date})

${s.machine.cpus} cores (${s.machine.model}${s.machine.loadAverage15 === undefined ? "" : `, shared: 15-min load average ${s.machine.loadAverage15.toFixed(1)} at the end`}), Node ${s.machine.node}, one InfluxDB 1.x (Debian), Node-RED ${s.setup.nodeRedVersion}.
Same values for every side: ${s.setup.publishers} publishers × ${s.setup.messagesPerPublisher} QoS 1 messages × ${int(s.setup.valuesPerMessage)} values (10 devices × 20 timestamps × 10 numeric signals) = ${int(s.setup.valuesPerRound)} values per run; medians of ${s.setup.rounds} rotating rounds after a warm-up; every run counted back with InfluxQL. CPU-seconds per million values from /proc/<pid>/stat; "system" sums the server processes (broker, consumer, influxd), not the publishers.

| system | values/s | of raw | CPU-s per million values, per process | whole system | check |
| --- | ---: | ---: | --- | ---: | --- |
${rows.join("\n")}

Bytes on the wire (MQTT PUBLISH framing included): the signed data frame the agent sends for one message is ${int(s.wire.frameBytes)} bytes, **${f2(s.wire.frameBytesPerValue)} bytes per value**; the same values as the plain JSON Node-RED gets are ${int(s.wire.jsonBytes)} bytes, ${f2(s.wire.jsonBytesPerValue)} bytes per value.

${latencySection}

| target (issue 16) | this run | |
| --- | ---: | --- |
${targets.map((t) => `| ${t.join(" | ")} |`).join("\n")}
`;
}
