// Issue 16's targets table (`npm run bench`, run-all.ts): one row per target of the issue's
// "Targets" list, each with the median this run measured, its like-for-like baseline measured in
// the same run, the figure recorded before (the issue as filed, or the earlier full run in
// REPORT.md) and met / not met. A target whose bench produced nothing this run says
// "not measured", never an estimate; a bench that lost values cannot meet anything.
import type { CostSummary } from "./ingest-cost-report.js";

export type TargetStatus = "met" | "not met" | "not measured";

export interface Issue16Target {
  target: string;
  measured: string;
  baseline: string;
  previous: string;
  status: TargetStatus;
}

export interface Issue16Inputs {
  cost?: CostSummary;
  agentRss?: { runs: number; steadyRssMiB: number; baselineRssMiB: number };
  /** Agent samples per CPU-second of edge-pipeline.ts (100 × 50, FULL spool), medians over interleaved runs. */
  edge?: { runs: number; v2: number; v1: number | undefined };
  faults?: { passed: number; failed: number; skipped: number };
}

/** Figures recorded before this work, and where they come from. */
const PREVIOUS = {
  issue: "issue 16 as filed",
  earlier: "the 2026-12-04 run in REPORT.md, v1 frames",
};

const num = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? "—"
    : n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const x = (n: number) => `${num(n, 2)}×`;
const MB_PER_MIB = 2 ** 20 / 1e6;

