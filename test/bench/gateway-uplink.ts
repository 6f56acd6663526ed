// `npm run bench:uplink`: a gateway's uplink bytes per day at UPLINK.devices × UPLINK.signals
// polled each second (issue 16), with report-by-exception as the demo's signals behave and with
// every value reported, in data frame version 2 (the agent's default) and version 1 (the previous
// default, the like-for-like baseline).
//
// What is simulated: demo-signals.ts (the demo's Modbus plant, its simulators' behaviour models,
// read through the agent's compiled profiles), BENCH_UPLINK_MINUTES simulated minutes (default 10)
// after one unmeasured warm-up minute, each device polled once per simulated second. The samples
// go through the agent's own Pipeline (edge-agent/src/pipeline: report-by-exception with each
// signal's profile deadband and heartbeat, the batcher at the agent's default batch limits, the
// frame builder signing with Ed25519) into the agent's SQLite spool (in memory: no disk). The
// batch age timer is emulated on the simulated clock exactly as Pipeline arms it (at the first
// reported sample, fires `batch.maxAgeMs` later). Every spooled frame is counted as the MQTT
// PUBLISH the publisher sends (wire-bytes.ts: fixed header, remaining length, topic, packet id,
// payload). Not counted: the session's CONNECT and birth frame (once per connection), PINGREQ
// (2 bytes per keep-alive interval), PUBACKs (downlink), TCP/IP and TLS overhead.
// The four variants read the very same samples. Writes test/bench/out/gateway-uplink.{json,md}.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateGatewayKey } from "@onramp/contract";
import pino from "pino";
import { AgentConfig } from "../../edge-agent/src/config/schema.js";
import { createFrameBuilder } from "../../edge-agent/src/pipeline/frame-builder.js";
import { Pipeline } from "../../edge-agent/src/pipeline/pipeline.js";
import { openSqliteSpool } from "../../edge-agent/src/spool/sqlite-spool.js";
import { AGENT_GATEWAY, planPark } from "../../scripts/demo/park.js";
import { type DemoDevices, demoDevices, READ_SPACING_MS } from "./demo-signals.js";
import { type UplinkSummary, type UplinkVariant, uplinkMarkdown } from "./gateway-uplink-report.js";
import { mqttPublishOverhead, UPLINK } from "./wire-bytes.js";

const MINUTES = Number(process.env.BENCH_UPLINK_MINUTES ?? 10);
const WARMUP_SECONDS = 60;
const outDir = fileURLToPath(new URL("./out/", import.meta.url));

interface Lane {
  readonly variant: Pick<UplinkVariant, "name" | "reportByException" | "contractVersion">;
  readonly pipeline: Pipeline;
  readonly drain: () => { frames: number; bytes: number; samples: number };
  /** Simulated time the Pipeline's age timer fires at; undefined when it is not armed. */
  timerAt: number | undefined;
  /** Samples reported and not yet spooled (in the open batch). */
  pending: number;
  close(): void;
}

function openLane(
  sim: DemoDevices,
  variant: Lane["variant"],
  ent: string,
  gw: string,
  clock: { now: number },
  batch: { maxSamples: number; maxAgeMs: number },
): Lane {
  const spool = openSqliteSpool({
    path: ":memory:",
    maxBytes: 1024 ** 3,
    maxAgeMs: 1e12,
    synchronous: "NORMAL",
  });
  const frames = createFrameBuilder({
    ent,
    gw,
    signer: generateGatewayKey(),
    agent: { name: "onramp-agent", version: "bench" },
    contractVersion: variant.contractVersion,
  });
  const pipeline = new Pipeline({
    frames,
    spool,
    logger: pino({ level: "silent" }),
    now: () => clock.now,
    batch,
    onSpooled: () => {},
  });
  sim.devices.forEach((device, d) => {
    pipeline.addDevice(device.id, sim.profileOf(d, !variant.reportByException));
  });
  let afterId = 0;
  return {
    variant,
    pipeline,
    timerAt: undefined,
    pending: 0,
    drain() {
      const out = { frames: 0, bytes: 0, samples: 0 };
      for (;;) {
        const batchOf = spool.readAfter(afterId, 100);
        if (batchOf.length === 0) return out;
        for (const f of batchOf) {
          out.frames += 1;
          out.bytes += f.bytes.byteLength + mqttPublishOverhead(f.topic, f.bytes.byteLength);
          out.samples += f.samples;
          afterId = f.id;
        }
        spool.remove(batchOf.map((f) => f.id));
      }
    },
    close() {
      pipeline.close();
      spool.close();
    },
  };
}

