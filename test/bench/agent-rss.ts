/**
 * `npm run bench:agent-rss`: the resident memory of the REAL agent process — `onramp-agent run`
 * started through edge-agent/bin, exactly as a gateway runs it — polling 100 Modbus TCP devices ×
 * 50 signals at the profile's 1 s poll interval against real pymodbus servers and publishing
 * (QoS 1, through the SQLite spool) to a real aedes broker in its own process.
 *
 * Per run, one agent process: it starts with zero devices (baseline window: Node + the agent's
 * modules + SQLite + MQTT session), then SIGHUP loads the config with the 100 devices (the
 * documented reload path), and after a warm-up the steady window is measured. VmRSS (plus
 * RssAnon/RssFile) is read from /proc/<pid>/status every second, CPU from /proc/<pid>/stat over
 * each window; the agent is not asked anything during a window (its /status page is read only at
 * the window edges, to check that every value really went out). Every signal has a 100 ms
 * heartbeat, so each 1 s poll reports all 50 values of every device (5,000 samples/s): the worst
 * case for report-by-exception, not an idle agent with static registers.
 *
 * An idle agent allocates almost nothing, so no GC runs during the baseline window: start-up
 * garbage stays resident there, and a baseline can come out above the steady figure.
 *
 * Runs are sequential, never overlapping; the pymodbus servers and the broker are shared by them.
 * 5 runs take ≈ 2 min 50 s. Prints Markdown and writes test/bench/out/agent-rss.json.
 *
 *   BENCH_RUNS=5 BENCH_SERVERS=2 BENCH_BASELINE_SECONDS=6 BENCH_WARMUP_SECONDS=8 \
 *   BENCH_STEADY_SECONDS=15 BENCH_AGENT_NODE_ARGS="--max-semi-space-size=4" npx tsx test/bench/agent-rss.ts
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import type { AgentSnapshot } from "../../edge-agent/src/status/snapshot.js";
import { createWorkspace, statusOf, type Workspace } from "../../edge-agent/test/e2e/fixture.js";
import { stopChild } from "../peers/child.js";
import { freePort } from "../peers/ports.js";
import { type PymodbusServer, startPymodbus } from "../peers/pymodbus.js";
import { waitFor } from "../peers/wait.js";
import { type AedesChild, startAedesChild } from "./aedes-child.js";
import { median } from "./median.js";
import { meterRegisterMap } from "./meter-registers.js";
import { cpuSecondsOf } from "./process-cpu.js";

const DEVICES = 100;
const FLOATS = 20; // input registers 0–39
const WORDS = 30; // input registers 40–69
const SIGNALS = FLOATS + WORDS;
const POLL_MS = 1000;

const envNumber = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const RUNS = envNumber("BENCH_RUNS", 5);
const SERVERS = envNumber("BENCH_SERVERS", 2);
const BASELINE_SECONDS = envNumber("BENCH_BASELINE_SECONDS", 6);
const WARMUP_SECONDS = envNumber("BENCH_WARMUP_SECONDS", 8);
const STEADY_SECONDS = envNumber("BENCH_STEADY_SECONDS", 15);
/** Extra node arguments for the agent (e.g. V8 flags to try), split on spaces; none by default. */
const AGENT_NODE_ARGS = (process.env.BENCH_AGENT_NODE_ARGS ?? "").split(" ").filter((a) => a.length > 0);

const repo = fileURLToPath(new URL("../../", import.meta.url));
const AGENT_BIN = join(repo, "edge-agent/bin/onramp-agent.js");
const outDir = fileURLToPath(new URL("./out/", import.meta.url));
const MiB = 2 ** 20;

