// `npm run bench:sparkplug` (issue 20): values/s and ingest CPU per million values for Sparkplug B
// data, next to the signed path in the same run on the same shape — 10 devices × 20 timestamps ×
// 10 numeric signals (2,000 values) per batch. The signed path sends a batch as one frame (an
// agent batches devices together); Sparkplug B addresses one device per DDATA (§6.4.1), so its
// batch is 10 DDATA messages of 200 metrics, each metric by alias with its own timestamp, as
// Tahu encodes them. The ingest runs as its own process (the bin shim) with embedded PGlite state
// and InfluxDB 1.x for telemetry, as `bench:ingest` runs it; the signed frames come over its embedded broker (QoS 1, one
// gateway), the Sparkplug messages over Mosquitto (QoS 0, one edge node: what Tahu's client
// sends). Payloads are encoded and signed before the clock starts. CPU is the ingest process's
// user + system time (/proc) over the window. Medians of RUNS runs; JSON and Markdown to out/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeFrame } from "@onramp/contract";
import mqtt from "mqtt";
import sparkplugPayload from "sparkplug-payload";
import { SparkplugMappings } from "../../ingest-service/src/sparkplug/mappings.js";
import { openState } from "../../ingest-service/src/state/open-state.js";
import { startInfluxd } from "../peers/influxd.js";
import { startMosquitto } from "../peers/mosquitto.js";
import { freePort } from "../peers/ports.js";
import { waitFor } from "../peers/wait.js";
import {
  BENCH_ENT,
  type BenchGateway,
  connectGateways,
  dataTopic,
  prepareState,
  startIngest,
} from "./ingest-harness.js";
import { median } from "./median.js";
import { cpuSecondsOf } from "./process-cpu.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 50);
const DEVICES = 10;
const TIMESTAMPS = 20;
const SIGNALS = 10;
const VALUES_PER_BATCH = DEVICES * TIMESTAMPS * SIGNALS;
const PROFILE = "bench/sparkplug-meter@1.0.0";
const outDir = fileURLToPath(new URL("./out/", import.meta.url));
const codec = sparkplugPayload.get("spBv1.0");
if (codec === null) throw new Error("sparkplug-payload has no spBv1.0 codec");

/** A profile of SIGNALS numeric signals with a sparkplug section M0… → signal_0…. */
function writeProfile(dir: string): void {
  const signals = Array.from(
    { length: SIGNALS },
    (_, i) =>
      `  - { id: signal_${i}, role: other, type: number, source: { modbus: { table: holding, address: ${i}, dataType: uint16 } } }`,
  );
  const metrics = Array.from({ length: SIGNALS }, (_, i) => `    M${i}: signal_${i}`);
  writeFileSync(
    join(dir, "bench-sparkplug-meter.yaml"),
    [
      "schemaVersion: 1",
      "id: bench/sparkplug-meter",
      'version: "1.0.0"',
      "vendor: Bench",
      "model: Sparkplug meter",
      "class: plc",
      "protocol: modbus",
      "source: { kind: template, document: bench profile, note: bench only }",
      "signals:",
      ...signals,
      "sparkplug:",
      "  metrics:",
      ...metrics,
      "",
    ].join("\n"),
  );
}

/** Signed frames: each one batch, 10 devices × 20 timestamps × 10 signals. */
function signedBatches(gw: BenchGateway, run: number): Buffer[] {
  const t0 = Date.now() - 43_200_000 + run * BATCHES * TIMESTAMPS * 10;
  return Array.from({ length: BATCHES }, (_, b) => {
    const devices = Array.from({ length: DEVICES }, (_, d) => ({
      dev: `dev-${d}`,
      samples: Array.from({ length: TIMESTAMPS * SIGNALS }, (_, i) => ({
        s: `signal_${i % SIGNALS}`,
        v: b + i / 1000,
        q: "good" as const,
        t: t0 + (b * TIMESTAMPS + Math.floor(i / SIGNALS)) * 10,
      })),
    }));
    const sess = `benchsigned${run}`.padEnd(16, "x");
    return encodeFrame(
      { v: 1, kind: "data", ent: BENCH_ENT, gw: gw.id, sess, seq: b, ts: Date.now(), devices },
      gw.key,
    );
  });
}

