// `npm run bench`: every benchmark, one after the other, each as its own child process with a
// bounded duration (the whole run takes about 20–30 min on 2 cores, the fault suite included;
// BENCH_FAULTS=0 leaves it out; the fraud suite adds BENCH_FRAUD_MINUTES, default 30, plus about
// 6 min of start-up and challenges; BENCH_FRAUD=0 leaves it out), plus an in-process
// micro-benchmark of frame verification. Collects the benches' JSON and writes one report:
// test/bench/REPORT.md (committed) and test/bench/out/report.json. Each figure stands next to its
// baseline measured in the same run, as a ratio, with the median over the runs and the run count.
// Figures this run does not produce are listed under "Not measured in this run", never estimated.
// Issue 16's targets get their own table (issue16-targets.ts; also out/issue16-targets.json).
// Overrides: BENCH_RUNS (default 5) runs per bench; BENCH_COST_RUNS the cost bench's rounds
// (default 3, or BENCH_RUNS when lower); BENCH_SYSTEMS=raw,embedded,… runs a subset of the cost
// bench's systems (the targets needing the others then say "not measured"); BENCH_UPLINK_MINUTES
// the uplink bench's simulated minutes (default 10); BENCH_LATENCY_WINDOW_S the cost bench's paced
// runs (default 10 s).
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { decodeFrame, encodeFrame, generateGatewayKey } from "@onramp/contract";
import { type ProfileSummary, summarizeCpuProfile } from "./cpu-profile-summary.js";
import { type UplinkSummary, uplinkMarkdown } from "./gateway-uplink-report.js";
import { type CostSummary, costMarkdown } from "./ingest-cost-report.js";
import { issue16Markdown, issue16Targets } from "./issue16-targets.js";
import { median } from "./median.js";

const here = fileURLToPath(new URL("./", import.meta.url));
const outDir = `${here}out/`;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
/**
 * BENCH_ONLY=edge-pipeline,ingest-cost,… runs only those benches (file names without .ts; also
 * `verification`, `faults`, `fraud`), to regenerate part of the report: the result then goes to
 * out/REPORT-partial.md, never over the committed REPORT.md.
 */
const ONLY = process.env.BENCH_ONLY?.split(",").map((x) => x.trim());
const wanted = (name: string) => ONLY === undefined || ONLY.includes(name);

interface ChildRun {
  ok: boolean;
  /** Left out by BENCH_ONLY: not a failure. */
  skipped?: boolean;
  seconds: number;
  startedAt: number;
  error?: string;
}

/** Runs one bench file under tsx as a child process; kills it (by its pid) after `timeoutMs`. */
function runBench(
  file: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ChildRun> {
  const startedAt = Date.now();
  if (!wanted(file.replace(/^.*\//, "").replace(/\.ts$/, "")))
    return Promise.resolve({ ok: false, skipped: true, seconds: 0, startedAt });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", `${here}${file}`, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - startedAt) / 1000;
      if (code === 0) resolve({ ok: true, seconds, startedAt });
      else
        resolve({
          ok: false,
          seconds,
          startedAt,
          error: `${file} exited with ${signal ?? code}${signal === "SIGKILL" ? ` (timeout ${timeoutMs / 1000} s)` : ""}: ${stderr.trim().split("\n").slice(-3).join(" / ")}`,
        });
    });
  });
}

/** The newest `prefix*.json` in out/ written after `since` (modbus and OPC UA name theirs by date). */
function newestSince<T>(prefix: string, since: number): T | undefined {
  const files = readdirSync(outDir)
    .filter((f) => f.startsWith(prefix) && f.endsWith(".json"))
    .map((f) => ({ f, at: statSync(`${outDir}${f}`).mtimeMs }))
    .filter((x) => x.at >= since)
    .sort((a, b) => b.at - a.at);
  return files[0] === undefined
    ? undefined
    : (JSON.parse(readFileSync(`${outDir}${files[0].f}`, "utf8")) as T);
}

const failures: string[] = [];
async function repeat<T>(
  label: string,
  runs: number,
  once: () => Promise<ChildRun>,
  collect: (run: ChildRun) => T | undefined,
): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await once();
    if (run.skipped) return results;
    const value = run.ok ? collect(run) : undefined;
    if (value === undefined) {
      failures.push(`${label} run ${i + 1}: ${run.error ?? "no JSON written"}`);
      log(`${label} run ${i + 1}/${runs} FAILED after ${run.seconds.toFixed(0)} s`);
    } else {
      results.push(value);
      log(`${label} run ${i + 1}/${runs} done in ${run.seconds.toFixed(0)} s`);
    }
  }
  return results;
}

// --- (a) verification cost per frame: decodeFrame against JSON.parse of the same bytes ----------
function verificationMicroBench() {
  const key = generateGatewayKey();
  const samples = Array.from({ length: 500 }, (_, i) => ({
    s: `signal_${i % 50}`,
    v: i / 1000,
    q: "good" as const,
    t: 1_780_000_000_000 + Math.floor(i / 50),
  }));
  const frame = encodeFrame(
    {
      v: 1,
      kind: "data",
      ent: "bench",
      gw: "gw-0",
      sess: "benchsession0000",
      seq: 1,
      ts: 1_780_000_000_000,
      devices: [{ dev: "dev-0", samples }],
    },
    key,
  );
  const lookup = (kid: string) => (kid === key.kid ? key.publicKey : undefined);
  const topic = "onramp/v1/bench/gw-0/data";
  const check = decodeFrame(frame, lookup, { topic });
  if (!check.ok) throw new Error(`the micro-bench frame does not verify: ${check.error.message}`);
  const N = 2000;
  let sink = 0;
  const time = (fn: () => void): number => {
    for (let i = 0; i < 200; i++) fn(); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < N; i++) fn();
    return ((performance.now() - t0) * 1000) / N; // µs per frame
  };
  const decode: number[] = [];
  const parse: number[] = [];
  const unwrap: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    decode.push(time(() => (sink += decodeFrame(frame, lookup, { topic }).ok ? 1 : 0)));
    // JSON.parse alone on the same bytes (the signed envelope as received).
    parse.push(time(() => (sink += JSON.parse(frame.toString("utf8")).payload.length)));
    // What an unverified consumer does: parse the envelope, base64url-decode the payload, parse it.
    unwrap.push(
      time(() => {
        const envelope = JSON.parse(frame.toString("utf8"));
        sink += JSON.parse(Buffer.from(envelope.payload, "base64url").toString("utf8")).devices.length;
      }),
    );
  }
  if (sink < 0) log("unreachable");
  return {
    frameBytes: frame.byteLength,
    samplesPerFrame: samples.length,
    iterationsPerRun: N,
    runs: RUNS,
    decodeFrameMicros: median(decode),
    jsonParseMicros: median(parse),
    unwrapParseMicros: median(unwrap),
    perRun: { decode, parse, unwrap },
  };
}

