// `npm run bench:ingest`: points/s end to end — MQTT QoS 1 in (embedded aedes) → signature and
// schema verification → dedupe/ledger commit (embedded PGlite) → InfluxDB 1.x `/write` → PUBACK —
// next to the raw write ceiling of the same InfluxDB in the same run: line protocol POSTed
// directly, one field per line (the plain ceiling) and the very lines the ingest writes for the
// same points (the ceiling for this layout), and a naive unverified loop. Two load shapes: the
// agent's (BENCH_GATEWAYS gateways, default 16, sending frames of the agent's default batch of
// 2,000 samples) and the previous report's (4 gateways, 500-sample frames). The embedded broker
// reads one publish at a time per connection until it is durable (broker/embedded.ts), so the
// number of gateways is the ingest's concurrency: a city's ingest serves hundreds. The ingest runs
// as its own process (the bin shim) so it does not share the publishers' event loop. Medians of
// RUNS runs; Markdown and JSON to test/bench/out/. Frames are signed before the clock starts:
// signing is the agent's cost.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import mqtt from "mqtt";
import { AgentConfig } from "../../edge-agent/src/config/schema.js";
import { toLineProtocol } from "../../ingest-service/src/store/line-protocol.js";
import type { TelemetryPoint } from "../../ingest-service/src/store/telemetry-store.js";
import { startInfluxd } from "../peers/influxd.js";
import { freePort } from "../peers/ports.js";
import { startPostgres } from "../peers/postgres.js";
import { waitFor } from "../peers/wait.js";
import {
  BENCH_ENT,
  type BenchGateway,
  connectGateways,
  type IngestChild,
  prepareState,
  publishBurst,
  signFrames,
  startIngest,
} from "./ingest-harness.js";
import { median } from "./median.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The agent's shape: its default batch (edge-agent config `batch.maxSamples`) from many gateways. */
const AGENT_SHAPE: LoadShape = {
  gateways: Number(process.env.BENCH_GATEWAYS ?? 16),
  frames: Number(process.env.BENCH_FRAMES ?? 10),
  samplesPerFrame: AgentConfig.shape.batch.parse(undefined).maxSamples,
};
/** The shape of the previous report (4 gateways × 100 frames × 500 samples), kept for comparison. */
const SMALL_SHAPE: LoadShape = { gateways: 4, frames: 100, samplesPerFrame: 500 };
const RAW_POINTS = 200_000;
const RAW_BATCH = 5000;
const outDir = fileURLToPath(new URL("./out/", import.meta.url));

async function postLines(url: string, body: string): Promise<void> {
  const response = await fetch(`${url}/write?db=raw&precision=ms`, { method: "POST", body });
  if (response.status !== 204) throw new Error(`raw write answered ${response.status}`);
}

/** The plain ceiling: one field per line, posted straight to /write in 5,000-line batches. */
async function rawCeiling(url: string, run: number, connections: number): Promise<number> {
  const base = Date.now() - 86_400_000 + run * RAW_POINTS;
  const batches: string[] = [];
  for (let b = 0; b < RAW_POINTS / RAW_BATCH; b++) {
    const lines: string[] = [];
    for (let i = 0; i < RAW_BATCH; i++) {
      const n = b * RAW_BATCH + i;
      lines.push(
        `onramp_device,device=d${n % 40},enterprise=bench,gateway=gw-${n % 4},profile=bench/p@1.0.0 power_active=${n}.5 ${base + n}`,
      );
    }
    batches.push(lines.join("\n"));
  }
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < batches.length) await postLines(url, batches[next++] as string);
    }),
  );
  return RAW_POINTS / ((performance.now() - started) / 1000);
}

interface LoadShape {
  gateways: number;
  frames: number;
  samplesPerFrame: number;
}
const pointsOf = (shape: LoadShape) => shape.gateways * shape.frames * shape.samplesPerFrame;
const frameShape = (shape: LoadShape) => ({ frames: shape.frames, samplesPerFrame: shape.samplesPerFrame });

