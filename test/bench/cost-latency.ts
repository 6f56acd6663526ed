// Latency at half of the peak, on the cost bench's shape (issue 16: "p99 source-to-PUBACK latency
// at half of the measured peak stays ≤ 2 s"). The peak is the embedded ingest's median values/s of
// the same cost run (ingest-cost.ts); this paces the same publishers at a share of it.
//
// Each publisher emulates a gateway of the shape's DEVICES × SIGNALS signals: a row (one timestamp
// of every signal, DEVICES × SIGNALS values) is due every DEVICES × SIGNALS / (rate / publishers)
// seconds on a fixed schedule, publishers staggered over that interval; TIMES rows make a frame
// (the shape's 2,000 values, the agent's default batch.maxSamples), or fewer when the oldest row
// has waited the agent's batch.maxAgeMs (its batcher's age rule, so a slow pace does not make the
// batching wait longer than the agent's); the frame is signed by the agent's frame builder when it
// closes (as the agent signs a batch) and published QoS 1. A value's latency is the PUBACK's
// arrival − its row's due time, one clock (the embedded broker sends the PUBACK only once the
// values are in InfluxDB and the ledger committed). A row's source time is its due time, not the
// moment a late timer got to it, so any lag of the publishing process counts against the figure.
// Baseline, same pacing: the same rows as the ingest's lines POSTed straight to InfluxDB /write,
// due time → 204.
import type { DeviceSamples } from "@onramp/contract";
import type { MqttClient } from "mqtt";
import { AgentConfig } from "../../edge-agent/src/config/schema.js";
import { createFrameBuilder } from "../../edge-agent/src/pipeline/frame-builder.js";
import { toLineProtocol } from "../../ingest-service/src/store/line-protocol.js";
import {
  COST_ENT,
  DEVICES,
  deviceName,
  SIGNALS,
  sampleValue,
  signalName,
  TIMES,
  telemetryPoints,
} from "./cost-shape.js";
import type { BenchGateway } from "./ingest-harness.js";

const TICK_MS = 5;
const { maxAgeMs: BATCH_MAX_AGE_MS } = AgentConfig.shape.batch.parse(undefined);
const now = () => performance.timeOrigin + performance.now();

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

export interface PacedRun {
  offeredValuesPerSecond: number;
  values: number;
  frames: number;
  /** Source times the run's values carry: [from, to) in ms, for the InfluxQL count. */
  from: number;
  to: number;
  /** Due time → confirmed, per value. */
  latencyMs: Percentiles;
  /** Sent → confirmed, per frame (publish → PUBACK, or POST → 204). */
  deliveryMs: Percentiles;
}

/** One frame's rows: whole-ms source times, distinct per publisher. */
export interface PacedFrame {
  readonly publisher: number;
  readonly times: readonly number[];
  readonly devices: DeviceSamples[];
}

/** Delivers one frame durably; resolves with when it went out and when it was confirmed. */
export type Deliver = (frame: PacedFrame) => Promise<{ sentAt: number; doneAt: number }>;

function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

function devicesOf(times: readonly number[], frameIndex: number): DeviceSamples[] {
  return Array.from({ length: DEVICES }, (_, d) => ({
    dev: deviceName(d),
    samples: times.flatMap((t, k) =>
      Array.from({ length: SIGNALS }, (_, j) => ({
        s: signalName(j),
        v: sampleValue(frameIndex, d, k, j),
        q: "good" as const,
        t,
      })),
    ),
  }));
}

/** Paces `publishers` emulated gateways at `rate` values/s in all for `windowS` seconds. */
export async function runPaced(
  publishers: number,
  rate: number,
  windowS: number,
  deliver: Deliver,
): Promise<PacedRun> {
  const rowValues = DEVICES * SIGNALS;
  const rowIntervalMs = (rowValues * 1000 * publishers) / rate;
  const start = now() + 50;
  const end = start + windowS * 1000;
  const state = Array.from({ length: publishers }, () => ({
    rows: 0,
    frames: 0,
    due: [] as number[],
    times: [] as number[],
    lastT: 0,
  }));
  const latencies: number[] = [];
  const deliveries: number[] = [];
  const inFlight: Promise<void>[] = [];
  let from = Number.POSITIVE_INFINITY;
  let to = 0;
  let values = 0;
  const close = (g: number) => {
    const s = state[g] as (typeof state)[number];
    const due = s.due.splice(0);
    const times = s.times.splice(0);
    values += times.length * rowValues;
    from = Math.min(from, times[0] as number);
    to = Math.max(to, (times[times.length - 1] as number) + 1);
    inFlight.push(
      deliver({ publisher: g, times, devices: devicesOf(times, s.frames++) }).then(({ sentAt, doneAt }) => {
        deliveries.push(doneAt - sentAt);
        // Every row carries rowValues values of the same latency: one entry per row keeps the
        // percentiles over values exact.
        for (const d of due) latencies.push(doneAt - d);
      }),
    );
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const at = Math.min(now(), end);
      state.forEach((s, g) => {
        const offset = (g * rowIntervalMs) / publishers;
        for (;;) {
          const due = start + offset + s.rows * rowIntervalMs;
          if (due > at) break;
          s.rows += 1;
          // Whole ms and strictly increasing per publisher: two rows never share a line in InfluxDB.
          const t = Math.max(s.lastT + 1, Math.floor(due));
          s.lastT = t;
          s.due.push(due);
          s.times.push(t);
          if (s.times.length === TIMES) close(g);
        }
        if (s.due.length > 0 && at - (s.due[0] as number) >= BATCH_MAX_AGE_MS) close(g);
      });
      if (at >= end) {
        clearInterval(timer);
        // Rows of a frame not yet full go out now, as the agent flushes its batch on stop.
        state.forEach((s, g) => {
          if (s.times.length > 0) close(g);
        });
        resolve();
      }
    }, TICK_MS);
  });
  await Promise.all(inFlight);
  return {
    offeredValuesPerSecond: values / windowS,
    values,
    frames: deliveries.length,
    from,
    to,
    latencyMs: percentiles(latencies),
    deliveryMs: percentiles(deliveries),
  };
}

/** Through the ingest: a fresh agent session per publisher and run, signed when the frame closes. */
export function publishVia(clients: MqttClient[], gateways: BenchGateway[]): Deliver {
  const builders = gateways.map((gw) =>
    createFrameBuilder({
      ent: COST_ENT,
      gw: gw.id,
      signer: gw.key,
      agent: { name: "onramp-bench", version: "0.0.0" },
    }),
  );
  return async (frame) => {
    const built = builders[frame.publisher]?.data(frame.devices, undefined, Date.now());
    const client = clients[frame.publisher];
    if (built === undefined || client === undefined) throw new Error(`no publisher ${frame.publisher}`);
    const sentAt = now();
    await client.publishAsync(built.topic, built.bytes, { qos: 1 });
    return { sentAt, doneAt: now() };
  };
}

/** The baseline: the frame's values as the ingest's own lines, straight to InfluxDB /write. */
export function writeVia(influxUrl: string, db: string, gatewayIds: readonly string[]): Deliver {
  return async (frame) => {
    const gw = gatewayIds[frame.publisher] ?? `gw-${frame.publisher}`;
    const body = toLineProtocol(telemetryPoints(gw, frame.devices)).join("\n");
    const sentAt = now();
    const response = await fetch(`${influxUrl}/write?db=${db}&precision=ms`, { method: "POST", body });
    if (response.status !== 204) throw new Error(`raw write answered ${response.status}`);
    return { sentAt, doneAt: now() };
  };
}
