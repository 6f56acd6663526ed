// `npm run bench:ingest`: points/s end to end — MQTT QoS 1 in (embedded aedes) → signature and
// schema verification → dedupe/ledger commit (embedded PGlite) → InfluxDB 1.x `/write` → PUBACK —
// next to the raw write ceiling of the same InfluxDB in the same run (line protocol POSTed
// directly, 5,000-point batches, 1 and 4 connections). The ingest runs as its own process (the
// bin shim) so it does not share the publishers' event loop. Medians of RUNS runs; Markdown and
// JSON to test/bench/out/. Frames are signed before the clock starts: signing is the agent's cost.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import mqtt from "mqtt";
import { startInfluxd } from "../peers/influxd.js";
import { freePort } from "../peers/ports.js";
import { waitFor } from "../peers/wait.js";
import {
  type BenchGateway,
  connectGateways,
  type IngestChild,
  median,
  prepareState,
  publishBurst,
  signFrames,
  startIngest,
} from "./ingest-harness.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GATEWAYS = 4;
const FRAMES_PER_GATEWAY = Number(process.env.BENCH_FRAMES ?? 100);
const SAMPLES_PER_FRAME = 500;
const RAW_POINTS = 200_000;
const RAW_BATCH = 5000;
const outDir = fileURLToPath(new URL("./out/", import.meta.url));

async function postLines(url: string, body: string): Promise<void> {
  const response = await fetch(`${url}/write?db=raw&precision=ms`, { method: "POST", body });
  if (response.status !== 204) throw new Error(`raw write answered ${response.status}`);
}

/** The ceiling: the same kind of lines the ingest writes, posted straight to /write. */
async function rawCeiling(url: string, run: number, connections: number): Promise<number> {
  const base = Date.now() - 86_400_000 + run * RAW_POINTS;
  const batches: string[] = [];
  for (let b = 0; b < RAW_POINTS / RAW_BATCH; b++) {
    const lines: string[] = [];
    for (let i = 0; i < RAW_BATCH; i++) {
      const n = b * RAW_BATCH + i;
      lines.push(
        `onramp_device,device=d${n % 40},enterprise=bench,gateway=gw-${n % GATEWAYS},profile=bench/p@1.0.0 power_active=${n}.5 ${base + n}`,
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

const SHAPE = { frames: FRAMES_PER_GATEWAY, samplesPerFrame: SAMPLES_PER_FRAME };

async function endToEnd(mqttUrl: string, gateways: BenchGateway[], run: number): Promise<number> {
  const clients = await connectGateways(mqttUrl, gateways);
  const frames = gateways.map((gw) => signFrames(gw, run, SHAPE));
  const started = performance.now();
  await publishBurst(clients, gateways, frames);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.endAsync()));
  return (GATEWAYS * FRAMES_PER_GATEWAY * SAMPLES_PER_FRAME) / seconds;
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
  run: number,
) {
  const clients = await Promise.all(
    gateways.map((gw) => mqtt.connectAsync(naive.url, { clientId: `naive/${gw.id}` })),
  );
  const frames = gateways.map((gw) => signFrames(gw, run + 100, SHAPE));
  const target = naive.written() + GATEWAYS * FRAMES_PER_GATEWAY * SAMPLES_PER_FRAME;
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
  return (GATEWAYS * FRAMES_PER_GATEWAY * SAMPLES_PER_FRAME) / seconds;
}

async function main() {
  const influxd = await startInfluxd();
  for (const db of ["raw", "naive"])
    await fetch(`${influxd.url}/query?q=${encodeURIComponent(`CREATE DATABASE ${db}`)}`, { method: "POST" });
  const dataDir = fileURLToPath(new URL(`./out/ingest-bench-data-${process.pid}/`, import.meta.url));
  mkdirSync(dataDir, { recursive: true });
  const gateways = await prepareState(dataDir, GATEWAYS);
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  let ingest: IngestChild | undefined;
  const naive = await startNaive(influxd.url);
  try {
    ingest = await startIngest(httpPort, [
      "--data-dir",
      dataDir,
      "--mqtt-port",
      String(mqttPort),
      "--telemetry",
      "influx-v1",
      "--influx-url",
      influxd.url,
      "--influx-db",
      "onramp",
    ]);
    const results = {
      raw1: [] as number[],
      raw4: [] as number[],
      e2e: [] as number[],
      naive: [] as number[],
    };
    await naiveLoop(naive, gateways, RUNS); // warm-up
    await endToEnd(`mqtt://127.0.0.1:${mqttPort}`, gateways, RUNS); // warm-up (JIT, first InfluxDB shard)
    for (let run = 0; run < RUNS; run++) {
      results.raw1.push(await rawCeiling(influxd.url, run * 2, 1));
      results.raw4.push(await rawCeiling(influxd.url, run * 2 + 1, 4));
      results.e2e.push(await endToEnd(`mqtt://127.0.0.1:${mqttPort}`, gateways, run));
      results.naive.push(await naiveLoop(naive, gateways, run));
      process.stderr.write(
        `run ${run + 1}/${RUNS}: e2e ${Math.round(results.e2e[run] as number)} points/s\n`,
      );
    }
    const summary = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
      setup: {
        runs: RUNS,
        gateways: GATEWAYS,
        framesPerGateway: FRAMES_PER_GATEWAY,
        samplesPerFrame: SAMPLES_PER_FRAME,
        rawPoints: RAW_POINTS,
        rawBatch: RAW_BATCH,
      },
      pointsPerSecond: {
        endToEnd: median(results.e2e),
        rawOneConnection: median(results.raw1),
        rawFourConnections: median(results.raw4),
        naiveUnverified: median(results.naive),
      },
      runs: results,
    };
    const ratio = (summary.pointsPerSecond.endToEnd / summary.pointsPerSecond.rawOneConnection) * 100;
    const markdown = `# Ingest throughput — MQTT → verify → InfluxDB 1.x (${summary.date})

${summary.machine.cpus} cores (${summary.machine.model}), Node ${summary.machine.node}, InfluxDB 1.x from Debian; medians of ${RUNS} runs.
End to end: ${GATEWAYS} gateways × ${FRAMES_PER_GATEWAY} QoS 1 frames × ${SAMPLES_PER_FRAME} samples, acknowledged only once durable.

| path | points/s (median) |
| --- | ---: |
| end to end (MQTT → verify → ledger → InfluxDB, PUBACK after write) | ${Math.round(summary.pointsPerSecond.endToEnd)} |
| raw InfluxDB /write, 1 connection, ${RAW_BATCH}-point batches | ${Math.round(summary.pointsPerSecond.rawOneConnection)} |
| raw InfluxDB /write, 4 connections | ${Math.round(summary.pointsPerSecond.rawFourConnections)} |
| naive mqtt.js → /write loop, no verification, no ledger | ${Math.round(summary.pointsPerSecond.naiveUnverified)} |

End to end reaches ${ratio.toFixed(0)} % of the single-connection raw ceiling.
`;
    mkdirSync(outDir, { recursive: true });
    writeFileSync(`${outDir}ingest-throughput.json`, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(`${outDir}ingest-throughput.md`, markdown);
    process.stdout.write(markdown);
  } finally {
    naive.child.kill("SIGTERM");
    await ingest?.stop();
    await influxd.destroy();
    const { rmSync } = await import("node:fs");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