type Edge = {
  baselineRssMiB: number;
  results: { synchronous: string; samplesPerSecond: number; samplesPerCpuSecond: number; rssMiB: number }[];
};
type Modbus = { results: Record<string, number | string>[] };
type S7Planner = {
  setup: { signals: number; dbBytes: number; reads: number };
  results: { pduSize: number; plan: string; requestsPerRead: number; msPerRead: number }[];
};
type Opcua = {
  changesPerSecond: number;
  expectedChangesPerSecond: number;
  agentCpuPercentOfOneCore: number;
  agentPeakRssMiB: number;
};
type Latency = {
  setup: {
    runs: number;
    windowSeconds: number;
    loadShare: number;
    batchMaxSamples: number;
    batchMaxAgeMs: number;
  };
  peakPointsPerSecond: number;
  pacedPointsPerSecond: number;
  latencyMs: Record<
    "endToEnd" | "frame" | "rawWriteSample" | "rawWrite",
    { p50: number; p99: number; max: number }
  >;
};
type Scale = {
  setup: { runs: number; pointsPerRun: number };
  pointsPerSecond: { oneInstance: number; twoInstances: number };
  medianPairRatio: number;
  cpuCores: { oneInstance: Record<string, number>; twoInstances: Record<string, number> };
  machineCpuCores: { oneInstance: number; twoInstances: number };
};
type CliStartup = {
  setup: { runs: number };
  summary: Record<string, { builtSeconds: number; tsxSeconds: number; builtW27: boolean; tsxW27: boolean }>;
};
type AgentRss = {
  setup: { runs: number; steadySeconds: number };
  summary: { steadyRssMiB: number; steadyMaxRssMiB: number; baselineRssMiB: number; cpuPercent: number };
};
type Ingest = {
  setup: {
    runs: number;
    gateways: number;
    samplesPerFrame: number;
    small?: { gateways: number; frames: number; samplesPerFrame: number };
  };
  pointsPerSecond: {
    endToEnd: number;
    endToEndSmallFrames?: number;
    endToEndPostgres?: number;
    rawOneConnection: number;
    rawFourConnections: number;
    rawIngestLines?: number;
    naiveUnverified?: number;
  };
  pids?: { embedded: number; postgres: number };
};

// --- the benches ---------------------------------------------------------------------------------
const started = Date.now();
mkdirSync(outDir, { recursive: true });

if (wanted("verification")) log("verification micro-bench");
const verification = wanted("verification") ? verificationMicroBench() : undefined;

log("edge pipeline, 100 × 50, v2 frames (the agent's default) and v1 frames, interleaved");
const edge100: Edge[] = [];
/** The same bench signing v1 frames: the like-for-like baseline of "edge samples per CPU-second does not fall". */
const edge100v1: Edge[] = [];
for (let i = 0; i < RUNS; i++)
  for (const [version, into] of [
    ["2", edge100],
    ["1", edge100v1],
  ] as const)
    into.push(
      ...(await repeat(
        `edge 100×50 v${version} frames`,
        1,
        () =>
          runBench(
            "edge-pipeline.ts",
            [],
            { BENCH_DEVICES: "100", BENCH_CYCLES: "200", BENCH_FRAME_VERSION: version },
            120_000,
          ),
        (run) => newestSince<Edge>("edge-pipeline", run.startedAt),
      )),
    );