const encode = (payload: Parameters<NonNullable<typeof codec>["encodePayload"]>[0]) =>
  Buffer.from((codec as NonNullable<typeof codec>).encodePayload(payload));

/** Births (seq 0 …) then BATCHES × 10 DDATA, aliases only, seq continuing mod 256. */
function sparkplugMessages(run: number): { topic: string; payload: Buffer }[] {
  const base = "spBv1.0/Bench/";
  const out: { topic: string; payload: Buffer }[] = [];
  let seq = 0;
  const birthTs = Date.now() + run;
  out.push({
    topic: `${base}NBIRTH/edge-0`,
    payload: encode({
      timestamp: birthTs,
      seq: seq++,
      metrics: [{ name: "bdSeq", type: "UInt64", value: run }],
    }),
  });
  for (let d = 0; d < DEVICES; d++) {
    const metrics = Array.from({ length: SIGNALS }, (_, i) => ({
      name: `M${i}`,
      alias: d * SIGNALS + i,
      type: "Double" as const,
      value: 0,
    }));
    out.push({
      topic: `${base}DBIRTH/edge-0/D${d}`,
      payload: encode({ timestamp: birthTs, seq: seq++ % 256, metrics }),
    });
  }
  const t0 = Date.now() - 40_000_000 + run * BATCHES * TIMESTAMPS * 10;
  for (let b = 0; b < BATCHES; b++) {
    for (let d = 0; d < DEVICES; d++) {
      const metrics = Array.from({ length: TIMESTAMPS * SIGNALS }, (_, i) => ({
        alias: d * SIGNALS + (i % SIGNALS),
        type: "Double" as const,
        value: b + i / 1000,
        timestamp: t0 + (b * TIMESTAMPS + Math.floor(i / SIGNALS)) * 10,
      }));
      out.push({
        topic: `${base}DDATA/edge-0/D${d}`,
        payload: encode({ timestamp: Date.now(), seq: seq++ % 256, metrics }),
      });
    }
  }
  return out;
}

interface Figures {
  valuesPerSecond: number;
  cpuSecondsPerMillion: number;
}

