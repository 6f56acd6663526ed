// `npm run bench:latency`: latency from a sample's source time to its durable write, at half the
// peak load, through MQTT QoS 1 (embedded aedes) → verify → ledger (PGlite) → InfluxDB 1.x. The
// embedded broker sends the PUBACK only after the points are written and the ledger row
// committed (ingest-service/src/broker/embedded.ts: the write runs inside `authorizePublish`,
// which aedes completes before `enqueuePublish` writes the PUBACK), so the PUBACK's arrival at the
// publisher is the moment the sample is durable, read on the publisher's own clock.
//
// 1. Peak: the throughput bench's burst (every pre-signed frame at once, timed to the last PUBACK)
//    with agent-sized frames (BATCH_MAX_SAMPLES), median of RUNS bursts after a warm-up.
// 2. Paced: LOAD_SHARE of that peak for WINDOW_S seconds, spread over GATEWAYS emulated agents.
//    Each sample gets its source time on the emulated device's schedule; samples accumulate as the
//    agent's batcher does (edge-agent/src/config/schema.ts defaults: a frame closes at 2,000
//    samples or when its oldest sample is 1,000 ms old) and the frame is signed when it closes.
// 3. Baseline, same run and same paced load: the same batches, as the ingest's own line protocol,
//    POSTed straight to InfluxDB /write — the floor any design with this batching and this store
//    has (batching wait + one write); the difference is MQTT + verification + ledger + queueing.
//    The naive loop is not a baseline here: its broker acks before the write, so it has no
//    "durable" moment the publisher could see.
// Medians over RUNS interleaved runs; JSON and Markdown to test/bench/out/.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { encodeFrame, type Sample } from "@onramp/contract";
import type { MqttClient } from "mqtt";
import { AgentConfig } from "../../edge-agent/src/config/schema.js";
import { toLineProtocol } from "../../ingest-service/src/store/line-protocol.js";
import type { TelemetryPoint } from "../../ingest-service/src/store/telemetry-store.js";
import { startInfluxd } from "../peers/influxd.js";
import { freePort } from "../peers/ports.js";
import {
  BENCH_ENT,
  type BenchGateway,
  connectGateways,
  dataTopic,
  type IngestChild,
  prepareState,
  publishBurst,
  signFrames,
  startIngest,
} from "./ingest-harness.js";
import { median } from "./median.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 10);
const GATEWAYS = 4;
const LOAD_SHARE = 0.5;
/** The agent's batch defaults, read from its config schema so the bench follows them. */
const { maxSamples: BATCH_MAX_SAMPLES, maxAgeMs: BATCH_MAX_AGE_MS } =
  AgentConfig.shape.batch.parse(undefined);
/** How often the emulated devices hand samples to the batcher (a 10 ms poll-cycle granularity). */
const TICK_MS = 10;
/** Peak bursts: 200,000 points as in the throughput bench, in frames as large as the agent's. */
const PEAK_FRAMES_PER_GATEWAY = 25;
const outDir = fileURLToPath(new URL("./out/", import.meta.url));
/** One clock for source times and PUBACKs: epoch ms with sub-ms resolution. */
const now = () => performance.timeOrigin + performance.now();

interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

function percentiles(values: Float64Array): Percentiles {
  const sorted = values.slice().sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] as number };
}

/** A closed batch: its samples and their exact source times (the frame carries them in whole ms). */
interface Batch {
  samples: { dev: string; sample: Sample }[];
  sourceTimes: number[];
}

/** Delivers one closed batch durably and resolves with the time it was confirmed. */
type Deliver = (gw: BenchGateway, batch: Batch, seq: number) => Promise<{ sentAt: number; doneAt: number }>;

interface PacedResult {
  offeredPointsPerSecond: number;
  points: number;
  samples: Percentiles;
  /** Frame closed → sent: signing (MQTT path) or line-protocol encoding (raw). */
  batching: Percentiles;
  /** Sent → confirmed: publish → PUBACK, or POST → 204. */
  delivery: Percentiles;
  frames: number;
}

