// `npm run bench:edge`: samples/s through the edge agent's hot path on one core — profile decode
// (Modbus registers → engineering values) → report-by-exception → batch → Ed25519-signed frame →
// SQLite spool (WAL, fsync per frame) → MQTT QoS 1 publish → PUBACK → removal from the spool —
// against an aedes broker in a child process (so the broker does not share the agent's core),
// and the agent's RSS with 100 devices × 50 signals. Writes Markdown and JSON to test/bench/out/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ContractVersionNumber, generateGatewayKey } from "@onramp/contract";
import { compileProfile, Profile } from "@onramp/profiles";
import pino from "pino";
import { createFrameBuilder } from "../../edge-agent/src/pipeline/frame-builder.js";
import { Pipeline } from "../../edge-agent/src/pipeline/pipeline.js";
import { Publisher } from "../../edge-agent/src/publish/publisher.js";
import { openSqliteSpool } from "../../edge-agent/src/spool/sqlite-spool.js";
import { waitFor } from "../peers/wait.js";
import { startAedesChild } from "./aedes-child.js";

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100);
const SIGNALS = 50;
const CYCLES = Number(process.env.BENCH_CYCLES ?? 200);
/**
 * Data frame version the agent signs (BENCH_FRAME_VERSION=1|2, default 2 as the agent sends):
 * `npm run bench` runs both, so "edge samples per CPU-second does not fall" (issue 16) compares
 * the v2 pipeline with a v1 build of the same run.
 */
const frameVersion = Number(process.env.BENCH_FRAME_VERSION ?? 2);
if (frameVersion !== 1 && frameVersion !== 2) throw new Error("BENCH_FRAME_VERSION must be 1 or 2");
const FRAME_VERSION: ContractVersionNumber = frameVersion;
const outDir = fileURLToPath(new URL("./out/", import.meta.url));

const profile = compileProfile(
  Profile.parse({
    schemaVersion: 1,
    id: "bench/plc-50",
    version: "1.0.0",
    vendor: "Onramp",
    model: "bench",
    class: "plc",
    protocol: "modbus",
    source: { kind: "template", document: "edge-pipeline benchmark", note: "synthetic" },
    defaults: { pollIntervalMs: 1000, heartbeatMs: 60_000 },
    signals: Array.from({ length: SIGNALS }, (_, i) => ({
      id: `value_${i}`,
      role: "temperature",
      type: "number",
      unit: "Cel",
      scale: 0.1,
      source: { modbus: { table: "holding", address: i, dataType: "int16" } },
    })),
  }),
);

interface Result {
  synchronous: "FULL" | "NORMAL";
  samples: number;
  frames: number;
  seconds: number;
  samplesPerSecond: number;
  framesPerSecond: number;
  rssMiB: number;
  heapUsedMiB: number;
  /** Samples per second of this process's CPU time (user + system): the per-core figure. */
  samplesPerCpuSecond: number;
}