export function issue16Targets(i: Issue16Inputs): Issue16Target[] {
  const rows: Issue16Target[] = [];
  const notMeasured = (target: string, previous: string, why: string): Issue16Target => ({
    target,
    measured: why,
    baseline: "—",
    previous,
    status: "not measured",
  });
  const c = i.cost;
  const s = c?.systems;
  type System = "raw" | "node-red" | "embedded" | "mosquitto";
  const valid = (...names: System[]) =>
    s !== undefined && names.every((n) => s[n].lostRuns === 0 && s[n].valuesPerSecond > 0);
  /** BENCH_SYSTEMS can leave systems out: a target needing one is then not measured. */
  const ran = (...names: System[]) => s !== undefined && names.every((n) => s[n].runs !== 0);
  const judged = (ok: boolean, isValid: boolean): TargetStatus => (isValid && ok ? "met" : "not met");
  const subset = "not measured: BENCH_SYSTEMS left a system it needs out";
  const noCost = "the cost bench (ingest-cost.ts) produced no result";

  const nodeRed = "ingest (embedded broker) ≥ 1.5× Node-RED values/s, issue-16 shape";
  const nodeRedBefore = `0.41× (${PREVIOUS.issue}: 265,677 vs 647,842 values/s)`;
  if (s === undefined || !ran("embedded", "node-red"))
    rows.push(notMeasured(nodeRed, nodeRedBefore, s === undefined ? noCost : subset));
  else
    rows.push({
      target: nodeRed,
      measured: `${x(s.embedded.valuesPerSecond / s["node-red"].valuesPerSecond)} (${num(s.embedded.valuesPerSecond)} values/s)`,
      baseline: `Node-RED 4.1 flow, same values: ${num(s["node-red"].valuesPerSecond)} values/s`,
      previous: nodeRedBefore,
      status: judged(
        s.embedded.valuesPerSecond >= 1.5 * s["node-red"].valuesPerSecond,
        valid("embedded", "node-red"),
      ),
    });

  const ceiling = "ingest (embedded broker) ≥ 0.85 of the raw ceiling in the same line layout";
  const ceilingBefore = `0.23× (${PREVIOUS.issue})`;
  if (s === undefined || !ran("embedded", "raw"))
    rows.push(notMeasured(ceiling, ceilingBefore, s === undefined ? noCost : subset));
  else
    rows.push({
      target: ceiling,
      measured: `${x(s.embedded.valuesPerSecond / s.raw.valuesPerSecond)} (${num(s.embedded.valuesPerSecond)} values/s)`,
      baseline: `the ingest's own lines POSTed to /write: ${num(s.raw.valuesPerSecond)} values/s`,
      previous: ceilingBefore,
      status: judged(s.embedded.valuesPerSecond >= 0.85 * s.raw.valuesPerSecond, valid("embedded", "raw")),
    });

  const cpu = "ingest process ≤ 0.8 CPU-s per million values (embedded broker)";
  const cpuBefore = `4.24 (${PREVIOUS.issue})`;
  if (s === undefined || !ran("embedded"))
    rows.push(notMeasured(cpu, cpuBefore, s === undefined ? noCost : subset));
  else {
    const ingest = s.embedded.cpuPerMillion.ingest ?? Number.NaN;
    rows.push({
      target: cpu,
      measured: `${num(ingest, 2)} CPU-s per million values`,
      baseline: `Node-RED process ${num(s["node-red"].cpuPerMillion["node-red"], 2)}; influxd for the raw lines ${num(s.raw.cpuPerMillion.influxd, 2)}`,
      previous: cpuBefore,
      status: judged(ingest <= 0.8, valid("embedded")),
    });
  }

  const mosquitto = "ingest via Mosquitto within 15 % of the embedded broker (values/s)";
  const mosquittoBefore = `0.73× (${PREVIOUS.issue}: 194,303 vs 265,677 values/s)`;
  if (s === undefined || !ran("embedded", "mosquitto"))
    rows.push(notMeasured(mosquitto, mosquittoBefore, s === undefined ? noCost : subset));
  else
    rows.push({
      target: mosquitto,
      measured: `${x(s.mosquitto.valuesPerSecond / s.embedded.valuesPerSecond)} (${num(s.mosquitto.valuesPerSecond)} values/s)`,
      baseline: `embedded broker: ${num(s.embedded.valuesPerSecond)} values/s`,
      previous: mosquittoBefore,
      status: judged(
        s.mosquitto.valuesPerSecond >= 0.85 * s.embedded.valuesPerSecond,
        valid("embedded", "mosquitto"),
      ),
    });

  const wire = "data frame ≤ 15 bytes per value on the wire, signature included (issue-16 shape)";
  const wireBefore = `83 (${PREVIOUS.issue}: 166.6 KB per 2,000 values)`;
  if (c === undefined) rows.push(notMeasured(wire, wireBefore, noCost));
  else
    rows.push({
      target: wire,
      measured: `${num(c.wire.frameBytesPerValue, 2)} bytes per value (MQTT PUBLISH framing included)`,
      baseline: `the same values as plain JSON (Node-RED's input): ${num(c.wire.jsonBytesPerValue, 2)} bytes per value`,
      previous: wireBefore,
      status: c.wire.frameBytesPerValue <= 15 ? "met" : "not met",
    });

  const latency = "p99 source → PUBACK latency at half of the measured peak ≤ 2 s";
  const latencyBefore = `203 ms at 181,070 of 362,139 points/s (${PREVIOUS.earlier}, ingest-latency.ts: 4 gateways, 2,000-sample frames)`;
  const l = c?.latency;
  if (l === undefined)
    rows.push(
      notMeasured(latency, latencyBefore, c === undefined ? noCost : "the embedded ingest was not run"),
    );
  else
    rows.push({
      target: latency,
      measured: `${num(l.endToEnd.p99)} ms at ${num(l.pacedValuesPerSecond)} values/s (${l.loadShare} × the embedded peak of this run, ${num(l.peakValuesPerSecond)}); p50 ${num(l.endToEnd.p50)} ms`,
      baseline: `the same rows POSTed straight to /write at the same pace: p99 ${num(l.rawWrite.p99)} ms`,
      previous: latencyBefore,
      status: judged(l.endToEnd.p99 <= 2000, l.lostRuns === 0),
    });

  const rss = "agent RSS at 100 devices × 50 signals ≤ 120 MB";
  const rssBefore = `117 MB (111.6 MiB; ${PREVIOUS.earlier})`;
  const a = i.agentRss;
  if (a === undefined) rows.push(notMeasured(rss, rssBefore, "the agent-rss bench produced no result"));
  else {
    const mb = a.steadyRssMiB * MB_PER_MIB;
    rows.push({
      target: rss,
      measured: `${num(mb)} MB (${num(a.steadyRssMiB, 1)} MiB), the real \`onramp-agent run\` at steady state, median of ${a.runs}`,
      baseline: `the same process with zero devices: ${num(a.baselineRssMiB * MB_PER_MIB)} MB`,
      previous: rssBefore,
      status: mb <= 120 ? "met" : "not met",
    });
  }

  const edge = "edge samples per CPU-second does not fall";
  const edgeBefore = `391,568 (${PREVIOUS.earlier})`;
  const e = i.edge;
  if (e === undefined) rows.push(notMeasured(edge, edgeBefore, "the edge bench produced no result"));
  else
    rows.push({
      target: edge,
      measured: `${num(e.v2)} samples per CPU-second (v2 frames, the agent's default; 100 × 50, median of ${e.runs})`,
      baseline:
        e.v1 === undefined
          ? "v1-frames build: no result this run"
          : `the same bench with v1 frames, interleaved runs: ${num(e.v1)}`,
      previous: edgeBefore,
      // Against the same run's v1 build; without one, against the recorded figure.
      status: e.v2 >= (e.v1 ?? 391_568) ? "met" : "not met",
    });

  const faults = "the fault suite stays green (the other tests run in CI, not in the bench)";
  const faultsBefore = `7 passed, 0 failed (${PREVIOUS.earlier})`;
  const f = i.faults;
  if (f === undefined)
    rows.push(notMeasured(faults, faultsBefore, "`npm run test:faults` did not run (BENCH_FAULTS=0)"));
  else
    rows.push({
      target: faults,
      measured: `${f.passed} passed, ${f.failed} failed, ${f.skipped} skipped`,
      baseline: "—",
      previous: faultsBefore,
      status: f.failed === 0 && f.skipped === 0 && f.passed > 0 ? "met" : "not met",
    });
  return rows;
}

export function issue16Markdown(rows: Issue16Target[]): string {
  return [
    "| target (issue 16) | measured (median, this run) | like-for-like baseline (same run) | before | status |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.target} | ${r.measured} | ${r.baseline} | ${r.previous} | ${r.status === "met" ? "met" : `**${r.status}**`} |`,
    ),
  ].join("\n");
}