const EDGE_1000_RUNS = RUNS;
log("edge pipeline, 1,000 × 50");
const edge1000 = await repeat(
  "edge 1000×50",
  EDGE_1000_RUNS,
  () => runBench("edge-pipeline.ts", [], { BENCH_DEVICES: "1000", BENCH_CYCLES: "40" }, 180_000),
  (run) => newestSince<Edge>("edge-pipeline", run.startedAt),
);
const MODBUS_SECONDS = 3;
log("modbus poll");
const modbus = await repeat(
  "modbus",
  RUNS,
  () => runBench("modbus-poll.ts", ["--seconds", String(MODBUS_SECONDS)], {}, 120_000),
  (run) => newestSince<Modbus>("modbus-poll-", run.startedAt),
);
log("s7 planner");
const s7 = await repeat(
  "s7 planner",
  RUNS,
  () => runBench("s7-planner.ts", ["--reads", "10"], {}, 120_000),
  (run) => newestSince<S7Planner>("s7-planner-", run.startedAt),
);
const OPCUA_SECONDS = 10;
log("opcua subscription");
const opcua = await repeat(
  "opcua",
  RUNS,
  () => runBench("opcua-subscription.ts", ["--seconds", String(OPCUA_SECONDS)], {}, 150_000),
  (run) => newestSince<Opcua>("opcua-subscription-", run.startedAt),
);
log("CLI start-up, built JavaScript against tsx");
const [startup] = await repeat(
  "cli-startup",
  1,
  () => runBench("cli-startup.ts", [], { BENCH_RUNS: String(RUNS) }, 300_000),
  (run) => newestSince<CliStartup>("cli-startup", run.startedAt),
);
log("agent RSS, the real onramp-agent process");
const [agentRss] = await repeat(
  "agent-rss",
  1,
  () => runBench("agent-rss.ts", [], { BENCH_RUNS: String(RUNS) }, 300_000),
  // The dot: agent-rss.json, not a kept agent-rss-before.json.
  (run) => newestSince<AgentRss>("agent-rss.", run.startedAt),
);
log("ingest throughput");
const [ingest] = await repeat(
  "ingest",
  1,
  () => runBench("ingest-throughput.ts", [], { BENCH_RUNS: String(RUNS) }, 420_000),
  (run) => newestSince<Ingest>("ingest-throughput", run.startedAt),
);
log("ingest latency at half load");
const [latency] = await repeat(
  "ingest latency",
  1,
  () => runBench("ingest-latency.ts", [], { BENCH_RUNS: String(RUNS) }, 300_000),
  (run) => newestSince<Latency>("ingest-latency", run.startedAt),
);
await repeat(
  "sparkplug",
  1,
  () => runBench("sparkplug-ingest.ts", [], { BENCH_RUNS: String(RUNS) }, 900_000),
  (run) => newestSince<{ markdown: string }>("sparkplug-ingest", run.startedAt),
); // issue 20: its table is in out/sparkplug-ingest-*.json (`markdown`)
log("ingest scale-out, one vs two instances");
const [scale] = await repeat(
  "ingest scale",
  1,
  () => runBench("ingest-scale.ts", [], { BENCH_RUNS: String(RUNS) }, 300_000),
  (run) => newestSince<Scale>("ingest-scale", run.startedAt),
);

log("cost per value, like for like (raw, Node-RED, ingest embedded and via Mosquitto)");
// Its own rounds (3, the issue's count; fewer when BENCH_RUNS is below 3, BENCH_COST_RUNS sets them):
// each runs 4 systems × 2,000,000 values plus Node-RED's install, then the latency runs at half peak.
const [cost] = await repeat(
  "cost per value",
  1,
  () =>
    runBench(
      "ingest-cost.ts",
      [],
      { BENCH_RUNS: process.env.BENCH_COST_RUNS ?? String(Math.min(3, RUNS)) },
      2_400_000,
    ),
  // A subset (BENCH_SYSTEMS) writes ingest-cost-partial.json, whose targets say which systems were
  // not run; the newest of the two written during this run is the one.
  (run) => newestSince<CostSummary>("ingest-cost", run.startedAt),
);

log("gateway uplink per day, the demo's signals at 100 × 50, with and without report-by-exception");
const [uplink] = await repeat(
  "gateway uplink",
  1,
  () => runBench("gateway-uplink.ts", [], {}, 900_000),
  (run) => newestSince<UplinkSummary>("gateway-uplink", run.startedAt),
);

log("indicator checks, CPU per million values");
type IndicatorChecks = {
  devices: number;
  values: number;
  frames: number;
  runs: number;
  cpuMicrosPerMillionValues: Record<string, number>;
};
const [checks] = await repeat(
  "indicator checks",
  1,
  () => runBench("indicator-checks.ts", [], { RUNS: String(RUNS) }, 600_000),
  (run) => newestSince<IndicatorChecks>("indicator-checks", run.startedAt),
);

/**
 * One more, unmeasured pass of the ingest bench with V8's CPU profiler on the embedded-state
 * ingest (profiling costs a few percent, so the figures above come from the unprofiled run): the
 * report lists where its busy time goes.
 */
const PROFILED_STAGES = [
  "decodeFrameAsync",
  "readSignedFrame",
  "readBody",
  "parseBoundedJson",
  "acceptDataBody",
  "verifyOneShot",
  "pointsOf",
  "toLineProtocol",
  "logFrames",
  "execProtocolRaw",
  "(garbage collector)",
];
log("ingest CPU profile (one extra, unmeasured run)");
const profileDir = `${outDir}profiles-${Date.now()}/`;
const [profiled] = await repeat(
  "ingest profile",
  1,
  () => runBench("ingest-throughput.ts", [], { BENCH_RUNS: "1", BENCH_CPU_PROFILE: profileDir }, 300_000),
  (run) => newestSince<Ingest>("ingest-throughput", run.startedAt),
);
let profile: ProfileSummary | undefined;
if (profiled?.pids !== undefined) {
  const file = readdirSync(profileDir).find((f) => f.includes(`.${profiled.pids?.embedded}.`));
  if (file !== undefined) profile = summarizeCpuProfile(`${profileDir}${file}`, PROFILED_STAGES);
  else failures.push(`ingest profile: no .cpuprofile of pid ${profiled.pids.embedded} in ${profileDir}`);
}

/**
 * The fraud suite (test/fraud/README.md): every scenario through the real ingest for
 * BENCH_FRAUD_MINUTES (default 30) with default indicator parameters; its confusion table goes into
 * the report as written by test/fraud/run.ts. BENCH_FRAUD=0 leaves it out.
 */
const FRAUD_MINUTES = Number(process.env.BENCH_FRAUD_MINUTES ?? 30);
let fraudMarkdown: string | undefined;
let fraudJson: unknown;
if (process.env.BENCH_FRAUD !== "0" && wanted("fraud")) {
  log(`fraud suite, ${FRAUD_MINUTES} min judged`);
  const run = await runBench(
    "../fraud/run.ts",
    ["--minutes", String(FRAUD_MINUTES), "--out", outDir],
    {},
    (FRAUD_MINUTES + 15) * 60_000,
  );
  try {
    const json = readFileSync(`${outDir}fraud-suite.json`, "utf8");
    if (statSync(`${outDir}fraud-suite.json`).mtimeMs < run.startedAt)
      throw new Error("no fresh fraud-suite.json");
    fraudJson = JSON.parse(json);
    fraudMarkdown = readFileSync(`${outDir}fraud-suite.md`, "utf8").trim();
  } catch (error) {
    // run.ts exits 1 when a fraud is missed or an honest enterprise flagged: the table still counts.
    failures.push(`fraud suite: ${run.error ?? ""} ${(error as Error).message}`);
  }
}