async function run(url: string, synchronous: "FULL" | "NORMAL"): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), "onramp-bench-"));
  const logger = pino({ level: "silent" });
  const spool = openSqliteSpool({
    path: join(dir, "spool.db"),
    maxBytes: 1024 ** 3,
    maxAgeMs: 1e12,
    synchronous,
  });
  const frames = createFrameBuilder({
    ent: "bench",
    gw: "gw-1",
    signer: generateGatewayKey(),
    agent: { name: "bench", version: "0" },
    contractVersion: FRAME_VERSION,
  });
  let publisher: Publisher | undefined;
  const pipeline = new Pipeline({
    frames,
    spool,
    logger,
    now: Date.now,
    batch: { maxSamples: 2000, maxAgeMs: 1000 },
    onSpooled: () => publisher?.pump(),
  });
  publisher = new Publisher({
    url,
    clientId: `bench-${synchronous}`,
    keepaliveSeconds: 30,
    connectTimeoutMs: 10_000,
    reconnectMinMs: 100,
    reconnectMaxMs: 1000,
    maxInflight: 20,
    catchUpFramesPerSecond: 100_000,
    spool,
    frames,
    birthDevices: () => [],
    onCmd: () => {},
    logger,
    now: Date.now,
  });
  for (let d = 0; d < DEVICES; d++) pipeline.addDevice(`plc-${d}`, profile);
  publisher.start();
  await waitFor("the broker connection", () => publisher?.isConnected, { timeoutMs: 10_000 });
  const [group] = profile.readPlan;
  const reads = group?.reads ?? [];
  const registers = new Array<number>(SIGNALS);
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    for (let d = 0; d < DEVICES; d++) {
      // Every value changes every cycle, so report-by-exception passes all of them: the worst case.
      for (let i = 0; i < SIGNALS; i++) registers[i] = (cycle * 7 + d + i) % 30_000;
      const ts = Date.now();
      const samples = reads.flatMap((read) =>
        profile.decodeModbusRead(read, registers.slice(read.address, read.address + read.count), ts),
      );
      pipeline.sink.samples(`plc-${d}`, samples);
    }
    // Backpressure as on a gateway: polling does not outrun the link for long.
    if (spool.stats().frames > 200)
      await waitFor("the spool to drain", () => spool.stats().frames < 50, {
        timeoutMs: 60_000,
        intervalMs: 1,
      });
  }
  pipeline.flush();
  await waitFor("every frame acknowledged", () => spool.stats().frames === 0, {
    timeoutMs: 120_000,
    intervalMs: 1,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const memory = process.memoryUsage();
  const samples = pipeline.counters.samplesReported;
  const sent = publisher.stats().framesAcked;
  await publisher.stop(1000);
  spool.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    synchronous,
    samples,
    frames: sent,
    seconds: Math.round(seconds * 100) / 100,
    samplesPerSecond: Math.round(samples / seconds),
    framesPerSecond: Math.round(sent / seconds),
    rssMiB: Math.round((memory.rss / 1024 ** 2) * 10) / 10,
    heapUsedMiB: Math.round((memory.heapUsed / 1024 ** 2) * 10) / 10,
    samplesPerCpuSecond: Math.round(samples / ((cpu.user + cpu.system) / 1e6)),
  };
}

// The process before any device exists (Node + tsx + better-sqlite3 + mqtt loaded): what the 100 × 50 adds is the difference.
const baselineRssMiB = Math.round((process.memoryUsage().rss / 1024 ** 2) * 10) / 10;
const broker = await startAedesChild();
try {
  const results = [await run(broker.url, "FULL"), await run(broker.url, "NORMAL")];
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
  const rows = results.map(
    (r) =>
      `| ${r.synchronous} | ${r.samples} | ${r.frames} | ${r.seconds} | ${r.samplesPerSecond} | ${r.framesPerSecond} | ${r.rssMiB} | ${r.heapUsedMiB} |`,
  );
  const markdown = [
    "# Edge pipeline benchmark",
    "",
    `${DEVICES} devices × ${SIGNALS} signals, ${CYCLES} poll cycles, every value changing (no report-by-exception savings);`,
    "decode → RBE → batch (2,000 samples) → sign (Ed25519 JWS) → SQLite spool (WAL) → MQTT QoS 1 → PUBACK → spool delete,",
    `data frames in contract version ${FRAME_VERSION}; agent on one thread, aedes in a child process. Machine: ${machine}.`,
    `RSS of the process before any device was added: ${baselineRssMiB} MiB (Node, tsx, SQLite, mqtt.js loaded).`,
    "",
    "| spool synchronous | samples | frames | s | samples/s | frames/s | RSS MiB | heap MiB |",
    "|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "edge-pipeline.md"), markdown);
  writeFileSync(
    join(outDir, "edge-pipeline.json"),
    `${JSON.stringify({ machine, devices: DEVICES, signals: SIGNALS, cycles: CYCLES, frameVersion: FRAME_VERSION, baselineRssMiB, results }, null, 2)}\n`,
  );
  process.stdout.write(markdown);
} finally {
  broker.child.kill("SIGTERM");
}