/**
 * The ceiling for the ingest's own layout: the lines the ingest writes for one run of the agent
 * shape's frames (one line per device and timestamp, a field per signal — toLineProtocol itself),
 * posted straight to /write, one connection, batches of ≤ 5,000 lines as the ingest posts them.
 */
async function ingestLinesCeiling(url: string, gateways: BenchGateway[], run: number): Promise<number> {
  const points: TelemetryPoint[] = [];
  const base = Date.now() - 2 * 86_400_000 + run * pointsOf(AGENT_SHAPE);
  for (const gw of gateways.slice(0, AGENT_SHAPE.gateways)) {
    for (let f = 0; f < AGENT_SHAPE.frames; f++) {
      for (let i = 0; i < AGENT_SHAPE.samplesPerFrame; i++) {
        points.push({
          ent: BENCH_ENT,
          gw: gw.id,
          dev: `dev-${f % 10}`,
          profile: "unknown",
          signal: `signal_${i % 50}`,
          t: base + f * 100 + Math.floor(i / 50),
          value: f + i / 1000,
          quality: "good",
        });
      }
    }
  }
  const lines = toLineProtocol(points);
  const started = performance.now();
  for (let i = 0; i < lines.length; i += RAW_BATCH)
    await postLines(url, lines.slice(i, i + RAW_BATCH).join("\n"));
  return points.length / ((performance.now() - started) / 1000);
}

async function endToEnd(mqttUrl: string, gateways: BenchGateway[], shape: LoadShape, run: number) {
  const senders = gateways.slice(0, shape.gateways);
  const clients = await connectGateways(mqttUrl, senders);
  const frames = senders.map((gw) => signFrames(gw, run, frameShape(shape)));
  const started = performance.now();
  await publishBurst(clients, senders, frames);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.endAsync()));
  return pointsOf(shape) / seconds;
}

/**
 * Second baseline: a naive mqtt.js subscriber writing to InfluxDB without verification (no
 * signature, schema, ledger or dedupe; PUBACK from the broker, not after the write), with its own
 * aedes in the same child process as the ingest embeds its broker. The bundled InfluxDB is 1.6,
 * which has no /api/v2/write for @influxdata/influxdb-client, so it posts line protocol to
 * /write in 5,000-point batches as influxdb-client's write API would batch.
 */
const NAIVE_SCRIPT = `import net from "node:net"; import { Aedes } from "aedes"; import mqtt from "mqtt";
const [port, influx] = [Number(process.argv[1]), process.argv[2]];
const broker = await Aedes.createBroker();
await new Promise((r) => net.createServer(broker.handle).listen(port, "127.0.0.1", r));
const client = await mqtt.connectAsync("mqtt://127.0.0.1:" + port, { clientId: "naive" });
let lines = [], written = 0, chain = Promise.resolve();
const flush = () => { const body = lines.join("\\n"), n = lines.length; lines = [];
  chain = chain.then(() => fetch(influx + "/write?db=naive&precision=ms", { method: "POST", body }))
    .then((r) => { if (r.status !== 204) throw new Error("write " + r.status); written += n; console.log("W " + written); }); };
client.on("message", (topic, payload) => {
  const body = JSON.parse(Buffer.from(JSON.parse(payload.toString()).payload, "base64url").toString());
  for (const d of body.devices) for (const s of d.samples)
    lines.push("onramp_device,device=" + d.dev + ",enterprise=" + body.ent + ",gateway=" + body.gw + " " + s.s + "=" + s.v + " " + s.t);
  if (lines.length >= ${RAW_BATCH}) flush();
});
setInterval(() => { if (lines.length > 0) flush(); }, 100);
await client.subscribeAsync("onramp/v1/+/+/data", { qos: 1 });
console.log("READY");`;

async function startNaive(
  influxUrl: string,
): Promise<{ child: ChildProcess; written: () => number; url: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--input-type=module", "-e", NAIVE_SCRIPT, String(port), influxUrl],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let written = 0;
  let ready = false;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    if (line === "READY") ready = true;
    else if (line.startsWith("W ")) written = Number(line.slice(2));
  });
  await waitFor("the naive loop to be ready", () => ready, { timeoutMs: 20_000, intervalMs: 20 });
  return { child, written: () => written, url: `mqtt://127.0.0.1:${port}` };
}