/** The fault suite (`npm run test:faults`): its verdict belongs next to the "loses nothing" target. */
interface FaultRun {
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
}
function runFaults(): Promise<FaultRun | undefined> {
  const json = `${outDir}faults-${Date.now()}.json`;
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        `${here}../../node_modules/vitest/vitest.mjs`,
        "run",
        "--project",
        "faults",
        "--reporter=json",
        `--outputFile.json=${json}`,
      ],
      { cwd: `${here}../..`, stdio: ["ignore", "ignore", "ignore"] },
    );
    const timer = setTimeout(() => child.kill("SIGKILL"), 900_000);
    child.once("exit", () => {
      clearTimeout(timer);
      try {
        const r = JSON.parse(readFileSync(json, "utf8")) as {
          numPassedTests: number;
          numFailedTests: number;
          numPendingTests: number;
          numTodoTests: number;
        };
        resolve({
          passed: r.numPassedTests,
          failed: r.numFailedTests,
          skipped: r.numPendingTests + r.numTodoTests,
          seconds: (Date.now() - startedAt) / 1000,
        });
      } catch (error) {
        failures.push(`fault suite: no result (${(error as Error).message})`);
        resolve(undefined);
      }
    });
  });
}
log("fault suite (vitest --project faults)");
const faults = process.env.BENCH_FAULTS === "0" || !wanted("faults") ? undefined : await runFaults();

// --- figures -------------------------------------------------------------------------------------
const edgeRow = (runs: Edge[], sync: string, key: "samplesPerSecond" | "samplesPerCpuSecond" | "rssMiB") =>
  median(runs.map((r) => r.results.find((x) => x.synchronous === sync)?.[key] ?? Number.NaN));
const modbusRow = (plan: string, interval: number, key: string) =>
  median(
    modbus.map(
      (r) => r.results.find((x) => x.plan === plan && x.pollIntervalMs === interval)?.[key] as number,
    ),
  );

interface Figure {
  figure: string;
  value: number | undefined;
  unit: string;
  baseline: string;
  baselineValue: number | undefined;
  runs: number;
  note?: string;
}
const figures: Figure[] = [];
const add = (f: Figure) => figures.push(f);
const has = (xs: unknown[]) => xs.length > 0;

if (verification !== undefined) {
  add({
    figure: "verification cost per frame (decodeFrame: signature + schema + topic)",
    value: verification.decodeFrameMicros,
    unit: "µs/frame",
    baseline: "JSON.parse alone on the same bytes",
    baselineValue: verification.jsonParseMicros,
    runs: RUNS,
    note: `${verification.frameBytes}-byte frame, ${verification.samplesPerFrame} samples; ${verification.iterationsPerRun} frames per run`,
  });
  add({
    figure: "verification cost per frame",
    value: verification.decodeFrameMicros,
    unit: "µs/frame",
    baseline: "unverified unwrap (JSON.parse envelope + base64url + JSON.parse payload)",
    baselineValue: verification.unwrapParseMicros,
    runs: RUNS,
  });
}
if (has(edge100)) {
  add({
    figure: "edge samples/s, decode→RBE→sign→spool (FULL)→publish, wall clock, 1 thread",
    value: edgeRow(edge100, "FULL", "samplesPerSecond"),
    unit: "samples/s",
    baseline: "same pipeline, spool synchronous=NORMAL",
    baselineValue: edgeRow(edge100, "NORMAL", "samplesPerSecond"),
    runs: edge100.length,
  });
  add({
    figure: "edge samples per CPU-second of the agent process (FULL): the per-core figure",
    value: edgeRow(edge100, "FULL", "samplesPerCpuSecond"),
    unit: "samples/CPU-s",
    baseline: "target 50,000 per core (not a measurement)",
    baselineValue: 50_000,
    runs: edge100.length,
  });
  if (has(edge100v1))
    add({
      figure: "edge samples per CPU-second (FULL), v2 data frames (the agent's default)",
      value: edgeRow(edge100, "FULL", "samplesPerCpuSecond"),
      unit: "samples/CPU-s",
      baseline: "the same bench signing v1 frames, runs interleaved",
      baselineValue: edgeRow(edge100v1, "FULL", "samplesPerCpuSecond"),
      runs: Math.min(edge100.length, edge100v1.length),
    });
  add({
    figure:
      "edge bench process RSS, 100 devices × 50 signals, in-process pipeline flat out (after 1 M samples, FULL run)",
    value: edgeRow(edge100, "FULL", "rssMiB"),
    unit: "MiB",
    baseline: "RSS of the same process before any device (Node + tsx + SQLite + mqtt.js)",
    baselineValue: median(edge100.map((r) => r.baselineRssMiB)),
    runs: edge100.length,
  });
}
if (has(edge1000)) {
  add({
    figure: "edge bench process RSS, 1,000 devices × 50 signals, flat out (after 2 M samples, FULL run)",
    value: edgeRow(edge1000, "FULL", "rssMiB"),
    unit: "MiB",
    baseline: "RSS of the same process before any device",
    baselineValue: median(edge1000.map((r) => r.baselineRssMiB)),
    runs: edge1000.length,
  });
  add({
    figure: "edge samples/s at 1,000 × 50 (FULL), wall clock",
    value: edgeRow(edge1000, "FULL", "samplesPerSecond"),
    unit: "samples/s",
    baseline: "spool synchronous=NORMAL",
    baselineValue: edgeRow(edge1000, "NORMAL", "samplesPerSecond"),
    runs: edge1000.length,
  });
}
if (startup !== undefined) {
  const w27 = (c: CliStartup["summary"][string]) =>
    `W27 warning printed: built ${c.builtW27 ? "yes" : "no"}, tsx ${c.tsxW27 ? "yes" : "no"}`;
  const { help, modbusProbe, ingestHelp, verifyHelp } = startup.summary;
  if (help)
    add({
      figure: "`onramp-agent --help`, wall clock from spawn to exit (built JavaScript CLI)",
      value: help.builtSeconds,
      unit: "s",
      baseline: "the same command from the TypeScript sources through tsx",
      baselineValue: help.tsxSeconds,
      runs: startup.setup.runs,
      note: w27(help),
    });
  if (modbusProbe)
    add({
      figure: "one-shot Modbus probe (SDM630 profile + identity, local pymodbus), wall clock (built CLI)",
      value: modbusProbe.builtSeconds,
      unit: "s",
      baseline: "the same command from the TypeScript sources through tsx",
      baselineValue: modbusProbe.tsxSeconds,
      runs: startup.setup.runs,
      note: w27(modbusProbe),
    });
  for (const [command, c] of [
    ["onramp-ingest --help", ingestHelp],
    ["onramp-verify --help", verifyHelp],
  ] as const)
    if (c)
      add({
        figure: `\`${command}\`, wall clock from spawn to exit (built JavaScript CLI)`,
        value: c.builtSeconds,
        unit: "s",
        baseline: "the same command from the TypeScript sources through tsx",
        baselineValue: c.tsxSeconds,
        runs: startup.setup.runs,
        note: w27(c),
      });
}
if (agentRss !== undefined)
  add({
    figure: "agent RSS, real `onramp-agent run`, 100 Modbus TCP devices × 50 signals, 1 s poll, steady state",
    value: agentRss.summary.steadyRssMiB,
    unit: "MiB",
    baseline: "same process with zero devices (before SIGHUP adds the 100)",
    baselineValue: agentRss.summary.baselineRssMiB,
    runs: agentRss.setup.runs,
    note: `${agentRss.setup.steadySeconds} s window; max ${fmt(agentRss.summary.steadyMaxRssMiB, 1)} MiB; agent CPU ${fmt(agentRss.summary.cpuPercent, 1)} % of a core; every value reported (5,000 samples/s) to aedes`,
  });