const PROFILE = {
  schemaVersion: 1,
  id: "onramp-bench/meter-50",
  version: "1.0.0",
  vendor: "Onramp",
  model: "agent-rss bench meter",
  class: "energy_meter",
  protocol: "modbus",
  source: { kind: "template", document: "agent-rss benchmark", note: "synthetic" },
  // heartbeat < poll interval: every poll reports every value (see the header).
  defaults: { pollIntervalMs: POLL_MS, heartbeatMs: 100 },
  signals: [
    ...Array.from({ length: FLOATS }, (_, i) => ({
      id: `value_${i}`,
      role: "other",
      type: "number",
      source: { modbus: { table: "input", address: i * 2, dataType: "float32" } },
    })),
    ...Array.from({ length: WORDS }, (_, i) => ({
      id: `word_${i}`,
      role: "other",
      type: "integer",
      source: { modbus: { table: "input", address: FLOATS * 2 + i, dataType: "uint16" } },
    })),
  ],
};

interface Memory {
  rss: number;
  rssAnon: number;
  rssFile: number;
}

/** VmRSS, RssAnon and RssFile of `pid` in MiB (kB in /proc/<pid>/status). */
function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kB = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status);
    if (match === null) throw new Error(`no ${key} in /proc/${pid}/status`);
    return Number(match[1]) / 1024;
  };
  return { rss: kB("VmRSS"), rssAnon: kB("RssAnon"), rssFile: kB("RssFile") };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Window {
  readonly seconds: number;
  readonly rssMiB: { readonly median: number; readonly max: number };
  readonly rssAnonMiB: number;
  readonly rssFileMiB: number;
  /** Median RSS of the window's last third minus its first third: ≈ 0 when RSS is flat. */
  readonly rssDriftMiB: number;
  /** CPU time of the agent over the window's wall time, in % of one core. */
  readonly cpuPercent: number;
  readonly rssSeriesMiB: readonly number[];
}