async function measure(
  pid: number,
  written: () => Promise<number>,
  target: number,
  send: () => Promise<void>,
) {
  const cpu0 = cpuSecondsOf(pid);
  const started = performance.now();
  await send();
  await waitFor("every value written", async () => (await written()) >= target, {
    timeoutMs: 600_000,
    intervalMs: 50,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSecondsOf(pid) - cpu0;
  const values = BATCHES * VALUES_PER_BATCH;
  return { valuesPerSecond: values / seconds, cpuSecondsPerMillion: (cpu * 1e6) / values };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "onramp-bench-sparkplug-"));
  const broker = await startMosquitto();
  const influxd = await startInfluxd();
  const profiles = join(dir, "profiles");
  mkdirSync(profiles);
  writeProfile(profiles);
  const dataDir = join(dir, "data");
  const [gw] = (await prepareState(dataDir, 1)) as [BenchGateway];
  const sql = await openState({ dataDir });
  const mappings = new SparkplugMappings(sql);
  await mappings.mapEdge(
    { group: "Bench", edge: "edge-0", ent: BENCH_ENT, gw: "spb-0", registeredBy: "bench" },
    Date.now(),
  );
  for (let d = 0; d < DEVICES; d++)
    await mappings.mapDevice(
      {
        ent: BENCH_ENT,
        gw: "spb-0",
        spDevice: `D${d}`,
        dev: `spdev-${d}`,
        profile: PROFILE,
        registeredBy: "bench",
      },
      Date.now(),
    );
  await sql.close();
  const mqttPort = await freePort();
  const config = join(dir, "config.json");
  writeFileSync(
    config,
    JSON.stringify({
      dataDir,
      profilesDir: profiles,
      telemetry: { kind: "influx-v1", url: influxd.url, db: "onramp" },
      broker: { mode: "embedded", host: "127.0.0.1", port: mqttPort },
      sparkplug: { url: broker.url, hostId: "onramp-bench", maxPendingCommits: 256 },
      bureauWarmup: { enabled: false },
      copiedStreamScan: { enabled: false },
    }),
  );
  const ingest = await startIngest(await freePort(), ["--config", config]);
  const signed: Figures[] = [];
  const spb: Figures[] = [];
  try {
    const points = () => ingest.metric("onramp_ingest_points_written_total");
    for (let run = 0; run < RUNS; run++) {
      const frames = signedBatches(gw, run);
      // Connected per run: an idle connection of a loaded machine may miss its keepalive, and
      // mqtt.js would then queue the publishes forever (reconnectPeriod 0, as the agent's bench).
      const [gateway] = await connectGateways(`mqtt://127.0.0.1:${mqttPort}`, [gw]);
      const before = await points();
      signed.push(
        await measure(ingest.pid, points, before + BATCHES * VALUES_PER_BATCH, async () => {
          await Promise.all(frames.map((f) => gateway?.publishAsync(dataTopic(gw), f, { qos: 1 })));
        }),
      );
      await gateway?.endAsync(true);
      const messages = sparkplugMessages(run);
      const edge = await mqtt.connectAsync(broker.url, { clientId: "bench-edge-0", reconnectPeriod: 0 });
      const spBefore = await points();
      spb.push(
        await measure(ingest.pid, points, spBefore + BATCHES * VALUES_PER_BATCH, async () => {
          for (const m of messages) await edge.publishAsync(m.topic, m.payload, { qos: 0 });
        }),
      );
      await edge.endAsync(true);
      process.stderr.write(
        `[sparkplug-bench] run ${run + 1}/${RUNS}: signed ${signed.at(-1)?.valuesPerSecond.toFixed(0)} values/s, sparkplug ${spb.at(-1)?.valuesPerSecond.toFixed(0)} values/s\n`,
      );
    }
    const dropped = await ingest.metric("onramp_sparkplug_drops_total");
    const summary = (f: Figures[]) => ({
      valuesPerSecond: median(f.map((x) => x.valuesPerSecond)),
      cpuSecondsPerMillion: median(f.map((x) => x.cpuSecondsPerMillion)),
      runs: f,
    });
    const result = {
      shape: { devices: DEVICES, timestamps: TIMESTAMPS, signals: SIGNALS, batches: BATCHES },
      signed: summary(signed),
      sparkplug: { ...summary(spb), droppedMessages: dropped },
    };
    const ratio = result.sparkplug.valuesPerSecond / result.signed.valuesPerSecond;
    const markdown = [
      "| path (10 devices × 20 timestamps × 10 signals per batch) | values/s | ingest CPU s per million values | runs |",
      "| --- | --- | --- | --- |",
      `| signed frames (embedded broker, QoS 1, one gateway) | ${result.signed.valuesPerSecond.toFixed(0)} | ${result.signed.cpuSecondsPerMillion.toFixed(2)} | ${RUNS} |`,
      `| Sparkplug B (Mosquitto, QoS 0, one edge node) | ${result.sparkplug.valuesPerSecond.toFixed(0)} (× ${ratio.toFixed(2)}) | ${result.sparkplug.cpuSecondsPerMillion.toFixed(2)} | ${RUNS} |`,
    ].join("\n");
    mkdirSync(outDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    writeFileSync(
      `${outDir}sparkplug-ingest-${stamp}.json`,
      `${JSON.stringify({ ...result, markdown }, null, 2)}\n`,
    );
    process.stdout.write(`${markdown}\n`);
  } finally {
    await ingest.stop();
    await broker.stop();
    await influxd.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