const s7Row = (plan: string, pduSize: number, key: "requestsPerRead" | "msPerRead") =>
  median(
    s7.map((run) => run.results.find((r) => r.plan === plan && r.pduSize === pduSize)?.[key] ?? Number.NaN),
  );
if (has(s7)) {
  for (const pduSize of [240, 480, 960])
    add({
      figure: `S7 read-var requests per read, 50 signals scattered over a 1,000-byte DB, PDU ${pduSize} (planner)`,
      value: s7Row("planner", pduSize, "requestsPerRead"),
      unit: "requests/read",
      baseline: "one request per signal",
      baselineValue: s7Row("naive", pduSize, "requestsPerRead"),
      runs: s7.length,
      note: `Snap7 S7Server on loopback; ms per read ${fmt(s7Row("planner", pduSize, "msPerRead"), 2)} vs ${fmt(s7Row("naive", pduSize, "msPerRead"), 2)}`,
    });
}
if (has(modbus)) {
  add({
    figure: "Modbus requests per poll cycle, 100 devices × 30 signals (planner)",
    value: modbusRow("planner", 1000, "requestsPerCycle"),
    unit: "requests/cycle",
    baseline: "naive plan (one request per signal)",
    baselineValue: modbusRow("naive", 1000, "requestsPerCycle"),
    runs: modbus.length,
  });
  add({
    figure: "Modbus signal values/s flat out (10 ms interval), planner",
    value: modbusRow("planner", 10, "valuesPerSecond"),
    unit: "values/s",
    baseline: "naive plan, flat out",
    baselineValue: modbusRow("naive", 10, "valuesPerSecond"),
    runs: modbus.length,
    note: `${MODBUS_SECONDS} s window per row, one pymodbus server`,
  });
  add({
    figure: "Modbus requests/s flat out, planner",
    value: modbusRow("planner", 10, "requestsPerSecond"),
    unit: "requests/s",
    baseline: "naive plan, flat out",
    baselineValue: modbusRow("naive", 10, "requestsPerSecond"),
    runs: modbus.length,
  });
  add({
    figure: "Modbus agent CPU at 1 s poll, planner",
    value: modbusRow("planner", 1000, "cpuPercent"),
    unit: "% of a core",
    baseline: "naive plan at 1 s poll",
    baselineValue: modbusRow("naive", 1000, "cpuPercent"),
    runs: modbus.length,
  });
  add({
    figure: "Modbus agent peak RSS at 1 s poll, planner",
    value: modbusRow("planner", 1000, "rssMiB"),
    unit: "MiB",
    baseline: "naive plan at 1 s poll",
    baselineValue: modbusRow("naive", 1000, "rssMiB"),
    runs: modbus.length,
  });
}
if (has(opcua)) {
  add({
    figure: "OPC UA value changes/s handled, 5,000 items at 100 ms",
    value: median(opcua.map((r) => r.changesPerSecond)),
    unit: "changes/s",
    baseline: "changes/s offered by the server (items × 1000 / interval)",
    baselineValue: median(opcua.map((r) => r.expectedChangesPerSecond)),
    runs: opcua.length,
    note: `${OPCUA_SECONDS} s window; agent CPU ${median(opcua.map((r) => r.agentCpuPercentOfOneCore))} % of a core, peak RSS ${median(opcua.map((r) => r.agentPeakRssMiB))} MiB (medians)`,
  });
}
if (ingest !== undefined) {
  const p = ingest.pointsPerSecond;
  const ingestRuns = ingest.setup.runs;
  /** The ceiling in the ingest's own line layout, or (older bench JSON) the one-field one, named so. */
  const sameLayoutCeiling =
    p.rawIngestLines === undefined
      ? {
          baseline: "raw InfluxDB /write ceiling of one-field lines (not the same layout)",
          baselineValue: p.rawOneConnection,
        }
      : {
          baseline:
            "raw InfluxDB /write of the ingest's own lines (same layout: a field per signal), 1 connection",
          baselineValue: p.rawIngestLines,
        };
  // Like with like (issue 16): the ceiling for the very lines the ingest writes (a field per
  // signal) comes first; the one-field ceiling is another layout, kept for reference only.
  if (p.rawIngestLines !== undefined)
    add({
      figure: `ingest points/s, MQTT QoS 1 → verify → ledger → InfluxDB 1.x, PUBACK after write (${ingest.setup.gateways} gateways, ${ingest.setup.samplesPerFrame}-sample frames, embedded state)`,
      value: p.endToEnd,
      unit: "points/s",
      baseline:
        "raw InfluxDB /write of the ingest's own lines (same layout: a field per signal), 1 connection",
      baselineValue: p.rawIngestLines,
      runs: ingestRuns,
      note: "the like-for-like ceiling",
    });
  add({
    figure: "ingest points/s (same)",
    value: p.endToEnd,
    unit: "points/s",
    baseline: "raw InfluxDB /write ceiling of one-field lines, 1 connection, 5,000-point batches",
    baselineValue: p.rawOneConnection,
    runs: ingestRuns,
    note: "not the same layout: InfluxDB parses 50-field lines far faster per point, so this ratio flatters the ingest",
  });
  add({
    figure: "ingest points/s (same)",
    value: p.endToEnd,
    unit: "points/s",
    baseline: "raw InfluxDB /write, 4 connections",
    baselineValue: p.rawFourConnections,
    runs: ingestRuns,
  });
  if (p.naiveUnverified !== undefined)
    add({
      figure: "ingest points/s (same)",
      value: p.endToEnd,
      unit: "points/s",
      baseline: "naive mqtt.js → /write loop without verification (5,000-point batches)",
      baselineValue: p.naiveUnverified,
      runs: ingestRuns,
    });
  if (p.endToEndPostgres !== undefined)
    add({
      figure: "ingest points/s, state in PostgreSQL (fsync on) instead of the embedded PGlite",
      value: p.endToEndPostgres,
      unit: "points/s",
      ...sameLayoutCeiling,
      runs: ingestRuns,
      note: "the production layout: SQL state in its own process",
    });
  if (p.endToEndSmallFrames !== undefined && ingest.setup.small !== undefined)
    add({
      figure: `ingest points/s, small frames (${ingest.setup.small.gateways} gateways × ${ingest.setup.small.samplesPerFrame}-sample frames: the previous report's shape)`,
      value: p.endToEndSmallFrames,
      unit: "points/s",
      ...sameLayoutCeiling,
      runs: ingestRuns,
      note: "the previous report measured 86,256 points/s (20 %) in this shape",
    });
}