/** Samples the agent's memory every second for `seconds`, and its CPU over the same span. */
async function measure(pid: number, seconds: number): Promise<Window> {
  const samples: Memory[] = [];
  const cpu0 = cpuSecondsOf(pid);
  const t0 = performance.now();
  for (let i = 0; i < seconds; i++) {
    await sleep(t0 + (i + 1) * 1000 - performance.now());
    samples.push(memoryOf(pid));
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSecondsOf(pid) - cpu0;
  const rss = samples.map((s) => s.rss);
  const third = Math.max(1, Math.floor(rss.length / 3));
  return {
    seconds: wall,
    rssMiB: { median: median(rss), max: Math.max(...rss) },
    rssAnonMiB: median(samples.map((s) => s.rssAnon)),
    rssFileMiB: median(samples.map((s) => s.rssFile)),
    rssDriftMiB: median(rss.slice(-third)) - median(rss.slice(0, third)),
    cpuPercent: (cpu / wall) * 100,
    rssSeriesMiB: rss.map((x) => Math.round(x * 10) / 10),
  };
}

interface Run {
  readonly baseline: Window;
  readonly steady: Window;
  /** Steady median RSS ÷ baseline median RSS. */
  readonly ratio: number;
  /** Samples reported by the pipeline and frames acknowledged by the broker, per second of the steady window. */
  readonly samplesReportedPerSecond: number;
  readonly framesAckedPerSecond: number;
  readonly spoolFramesAtEnd: number;
  readonly failedCycles: number;
}

function configFor(ws: Workspace, statusPort: number, servers: readonly PymodbusServer[], devices: number) {
  return {
    gateway: { dataDir: ws.dataDir },
    status: { port: statusPort },
    devices: Array.from({ length: devices }, (_, i) => {
      const server = servers[i % servers.length] as PymodbusServer;
      const unit = Math.floor(i / servers.length) + 1;
      return {
        id: `meter-${String(i).padStart(3, "0")}`,
        profile: "meter-50.yaml",
        connection: `modbus-tcp://127.0.0.1:${server.port}?unit=${unit}`,
      };
    }),
  };
}

async function statusNow(port: number): Promise<AgentSnapshot> {
  const snapshot = await statusOf(port);
  if (snapshot === undefined) throw new Error("the agent's /status did not answer");
  return snapshot;
}

async function runOnce(brokerUrl: string, servers: readonly PymodbusServer[]): Promise<Run> {
  const ws = await createWorkspace(brokerUrl);
  let agent: ChildProcess | undefined;
  try {
    await writeFile(join(ws.dir, "meter-50.yaml"), stringify(PROFILE));
    const statusPort = await freePort();
    await ws.writeConfig(configFor(ws, statusPort, servers, 0));
    // The agent's default log level (info) to stdout, as under systemd; nothing reads it here.
    agent = spawn(process.execPath, [...AGENT_NODE_ARGS, AGENT_BIN, "run", ws.configPath], {
      cwd: ws.dir,
      stdio: ["ignore", "ignore", "inherit"],
    });
    const child = agent;
    const pid = child.pid;
    if (pid === undefined) throw new Error("the agent did not start");
    const alive = () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`the agent exited with ${child.signalCode ?? child.exitCode}`);
    };
    await waitFor(
      "the agent to connect to the broker",
      async () => {
        alive();
        return (await statusOf(statusPort))?.broker.state === "connected";
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    await sleep(1000); // let start-up garbage be collected before the baseline
    const baseline = await measure(pid, BASELINE_SECONDS);

    await ws.writeConfig(configFor(ws, statusPort, servers, DEVICES));
    process.kill(pid, "SIGHUP");
    const reloadedAt = performance.now();
    await waitFor(
      `all ${DEVICES} devices to produce`,
      async () => {
        alive();
        const devices = (await statusOf(statusPort))?.devices ?? [];
        return devices.length === DEVICES && devices.every((d) => d.isProducing);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    await sleep(Math.max(0, WARMUP_SECONDS * 1000 - (performance.now() - reloadedAt)));

    const before = await statusNow(statusPort);
    const steady = await measure(pid, STEADY_SECONDS);
    const after = await statusNow(statusPort);
    alive();
    const failedCycles = (s: AgentSnapshot) =>
      s.devices.reduce((sum, d) => sum + (d.counters.failedCycles ?? 0), 0);
    const run: Run = {
      baseline,
      steady,
      ratio: steady.rssMiB.median / baseline.rssMiB.median,
      samplesReportedPerSecond:
        (after.pipeline.samplesReported - before.pipeline.samplesReported) / steady.seconds,
      framesAckedPerSecond: (after.broker.framesAcked - before.broker.framesAcked) / steady.seconds,
      spoolFramesAtEnd: after.spool.frames,
      failedCycles: failedCycles(after) - failedCycles(before),
    };
    // The figure only means something if the agent kept up: every value of every poll out.
    const wanted = (DEVICES * SIGNALS * 1000) / POLL_MS;
    if (run.samplesReportedPerSecond < wanted * 0.9)
      throw new Error(
        `the agent reported ${run.samplesReportedPerSecond.toFixed(0)} samples/s, not the ${wanted} the devices offer`,
      );
    return run;
  } finally {
    if (agent !== undefined) await stopChild(agent, 5_000);
    await ws.remove();
  }
}

function markdown(runs: readonly Run[], summary: Summary): string {
  const f = (n: number, d = 1) => n.toFixed(d);
  return [
    "| run | baseline RSS (MiB, median) | steady RSS (MiB, median) | steady RSS (MiB, max) | ratio | RssAnon / RssFile (MiB) | drift (MiB) | CPU (% of a core) | baseline CPU | samples/s | frames acked/s |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...runs.map(
      (r, i) =>
        `| ${i + 1} | ${f(r.baseline.rssMiB.median)} | ${f(r.steady.rssMiB.median)} | ${f(r.steady.rssMiB.max)} | ${f(r.ratio, 2)}× | ${f(r.steady.rssAnonMiB)} / ${f(r.steady.rssFileMiB)} | ${f(r.steady.rssDriftMiB)} | ${f(r.steady.cpuPercent)} | ${f(r.baseline.cpuPercent)} | ${f(r.samplesReportedPerSecond, 0)} | ${f(r.framesAckedPerSecond)} |`,
    ),
    `| **median** | ${f(summary.baselineRssMiB)} | ${f(summary.steadyRssMiB)} | ${f(summary.steadyMaxRssMiB)} | ${f(summary.ratio, 2)}× | ${f(summary.steadyRssAnonMiB)} / ${f(summary.steadyRssFileMiB)} | | ${f(summary.cpuPercent)} | ${f(summary.baselineCpuPercent)} | ${f(summary.samplesReportedPerSecond, 0)} | |`,
  ].join("\n");
}

interface Summary {
  readonly baselineRssMiB: number;
  readonly steadyRssMiB: number;
  readonly steadyMaxRssMiB: number;
  readonly steadyRssAnonMiB: number;
  readonly steadyRssFileMiB: number;
  readonly ratio: number;
  readonly cpuPercent: number;
  readonly baselineCpuPercent: number;
  readonly samplesReportedPerSecond: number;
  /** The target (120 MB = 114.4 MiB) against the steady median. */
  readonly targetMiB: number;
  readonly isTargetMet: boolean;
}

async function main(): Promise<void> {
  const servers: PymodbusServer[] = [];
  let broker: AedesChild | undefined;
  try {
    const perServer = Math.ceil(DEVICES / SERVERS);
    for (let s = 0; s < SERVERS; s++) {
      const units = Object.fromEntries(
        Array.from({ length: perServer }, (_, u) => [u + 1, meterRegisterMap(u + 1, FLOATS, WORDS)]),
      );
      servers.push(await startPymodbus({ units }, { tcpPort: 0 }));
    }
    broker = await startAedesChild();
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await runOnce(broker.url, servers);
      process.stderr.write(
        `[agent-rss] run ${i + 1}/${RUNS}: baseline ${run.baseline.rssMiB.median.toFixed(1)} MiB, steady ${run.steady.rssMiB.median.toFixed(1)} MiB (max ${run.steady.rssMiB.max.toFixed(1)}), CPU ${run.steady.cpuPercent.toFixed(1)} %\n`,
      );
      runs.push(run);
    }
    const targetMiB = 120e6 / MiB;
    const steadyRssMiB = median(runs.map((r) => r.steady.rssMiB.median));
    const summary: Summary = {
      baselineRssMiB: median(runs.map((r) => r.baseline.rssMiB.median)),
      steadyRssMiB,
      steadyMaxRssMiB: median(runs.map((r) => r.steady.rssMiB.max)),
      steadyRssAnonMiB: median(runs.map((r) => r.steady.rssAnonMiB)),
      steadyRssFileMiB: median(runs.map((r) => r.steady.rssFileMiB)),
      ratio: median(runs.map((r) => r.ratio)),
      cpuPercent: median(runs.map((r) => r.steady.cpuPercent)),
      baselineCpuPercent: median(runs.map((r) => r.baseline.cpuPercent)),
      samplesReportedPerSecond: median(runs.map((r) => r.samplesReportedPerSecond)),
      targetMiB,
      isTargetMet: steadyRssMiB <= targetMiB,
    };
    const setup = {
      description: `onramp-agent run (edge-agent/bin) polling ${DEVICES} Modbus TCP devices × ${SIGNALS} signals (${FLOATS} float32 + ${WORDS} uint16 input registers, every value reported every poll) at ${POLL_MS} ms behind ${SERVERS} pymodbus server(s), publishing QoS 1 to aedes (own process), all on 127.0.0.1`,
      devices: DEVICES,
      signals: SIGNALS,
      pollIntervalMs: POLL_MS,
      servers: SERVERS,
      agentNodeArgs: AGENT_NODE_ARGS,
      runs: RUNS,
      baselineSeconds: BASELINE_SECONDS,
      warmUpSeconds: WARMUP_SECONDS,
      steadySeconds: STEADY_SECONDS,
      cpus: cpus().length,
      node: process.version,
      date: new Date().toISOString(),
    };
    process.stdout.write(
      `${setup.description}; ${RUNS} run(s), ${cpus().length} CPU(s), Node ${process.version}\n\n`,
    );
    process.stdout.write(`${markdown(runs, summary)}\n`);
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, "agent-rss.json");
    await writeFile(file, `${JSON.stringify({ setup, summary, runs }, null, 2)}\n`);
    process.stdout.write(`\nwrote ${file}\n`);
  } finally {
    if (broker !== undefined) await stopChild(broker.child);
    for (const server of servers) await server.stop();
  }
}

await main();