async function naiveLoop(
  naive: Awaited<ReturnType<typeof startNaive>>,
  gateways: BenchGateway[],
  shape: LoadShape,
  run: number,
) {
  const senders = gateways.slice(0, shape.gateways);
  const clients = await Promise.all(
    senders.map((gw) => mqtt.connectAsync(naive.url, { clientId: `naive/${gw.id}` })),
  );
  const frames = senders.map((gw) => signFrames(gw, run + 100, frameShape(shape)));
  const target = naive.written() + pointsOf(shape);
  const started = performance.now();
  await Promise.all(
    clients.map((c, g) =>
      Promise.all(
        (frames[g] as Buffer[]).map((f) => c.publishAsync(`onramp/v1/bench/gw-${g}/data`, f, { qos: 1 })),
      ),
    ),
  );
  await waitFor("the naive loop to write every point", () => naive.written() >= target, {
    timeoutMs: 120_000,
    intervalMs: 2,
  });
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.endAsync()));
  return pointsOf(shape) / seconds;
}

async function main() {
  const influxd = await startInfluxd();
  for (const db of ["raw", "naive"])
    await fetch(`${influxd.url}/query?q=${encodeURIComponent(`CREATE DATABASE ${db}`)}`, { method: "POST" });
  const dataDir = fileURLToPath(new URL(`./out/ingest-bench-data-${process.pid}/`, import.meta.url));
  mkdirSync(dataDir, { recursive: true });
  const gateways = await prepareState(dataDir, Math.max(AGENT_SHAPE.gateways, SMALL_SHAPE.gateways));
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  // The production state store beside the embedded one: PostgreSQL, fsync on, its own process.
  const postgres = await startPostgres({ fsync: true });
  const postgresUrl = await postgres.createDatabase("bench_throughput");
  const pgDataDir = `${dataDir}pg/`;
  mkdirSync(pgDataDir, { recursive: true });
  const pgGateways = await prepareState(pgDataDir, AGENT_SHAPE.gateways, postgresUrl);
  const [pgHttpPort, pgMqttPort] = [await freePort(), await freePort()];
  let ingest: IngestChild | undefined;
  let pgIngest: IngestChild | undefined;
  const naive = await startNaive(influxd.url);
  try {
    const ingestArgs = (mqttPort: number, db: string) => [
      "--mqtt-port",
      String(mqttPort),
      "--telemetry",
      "influx-v1",
      "--influx-url",
      influxd.url,
      "--influx-db",
      db,
    ];
    ingest = await startIngest(httpPort, ["--data-dir", dataDir, ...ingestArgs(mqttPort, "onramp")]);
    pgIngest = await startIngest(
      pgHttpPort,
      ["--data-dir", pgDataDir, ...ingestArgs(pgMqttPort, "onramp_pg")],
      {
        ONRAMP_POSTGRES_URL: postgresUrl,
      },
    );
    const results = {
      raw1: [] as number[],
      raw4: [] as number[],
      rawIngestLines: [] as number[],
      e2e: [] as number[],
      e2eSmall: [] as number[],
      e2ePostgres: [] as number[],
      naive: [] as number[],
    };
    const pgMqttUrl = `mqtt://127.0.0.1:${pgMqttPort}`;
    const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
    await naiveLoop(naive, gateways, AGENT_SHAPE, RUNS); // warm-up
    await endToEnd(mqttUrl, gateways, AGENT_SHAPE, RUNS); // warm-up (JIT, first InfluxDB shard)
    await endToEnd(mqttUrl, gateways, SMALL_SHAPE, RUNS + 1);
    await endToEnd(pgMqttUrl, pgGateways, AGENT_SHAPE, RUNS);
    for (let run = 0; run < RUNS; run++) {
      results.raw1.push(await rawCeiling(influxd.url, run * 2, 1));
      results.raw4.push(await rawCeiling(influxd.url, run * 2 + 1, 4));
      results.rawIngestLines.push(await ingestLinesCeiling(influxd.url, gateways, run));
      results.e2e.push(await endToEnd(mqttUrl, gateways, AGENT_SHAPE, run));
      results.e2eSmall.push(await endToEnd(mqttUrl, gateways, SMALL_SHAPE, RUNS + 2 + run));
      results.e2ePostgres.push(await endToEnd(pgMqttUrl, pgGateways, AGENT_SHAPE, run));
      results.naive.push(await naiveLoop(naive, gateways, AGENT_SHAPE, run));
      process.stderr.write(
        `run ${run + 1}/${RUNS}: e2e ${Math.round(results.e2e[run] as number)} points/s (small frames ${Math.round(results.e2eSmall[run] as number)}, PostgreSQL state ${Math.round(results.e2ePostgres[run] as number)})\n`,
      );
    }
    const summary = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
      setup: {
        runs: RUNS,
        gateways: AGENT_SHAPE.gateways,
        framesPerGateway: AGENT_SHAPE.frames,
        samplesPerFrame: AGENT_SHAPE.samplesPerFrame,
        small: SMALL_SHAPE,
        rawPoints: RAW_POINTS,
        rawBatch: RAW_BATCH,
      },
      pointsPerSecond: {
        endToEnd: median(results.e2e),
        endToEndSmallFrames: median(results.e2eSmall),
        endToEndPostgres: median(results.e2ePostgres),
        rawOneConnection: median(results.raw1),
        rawFourConnections: median(results.raw4),
        rawIngestLines: median(results.rawIngestLines),
        naiveUnverified: median(results.naive),
      },
      runs: results,
      /** The ingest processes' pids: a BENCH_CPU_PROFILE file is named after its process's pid. */
      pids: { embedded: ingest.pid, postgres: pgIngest.pid },
    };
    const pps = summary.pointsPerSecond;
    const percent = (a: number, b: number) => `${((a / b) * 100).toFixed(0)} %`;
    const markdown = `# Ingest throughput — MQTT → verify → InfluxDB 1.x (${summary.date})

${summary.machine.cpus} cores (${summary.machine.model}), Node ${summary.machine.node}, InfluxDB 1.x from Debian; medians of ${RUNS} runs.
End to end: ${AGENT_SHAPE.gateways} gateways × ${AGENT_SHAPE.frames} QoS 1 frames × ${AGENT_SHAPE.samplesPerFrame} samples (the agent's batch), acknowledged only once durable;
small frames: ${SMALL_SHAPE.gateways} gateways × ${SMALL_SHAPE.frames} × ${SMALL_SHAPE.samplesPerFrame}.

| path | points/s (median) |
| --- | ---: |
| end to end (MQTT → verify → ledger → InfluxDB, PUBACK after write) | ${Math.round(pps.endToEnd)} |
| end to end, small frames | ${Math.round(pps.endToEndSmallFrames)} |
| end to end, state in PostgreSQL (fsync on) instead of the embedded PGlite | ${Math.round(pps.endToEndPostgres)} |
| raw InfluxDB /write, 1 connection, ${RAW_BATCH} one-field lines per batch | ${Math.round(pps.rawOneConnection)} |
| raw InfluxDB /write, 4 connections | ${Math.round(pps.rawFourConnections)} |
| raw InfluxDB /write of the ingest's own lines (a field per signal), 1 connection | ${Math.round(pps.rawIngestLines)} |
| naive mqtt.js → /write loop, no verification, no ledger | ${Math.round(pps.naiveUnverified)} |

End to end reaches ${percent(pps.endToEnd, pps.rawOneConnection)} of the single-connection raw ceiling and ${percent(pps.endToEnd, pps.rawIngestLines)} of the ceiling for the ingest's own lines.
`;
    mkdirSync(outDir, { recursive: true });
    writeFileSync(`${outDir}ingest-throughput.json`, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(`${outDir}ingest-throughput.md`, markdown);
    process.stdout.write(markdown);
  } finally {
    naive.child.kill("SIGTERM");
    await ingest?.stop();
    await pgIngest?.stop();
    await postgres.stop();
    await influxd.destroy();
    const { rmSync } = await import("node:fs");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