if (latency !== undefined) {
  const l = latency.latencyMs;
  const load = `${latency.setup.loadShare * 100} % of the same run's peak (${fmt(latency.pacedPointsPerSecond)} of ${fmt(latency.peakPointsPerSecond)} points/s), ${latency.setup.windowSeconds} s per run, agent batching ${latency.setup.batchMaxSamples} samples / ${latency.setup.batchMaxAgeMs} ms`;
  add({
    figure: "ingest latency p99, sample source time → PUBACK after InfluxDB write + ledger commit",
    value: l.endToEnd.p99,
    unit: "ms",
    baseline: "same paced batches POSTed straight to InfluxDB /write: source time → 204, p99",
    baselineValue: l.rawWriteSample.p99,
    runs: latency.setup.runs,
    note: load,
  });
  add({
    figure: "ingest latency p50 (same)",
    value: l.endToEnd.p50,
    unit: "ms",
    baseline: "direct /write, p50",
    baselineValue: l.rawWriteSample.p50,
    runs: latency.setup.runs,
    note: `max ${fmt(l.endToEnd.max)} ms (direct /write ${fmt(l.rawWriteSample.max)} ms)`,
  });
  add({
    figure: "ingest frame latency p99, publish → PUBACK (the part after batching)",
    value: l.frame.p99,
    unit: "ms",
    baseline: "InfluxDB /write round trip of the same batch, p99",
    baselineValue: l.rawWrite.p99,
    runs: latency.setup.runs,
    note: `p50 ${fmt(l.frame.p50)} ms vs ${fmt(l.rawWrite.p50)} ms`,
  });
}
if (scale !== undefined) {
  const cpu = scale.cpuCores.twoInstances;
  const busiest = Object.entries(cpu).sort((a, b) => b[1] - a[1])[0];
  add({
    figure: "ingest points/s, two instances on a Mosquitto shared subscription (PostgreSQL state)",
    value: scale.pointsPerSecond.twoInstances,
    unit: "points/s",
    baseline: "one instance in the same group, same publishers and frames",
    baselineValue: scale.pointsPerSecond.oneInstance,
    runs: scale.setup.runs,
    note: `interleaved ABBA runs of ${fmt(scale.setup.pointsPerRun)} points, median of per-run pair ratios ${fmt(scale.medianPairRatio, 2)}×; busiest process with two: ${busiest?.[0] ?? "—"} at ${fmt((busiest?.[1] ?? 0) * 100)} % of a core; whole machine ${fmt(scale.machineCpuCores.twoInstances * 100)} % of ${cpus().length * 100} %`,
  });
}

// --- targets -------------------------------------------------------------------------------------
const find = (prefix: string, baselinePrefix?: string) =>
  figures.find(
    (f) =>
      f.figure.startsWith(prefix) && (baselinePrefix === undefined || f.baseline.startsWith(baselinePrefix)),
  );