/**
 * Emulated agents: each gateway's devices produce `rate / GATEWAYS` samples per second on a fixed
 * schedule (sample k is due at start + k / rate). A sample's source time is its due time, not the
 * moment a late timer got to it, so any lag of this process counts against the measured latency.
 */
async function runPaced(gateways: BenchGateway[], rate: number, deliver: Deliver): Promise<PacedResult> {
  const perGateway = rate / gateways.length;
  const start = now() + 50;
  const end = start + WINDOW_S * 1000;
  const state = gateways.map(() => ({
    emitted: 0,
    seq: 0,
    pending: [] as Batch["samples"],
    times: [] as number[],
  }));
  const sampleLatencies: number[] = [];
  const batchingLatencies: number[] = [];
  const deliveryLatencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  const close = (g: number, count: number) => {
    const s = state[g] as (typeof state)[number];
    const batch: Batch = { samples: s.pending.splice(0, count), sourceTimes: s.times.splice(0, count) };
    const closedAt = now();
    const seq = s.seq++;
    inFlight.push(
      deliver(gateways[g] as BenchGateway, batch, seq).then(({ sentAt, doneAt }) => {
        batchingLatencies.push(sentAt - closedAt);
        deliveryLatencies.push(doneAt - sentAt);
        for (const t of batch.sourceTimes) sampleLatencies.push(doneAt - t);
      }),
    );
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const at = now();
      const isDrained = at >= end;
      gateways.forEach((_, g) => {
        const s = state[g] as (typeof state)[number];
        const due = Math.floor((Math.min(at, end) - start) * (perGateway / 1000));
        for (; s.emitted < due; s.emitted++) {
          const k = s.emitted;
          const t = start + (k * 1000) / perGateway;
          s.pending.push({
            dev: `dev-${Math.floor(k / 50) % 10}`,
            sample: { s: `signal_${k % 50}`, v: k + 0.5, q: "good", t: Math.floor(t) },
          });
          s.times.push(t);
          if (s.pending.length >= BATCH_MAX_SAMPLES) close(g, BATCH_MAX_SAMPLES);
        }
        // The agent's age rule: a frame also closes when its oldest sample has waited long enough.
        // At the window's end the rest goes at once, as the agent flushes on stop: a source that
        // just stops is not the steady state being measured.
        if (s.pending.length > 0 && (at >= end || at - (s.times[0] as number) >= BATCH_MAX_AGE_MS))
          close(g, s.pending.length);
      });
      if (isDrained) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  await Promise.all(inFlight);
  const emitted = state.reduce((n, s) => n + s.emitted, 0);
  return {
    offeredPointsPerSecond: emitted / WINDOW_S,
    points: emitted,
    samples: percentiles(Float64Array.from(sampleLatencies)),
    batching: percentiles(Float64Array.from(batchingLatencies)),
    delivery: percentiles(Float64Array.from(deliveryLatencies)),
    frames: deliveryLatencies.length,
  };
}

function devicesOf(batch: Batch) {
  const byDevice = new Map<string, Sample[]>();
  for (const { dev, sample } of batch.samples) {
    const list = byDevice.get(dev);
    if (list === undefined) byDevice.set(dev, [sample]);
    else list.push(sample);
  }
  return [...byDevice].map(([dev, samples]) => ({ dev, samples }));
}

/** The MQTT path: sign at close time, as the agent does, publish QoS 1, done at the PUBACK. */
function publishVia(clients: MqttClient[], gateways: BenchGateway[], run: number): Deliver {
  return async (gw, batch, seq) => {
    const sess = `pace${run}${gw.id}`.padEnd(16, "x");
    const frame = encodeFrame(
      { v: 1, kind: "data", ent: BENCH_ENT, gw: gw.id, sess, seq, ts: Date.now(), devices: devicesOf(batch) },
      gw.key,
    );
    const client = clients[gateways.indexOf(gw)] as MqttClient;
    const sentAt = now();
    await client.publishAsync(dataTopic(gw), frame, { qos: 1 });
    return { sentAt, doneAt: now() };
  };
}

/** The baseline: the same batch as the ingest's line protocol, straight to /write, done at the 204. */
function writeVia(influxUrl: string): Deliver {
  return async (gw, batch) => {
    const points: TelemetryPoint[] = batch.samples.map(({ dev, sample }) => ({
      ent: BENCH_ENT,
      gw: gw.id,
      dev,
      profile: "unknown",
      signal: sample.s,
      t: sample.t,
      value: sample.v,
      quality: sample.q,
    }));
    const body = toLineProtocol(points).join("\n");
    const sentAt = now();
    const response = await fetch(`${influxUrl}/write?db=raw&precision=ms`, { method: "POST", body });
    if (response.status !== 204) throw new Error(`raw write answered ${response.status}`);
    return { sentAt, doneAt: now() };
  };
}

async function peakBurst(mqttUrl: string, gateways: BenchGateway[], run: number): Promise<number> {
  const shape = { frames: PEAK_FRAMES_PER_GATEWAY, samplesPerFrame: BATCH_MAX_SAMPLES };
  const clients = await connectGateways(mqttUrl, gateways);
  const frames = gateways.map((gw) => signFrames(gw, run, shape));
  const started = performance.now();
  await publishBurst(clients, gateways, frames);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.endAsync()));
  return (gateways.length * PEAK_FRAMES_PER_GATEWAY * BATCH_MAX_SAMPLES) / seconds;
}