export async function simulateUplink(minutes = MINUTES): Promise<UplinkSummary> {
  const started = performance.now();
  const batch = AgentConfig.shape.batch.parse(undefined);
  const ent = planPark(1)[0]?.id ?? "hengtai-auto-parts";
  // A whole minute, so the models start on a minute boundary as the demo's do at any time.
  const start = Math.floor(Date.now() / 60_000) * 60_000;
  const sim = await demoDevices(UPLINK.devices, UPLINK.signals, start);
  const clock = { now: start };
  const lanes = [
    {
      name: "v2, report-by-exception (the demo's signals)",
      reportByException: true,
      contractVersion: 2 as const,
    },
    { name: "v2, every value reported", reportByException: false, contractVersion: 2 as const },
    {
      name: "v1, report-by-exception (the demo's signals)",
      reportByException: true,
      contractVersion: 1 as const,
    },
    { name: "v1, every value reported", reportByException: false, contractVersion: 1 as const },
  ].map((v) => openLane(sim, v, ent, AGENT_GATEWAY, clock, batch));
  const totals = lanes.map(() => ({ frames: 0, bytes: 0, samples: 0, read: 0, reported: 0 }));
  const seconds = WARMUP_SECONDS + minutes * 60;
  const warmupEnd = start + WARMUP_SECONDS * 1000;
  const countAfterWarmup = (i: number, at: number, d: { frames: number; bytes: number; samples: number }) => {
    const lane = lanes[i] as Lane;
    lane.pending -= d.samples;
    if (at < warmupEnd) return;
    const total = totals[i] as (typeof totals)[number];
    total.frames += d.frames;
    total.bytes += d.bytes;
  };
  for (let s = 0; s < seconds; s++) {
    const t = start + s * 1000;
    const polls = sim.poll(t);
    sim.devices.forEach((device, d) => {
      const at = t + device.phaseMs;
      const samples = polls[d] ?? [];
      lanes.forEach((lane, i) => {
        // The Pipeline's age timer, on the simulated clock: it fires before a poll due after it.
        if (lane.timerAt !== undefined && at >= lane.timerAt) {
          clock.now = lane.timerAt;
          lane.pipeline.flush();
          lane.timerAt = undefined;
          countAfterWarmup(i, clock.now, lane.drain());
        }
        clock.now = at;
        const before = lane.pipeline.counters.samplesReported;
        lane.pipeline.sink.samples(device.id, samples);
        const reported = lane.pipeline.counters.samplesReported - before;
        lane.pending += reported;
        countAfterWarmup(i, at, lane.drain());
        if (lane.pending > 0 && lane.timerAt === undefined) lane.timerAt = at + batch.maxAgeMs;
        if (at >= warmupEnd) {
          const total = totals[i] as (typeof totals)[number];
          total.read += samples.length;
          total.reported += reported;
        }
      });
    });
  }
  // The run ends as the agent stops: the open batch is spooled.
  clock.now = start + seconds * 1000;
  lanes.forEach((lane, i) => {
    lane.pipeline.flush();
    countAfterWarmup(i, clock.now, lane.drain());
    // Every reported sample reached a frame, and "every value" really reported every value read:
    // otherwise the bytes would not be those of the variant named.
    const c = lane.pipeline.counters;
    if (lane.pending !== 0 || c.spoolWriteFailures !== 0 || c.samplesForUnknownDevice !== 0)
      throw new Error(`${lane.variant.name}: ${lane.pending} samples never reached a frame`);
    if (!lane.variant.reportByException && c.samplesReported !== c.samplesRead)
      throw new Error(`${lane.variant.name}: ${c.samplesReported} of ${c.samplesRead} samples reported`);
    lane.close();
  });
  const measured = minutes * 60;
  const variants: UplinkVariant[] = lanes.map((lane, i) => {
    const t = totals[i] as (typeof totals)[number];
    const perSecond = t.bytes / measured;
    return {
      ...lane.variant,
      samplesRead: t.read,
      samplesReported: t.reported,
      frames: t.frames,
      bytes: t.bytes,
      bytesPerSecond: perSecond,
      gigabytesPerDay: (perSecond * 86_400) / 1e9,
      bytesPerReportedValue: t.reported === 0 ? Number.NaN : t.bytes / t.reported,
    };
  });
  return {
    date: new Date().toISOString(),
    setup: {
      ...UPLINK,
      simulatedMinutes: minutes,
      warmupSeconds: WARMUP_SECONDS,
      plantSignals: sim.plantSignals,
      batchMaxSamples: batch.maxSamples,
      batchMaxAgeMs: batch.maxAgeMs,
      readSpacingMs: READ_SPACING_MS,
      ent,
      gw: AGENT_GATEWAY,
      seconds: (performance.now() - started) / 1000,
    },
    variants,
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const summary = await simulateUplink();
  const markdown = `# Gateway uplink per day\n\n${uplinkMarkdown(summary)}`;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}gateway-uplink.json`, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(`${outDir}gateway-uplink.md`, markdown);
  process.stdout.write(markdown);
}