const MIB_PER_MB = 1e6 / 2 ** 20;
interface Target {
  target: string;
  measured: string;
  status: "met" | "not met" | "not measured";
}
const targets: Target[] = [];
{
  // Like with like (issue 16): the ceiling for the ingest's own line layout.
  const f = find("ingest points/s, MQTT", "raw InfluxDB /write of the ingest's own lines");
  const pct = f?.value !== undefined && f.baselineValue ? (f.value / f.baselineValue) * 100 : undefined;
  const pg = find("ingest points/s, state in PostgreSQL");
  const pgPct = pg?.value !== undefined && pg.baselineValue ? (pg.value / pg.baselineValue) * 100 : undefined;
  const best = Math.max(pct ?? 0, pgPct ?? 0);
  targets.push({
    target: "ingest ≥ 85 % of the raw InfluxDB ceiling in the same line layout, verification on",
    measured:
      pct === undefined
        ? "—"
        : `${pct.toFixed(0)} % with the embedded state (${fmt(f?.value)} of ${fmt(f?.baselineValue)} points/s)${pgPct === undefined ? "" : `, ${pgPct.toFixed(0)} % with PostgreSQL state (${fmt(pg?.value)})`}`,
    status: pct === undefined ? "not measured" : best >= 85 ? "met" : "not met",
  });
}
// Issue 16's targets have their own table (issue16-targets.ts), below.
{
  const f = find("edge samples per CPU-second");
  targets.push({
    target: "edge ≥ 50,000 samples/s per core through the whole pipeline",
    measured: f?.value === undefined ? "—" : `${fmt(f.value)} samples per CPU-second of the agent`,
    status: f?.value === undefined ? "not measured" : f.value >= 50_000 ? "met" : "not met",
  });
}
{
  const f = find("agent RSS, real");
  const mb = f?.value === undefined ? undefined : f.value / MIB_PER_MB;
  targets.push({
    target: "agent RSS ≤ 120 MB at 100 × 50 signals",
    measured:
      mb === undefined
        ? "—"
        : `${mb.toFixed(0)} MB (${fmt(f?.value, 1)} MiB), the real agent process at steady state; ${fmt(f?.baselineValue, 1)} MiB with zero devices`,
    status: mb === undefined ? "not measured" : mb <= 120 ? "met" : "not met",
  });
}
{
  const f = find("ingest points/s, two instances");
  const ratio = f?.value !== undefined && f.baselineValue ? f.value / f.baselineValue : undefined;
  targets.push({
    target: "two ingest instances ≥ 1.7× one (shared subscription, Mosquitto)",
    measured:
      ratio === undefined ? "—" : `${fmt(ratio, 2)}× (${fmt(f?.value)} vs ${fmt(f?.baselineValue)} points/s)`,
    status: ratio === undefined ? "not measured" : ratio >= 1.7 ? "met" : "not met",
  });
}
{
  const f = find("ingest latency p99");
  targets.push({
    target: "p99 latency ≤ 2 s at half load",
    measured:
      f?.value === undefined
        ? "—"
        : `${fmt(f.value)} ms at ${fmt(latency?.pacedPointsPerSecond)} points/s (half of the run's peak), source time → durable write`,
    status: f?.value === undefined ? "not measured" : f.value <= 2000 ? "met" : "not met",
  });
}
targets.push({
  target: "every fault scenario loses nothing",
  measured:
    faults === undefined
      ? "`npm run test:faults` did not run in this report (BENCH_FAULTS=0 or no result)"
      : `\`npm run test:faults\` in this run: ${faults.passed} passed, ${faults.failed} failed, ${faults.skipped} skipped (${fmt(faults.seconds)} s); each scenario asserts zero loss and zero duplicates`,
  status:
    faults === undefined ? "not measured" : faults.failed === 0 && faults.passed > 0 ? "met" : "not met",
});

const issue16 = issue16Targets({
  ...(cost === undefined ? {} : { cost }),
  ...(agentRss === undefined
    ? {}
    : {
        agentRss: {
          runs: agentRss.setup.runs,
          steadyRssMiB: agentRss.summary.steadyRssMiB,
          baselineRssMiB: agentRss.summary.baselineRssMiB,
        },
      }),
  ...(has(edge100)
    ? {
        edge: {
          runs: edge100.length,
          v2: edgeRow(edge100, "FULL", "samplesPerCpuSecond"),
          v1: has(edge100v1) ? edgeRow(edge100v1, "FULL", "samplesPerCpuSecond") : undefined,
        },
      }
    : {}),
  ...(faults === undefined ? {} : { faults }),
});
writeFileSync(`${outDir}issue16-targets.json`, `${JSON.stringify(issue16, null, 2)}\n`);

const notMeasured = [
  ...(latency === undefined
    ? ["p50/p99 latency at 50 % of peak load: the latency bench did not produce a result in this run."]
    : []),
  ...(scale === undefined
    ? ["Scale: two ingest instances vs one: the scale bench did not produce a result in this run."]
    : []),
  ...(profile === undefined
    ? ["Ingest CPU profile: the profiled pass did not produce a profile in this run."]
    : []),
  ...(cost === undefined ? ["Cost per value (ingest-cost.ts): no result in this run."] : []),
  ...(uplink === undefined ? ["Gateway uplink per day (gateway-uplink.ts): no result in this run."] : []),
  "Naive baseline with @influxdata/influxdb-client itself: the InfluxDB on this machine is 1.6.7, which has no /api/v2/write (added in 1.8) that influxdb-client needs; the naive loop posts line protocol to /write with the same 5,000-point batching instead.",
  ...(EDGE_1000_RUNS < 5
    ? [`Edge 1,000 × 50: ${EDGE_1000_RUNS} runs, not 5, to keep the whole run near 15 min.`]
    : []),
  `Ingest figures: 1 bench process with ${ingest?.setup.runs ?? RUNS} interleaved runs of each path (raw ceilings, end to end, naive) and their medians; the edge, Modbus and OPC UA figures are medians over separate processes; the verification micro-bench runs in the runner's own process.`,
  `Latency and scale figures: one bench process each (ingest-latency.ts, ingest-scale.ts) with ${latency?.setup.runs ?? RUNS} runs and their medians; the machine is shared, so the scale bench also records the whole machine's CPU next to its own processes'.`,
  ...failures.map((f) => `Failed: ${f}`),
];