const ms = (n: number) => Math.round(n).toLocaleString("en-US");
const pick = (runs: PacedResult[], part: "samples" | "batching" | "delivery", q: keyof Percentiles) =>
  median(runs.map((r) => r[part][q]));

async function main() {
  const influxd = await startInfluxd();
  await fetch(`${influxd.url}/query?q=${encodeURIComponent("CREATE DATABASE raw")}`, { method: "POST" });
  const dataDir = fileURLToPath(new URL(`./out/ingest-latency-data-${process.pid}/`, import.meta.url));
  mkdirSync(dataDir, { recursive: true });
  let ingest: IngestChild | undefined;
  let clients: MqttClient[] = [];
  try {
    const gateways = await prepareState(dataDir, GATEWAYS);
    const mqttPort = await freePort();
    ingest = await startIngest(await freePort(), [
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
    const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
    // Run numbers keep sessions and source times of every burst apart (no dedupe between them).
    await peakBurst(mqttUrl, gateways, 100); // warm-up: JIT, first InfluxDB shard
    const peaks: number[] = [];
    for (let run = 0; run < RUNS; run++) peaks.push(await peakBurst(mqttUrl, gateways, 101 + run));
    const peak = median(peaks);
    const rate = peak * LOAD_SHARE;
    process.stderr.write(`peak ${Math.round(peak)} points/s; pacing at ${Math.round(rate)} points/s\n`);

    clients = await connectGateways(mqttUrl, gateways);
    const e2e: PacedResult[] = [];
    const raw: PacedResult[] = [];
    for (let run = 0; run < RUNS; run++) {
      e2e.push(await runPaced(gateways, rate, publishVia(clients, gateways, run)));
      raw.push(await runPaced(gateways, rate, writeVia(influxd.url)));
      process.stderr.write(
        `run ${run + 1}/${RUNS}: p50 ${ms(e2e[run]?.samples.p50 ?? 0)} ms, p99 ${ms(e2e[run]?.samples.p99 ?? 0)} ms (raw p99 ${ms(raw[run]?.samples.p99 ?? 0)} ms)\n`,
      );
    }
    // Every frame was acknowledged, so every point must be stored: the ingest's counter says so.
    const published =
      PEAK_FRAMES_PER_GATEWAY * BATCH_MAX_SAMPLES * GATEWAYS * (RUNS + 1) +
      e2e.reduce((n, r) => n + r.points, 0);
    const stored = await ingest.metric("onramp_ingest_points_written_total");
    if (stored !== published)
      throw new Error(`the ingest wrote ${stored} points of ${published} acknowledged`);

    const summary = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
      setup: {
        runs: RUNS,
        gateways: GATEWAYS,
        windowSeconds: WINDOW_S,
        loadShare: LOAD_SHARE,
        batchMaxSamples: BATCH_MAX_SAMPLES,
        batchMaxAgeMs: BATCH_MAX_AGE_MS,
        tickMs: TICK_MS,
        peakBurstPoints: PEAK_FRAMES_PER_GATEWAY * BATCH_MAX_SAMPLES * GATEWAYS,
      },
      peakPointsPerSecond: peak,
      pacedPointsPerSecond: median(e2e.map((r) => r.offeredPointsPerSecond)),
      latencyMs: {
        endToEnd: {
          p50: pick(e2e, "samples", "p50"),
          p99: pick(e2e, "samples", "p99"),
          max: pick(e2e, "samples", "max"),
        },
        frame: {
          p50: pick(e2e, "delivery", "p50"),
          p99: pick(e2e, "delivery", "p99"),
          max: pick(e2e, "delivery", "max"),
        },
        signing: { p50: pick(e2e, "batching", "p50"), p99: pick(e2e, "batching", "p99") },
        rawWriteSample: {
          p50: pick(raw, "samples", "p50"),
          p99: pick(raw, "samples", "p99"),
          max: pick(raw, "samples", "max"),
        },
        rawWrite: {
          p50: pick(raw, "delivery", "p50"),
          p99: pick(raw, "delivery", "p99"),
          max: pick(raw, "delivery", "max"),
        },
      },
      runs: { peaks, endToEnd: e2e, rawWrite: raw },
    };
    const l = summary.latencyMs;
    const markdown = `# Ingest latency at ${LOAD_SHARE * 100} % of peak — source time → durable write (${summary.date})

${summary.machine.cpus} cores (${summary.machine.model}), Node ${summary.machine.node}, InfluxDB 1.x from Debian; medians of ${RUNS} runs.
Peak (same run): ${ms(peak)} points/s, burst of ${ms(summary.setup.peakBurstPoints)} points in ${BATCH_MAX_SAMPLES}-sample frames, median of ${RUNS} bursts.
Paced: ${ms(summary.pacedPointsPerSecond)} points/s for ${WINDOW_S} s per run over ${GATEWAYS} gateways; agent batching ${BATCH_MAX_SAMPLES} samples / ${BATCH_MAX_AGE_MS} ms, frames signed when they close.
Latency = PUBACK arrival at the publisher (sent only after the InfluxDB write and the ledger commit) − the sample's source time, one clock.

| latency (ms, median of runs) | p50 | p99 | max |
| --- | ---: | ---: | ---: |
| sample: source time → PUBACK (MQTT → verify → ledger → InfluxDB) | ${ms(l.endToEnd.p50)} | ${ms(l.endToEnd.p99)} | ${ms(l.endToEnd.max)} |
| frame: publish → PUBACK | ${ms(l.frame.p50)} | ${ms(l.frame.p99)} | ${ms(l.frame.max)} |
| baseline sample: source time → 204 of the same batches POSTed to /write | ${ms(l.rawWriteSample.p50)} | ${ms(l.rawWriteSample.p99)} | ${ms(l.rawWriteSample.max)} |
| baseline write: POST → 204 | ${ms(l.rawWrite.p50)} | ${ms(l.rawWrite.p99)} | ${ms(l.rawWrite.max)} |

Sample p99 is ${(l.endToEnd.p99 / l.rawWriteSample.p99).toFixed(2)}× the direct-write baseline's; the batching wait is the part both share (signing at close: p50 ${l.signing.p50.toFixed(1)} ms, p99 ${l.signing.p99.toFixed(1)} ms).
`;
    mkdirSync(outDir, { recursive: true });
    writeFileSync(`${outDir}ingest-latency.json`, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(`${outDir}ingest-latency.md`, markdown);
    process.stdout.write(markdown);
  } finally {
    await Promise.all(clients.map((c) => c.endAsync()));
    await ingest?.stop();
    await influxd.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
