// `npx tsx test/bench/ingest-hot-path.ts`: the ingest's hot path in one process, without a broker,
// on the cost bench's data (cost-shape.ts: PUBLISHERS gateways × MESSAGES signed frames of 2,000
// values, the agent's own frame builder, so the frame version the agent sends by default). What
// bench:cost measures end to end (broker, ingest, influxd, CPU per process), this splits: CPU
// µs per value of the ingest's work (`process.cpuUsage`: the main thread and the thread pool that
// checks signatures) and garbage collections per value, for
//   decode     the contract decoder alone (signature, parse, schema) on every frame, as the
//              ingest calls it (a v2 data body kept in its blocks);
//   pipeline   IngestPipeline.accept of every frame — verify, points, the committer's group commit
//              into a real InfluxDB 1.x (/write) and the real state store (PGlite, migrated) —
//              with one frame in flight per gateway, as a broker connection hands them over.
// A real influxd is started on 127.0.0.1 (test/peers/influxd.ts) and stopped at the end.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { decodeFrame } from "@onramp/contract";
import pino from "pino";
import { FrameCommitter } from "../../ingest-service/src/ingest/committer.js";
import { IngestPipeline } from "../../ingest-service/src/ingest/pipeline.js";
import { createIngestMetrics, MetricsRegistry } from "../../ingest-service/src/metrics/metrics.js";
import { openState } from "../../ingest-service/src/state/open-state.js";
import { InfluxV1Store } from "../../ingest-service/src/store/influx-v1.js";
import { GatewayDirectory } from "../../ingest-service/src/verify/gateway-directory.js";
import { RejectionLog } from "../../ingest-service/src/verify/rejections.js";
import { startInfluxd } from "../peers/influxd.js";
import { COST_ENT, MESSAGES, PUBLISHERS, roundBase, signedFrames, VALUES_PER_ROUND } from "./cost-shape.js";
import { prepareState } from "./ingest-harness.js";

const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);

let gcCount = 0;
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcCount += 1;
    gcMs += entry.duration;
  }
}).observe({ entryTypes: ["gc"] });

interface Measure {
  cpuUsPerValue: number;
  wallUsPerValue: number;
  gcPerMillion: number;
  gcMsPerMillion: number;
}

/** GC entries reach the observer in a later task: let them in before reading the tallies. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function measure(values: number, work: () => Promise<void>): Promise<Measure> {
  await settle();
  const [gc0, gcMs0] = [gcCount, gcMs];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await settle();
  return {
    cpuUsPerValue: (cpu.user + cpu.system) / values,
    wallUsPerValue: (wall * 1000) / values,
    gcPerMillion: ((gcCount - gc0) * 1e6) / values,
    gcMsPerMillion: ((gcMs - gcMs0) * 1e6) / values,
  };
}

const show = (m: Measure) =>
  `${m.cpuUsPerValue.toFixed(3)} CPU-µs/value (= CPU-s per million), ${m.wallUsPerValue.toFixed(3)} wall-µs/value, ` +
  `${m.gcPerMillion.toFixed(0)} GCs and ${m.gcMsPerMillion.toFixed(0)} GC-ms per million values`;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), "onramp-hot-path-"));
  const influxd = await startInfluxd();
  const log = pino({ level: "warn" });
  try {
    const gateways = await prepareState(dataDir, PUBLISHERS);
    const sql = await openState({ dataDir });
    const store = new InfluxV1Store({ url: influxd.url, db: "hot_path" });
    await fetch(`${influxd.url}/query?q=${encodeURIComponent("CREATE DATABASE hot_path")}`, {
      method: "POST",
    });
    const metrics = createIngestMetrics(new MetricsRegistry());
    const directory = new GatewayDirectory(sql, 60_000);
    const committer = new FrameCommitter({ store, sql, catalog: () => undefined, metrics, log });
    const pipeline = new IngestPipeline({
      directory,
      committer,
      rejections: new RejectionLog(log, 10),
      metrics,
      log,
    });
    const keys = new Map(gateways.map((g) => [g.id, g.key.publicKey]));
    let bytes = 0;
    for (let round = 0; round <= ROUNDS; round++) {
      const frames = gateways.map((gw) => signedFrames(gw, roundBase(round)));
      bytes = frames.flat().reduce((n, f) => n + f.byteLength, 0);
      const decode = await measure(VALUES_PER_ROUND, async () => {
        for (const [g, list] of frames.entries()) {
          const key = keys.get(`gw-${g}`);
          // As the ingest asks (a tree without the option expands, as its ingest did).
          for (const frame of list)
            if (!decodeFrame(frame, () => key, { keepDataBlocks: true }).ok) throw new Error("frame refused");
        }
      });
      const outcomes = new Map<string, number>();
      const batchesBefore = metrics.batches.get();
      const accept = await measure(VALUES_PER_ROUND, async () => {
        await Promise.all(
          frames.map(async (list, g) => {
            for (const frame of list) {
              const outcome = await pipeline.accept(`onramp/v1/${COST_ENT}/gw-${g}/data`, frame);
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
            }
          }),
        );
      });
      if (outcomes.get("stored") !== PUBLISHERS * MESSAGES)
        throw new Error(`not every frame was stored: ${JSON.stringify([...outcomes])}`);
      const label = round === 0 ? "warm-up" : `round ${round}/${ROUNDS}`;
      process.stdout.write(
        `${label}: ${(bytes / VALUES_PER_ROUND).toFixed(1)} bytes per value on the wire\n`,
      );
      const batches = metrics.batches.get() - batchesBefore;
      process.stdout.write(`  decode    ${show(decode)}\n  pipeline  ${show(accept)}\n`);
      process.stdout.write(
        `  ${batches} commits, ${((PUBLISHERS * MESSAGES) / batches).toFixed(1)} frames each\n`,
      );
    }
    await committer.close();
    await sql.close();
  } finally {
    await influxd.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