// --- output --------------------------------------------------------------------------------------
function fmt(n: number | undefined, digits?: number): string {
  if (n === undefined || Number.isNaN(n)) return "—";
  const d = digits ?? (Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2);
  return n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}
const machine = {
  cores: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  date: new Date().toISOString(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
};
const report = {
  machine,
  runs: RUNS,
  figures: figures.map((f) => ({
    ...f,
    ratio: f.value !== undefined && f.baselineValue ? f.value / f.baselineValue : undefined,
  })),
  targets,
  issue16Targets: issue16,
  notMeasured,
  profile,
  faults,
  raw: {
    verification,
    edge100,
    edge100v1,
    edge1000,
    modbus,
    s7,
    opcua,
    startup,
    agentRss,
    ingest,
    cost,
    uplink,
    latency,
    scale,
    checks,
  },
  fraud: fraudJson,
};
writeFileSync(`${outDir}report.json`, `${JSON.stringify(report, null, 2)}\n`);

const markdown = [
  "# Onramp benchmark report",
  "",
  "Generated by `npm run bench` (test/bench/run-all.ts); do not edit by hand. Raw per-run numbers: `test/bench/out/report.json`.",
  "",
  "## Machine",
  "",
  `${machine.cores} cores (${machine.cpuModel}), ${machine.ramGiB} GiB RAM, Node ${machine.node}; run on ${machine.date}, took ${(machine.durationSeconds / 60).toFixed(1)} min.`,
  "",
  "## Figures",
  "",
  "Each value is the median over the runs given; its baseline was measured in the same `npm run bench` run. Ratio = value ÷ baseline.",
  "",
  "| figure | value (median) | baseline (same run) | baseline value | ratio | runs | notes |",
  "| --- | ---: | --- | ---: | ---: | ---: | --- |",
  ...report.figures.map(
    (f) =>
      `| ${f.figure} | ${fmt(f.value)} ${f.unit} | ${f.baseline} | ${fmt(f.baselineValue)} | ${f.ratio === undefined ? "—" : `${fmt(f.ratio, 2)}×`} | ${f.runs} | ${f.note ?? ""} |`,
  ),
  "",
  "## Targets",
  "",
  "| target | measured | status |",
  "| --- | --- | --- |",
  ...targets.map((t) => `| ${t.target} | ${t.measured} | ${t.status} |`),
  "",
  "## Issue 16 targets",
  "",
  "Cost per value (issue 16): each target's median from this run, its like-for-like baseline measured in the same run, the figure recorded before, and whether it is met. Also in `test/bench/out/issue16-targets.json`.",
  "",
  issue16Markdown(issue16),
  "",
  ...(cost === undefined
    ? [
        "## Cost per value, like for like",
        "",
        "`test/bench/ingest-cost.ts` did not produce a result in this run (see failures).",
      ]
    : [costMarkdown(cost).replace(/^# /, "## ")]),
  "",
  "## Gateway uplink per day",
  "",
  uplink === undefined
    ? "`test/bench/gateway-uplink.ts` did not produce a result in this run (see failures)."
    : uplinkMarkdown(uplink).trim(),
  "",
  "## Where the ingest's CPU goes (V8 CPU profile of this run)",
  "",
  ...(profile === undefined
    ? ["No profile in this run."]
    : [
        `One extra, unmeasured pass of the ingest bench under \`--cpu-prof\` (BENCH_CPU_PROFILE): the embedded-state ingest was busy in ${fmt(profile.busyShare * 100)} % of ${fmt(profile.totalSamples)} samples (it idles while the bench measures the raw ceilings and the naive loop); shares below are of its busy samples.`,
        "",
        "| stage (inclusive: with what it calls) | share of busy CPU |",
        "| --- | ---: |",
        ...profile.stages.map((st) => `| \`${st.stage}\` | ${fmt(st.inclusiveShare * 100, 1)} % |`),
        "",
        "| hottest functions (self time) | where | share of busy CPU |",
        "| --- | --- | ---: |",
        ...profile.hottest.map((h) => `| \`${h.name}\` | ${h.where} | ${fmt(h.selfShare * 100, 1)} % |`),
      ]),
  "",
  "## Indicator checks: CPU per million values",
  "",
  ...(checks === undefined
    ? ["`test/bench/indicator-checks.ts` did not run in this run (see failures)."]
    : [
        `\`npm run bench:checks\` (test/bench/indicator-checks.ts): each check of the enterprise report over a synthetic enterprise of ${checks.devices} devices (CNCs, each fed by a declared meter) and ${fmt(checks.values)} values in one working day (${fmt(checks.frames)} frames); CPU time (user + system) per million values, median of ${checks.runs}. Loading the input (telemetry store, SQL) is not included.`,
        "",
        "| check | CPU per million values |",
        "| --- | ---: |",
        ...Object.entries(checks.cpuMicrosPerMillionValues).map(
          ([name, us]) => `| ${name} | ${fmt(us / 1000)} ms |`,
        ),
      ]),
  "",
  ...(fraudMarkdown === undefined
    ? [
        "## Fraud suite: confusion table",
        "",
        "The fraud suite did not produce a table in this run (BENCH_FRAUD=0 or a failure below).",
      ]
    : [fraudMarkdown]),
  "",
  "## Profiles: what they showed and what was changed",
  "",
  readFileSync(`${here}PROFILES.md`, "utf8").trim(),
  "",
  "## Not measured in this run",
  "",
  ...notMeasured.map((n) => `- ${n}`),
  "",
].join("\n");
writeFileSync(ONLY === undefined ? `${here}REPORT.md` : `${outDir}REPORT-partial.md`, markdown);
process.stdout.write(markdown);
