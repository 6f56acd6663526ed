// Simulated machines and gateways for the scenario tests, and the derivation the ingest I/O layer
// will perform (presence events, hourly ledger, stored series) from what a gateway sends.
import type { DeviceSamples, Sample, SampleValue } from "@onramp/contract";
import {
  type HourlyLedgerRow,
  type PresenceEvent,
  type ReceivedFrame,
  type SignalSeries,
  type SignalSpec,
  sampleTimesOf,
} from "../../src/indicators/inputs.js";
import { HOUR, MINUTE } from "./fixtures.js";

/** What a device answers at instant t: its readings, or null when it cannot be reached. */
export interface Machine {
  read(t: number): Record<string, SampleValue> | null;
}

/** Deterministic noise in [0, 1) for an instant and a salt (a hash, so reads may come in any order). */
export function noise(t: number, salt: number): number {
  let x = (Math.floor(t) ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  x ^= x >>> 16;
  return (x >>> 0) / 4_294_967_296;
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

interface Segment {
  readonly from: number;
  readonly to: number;
  readonly state: "ACTIVE" | "READY" | "STOPPED";
  readonly speed: number;
}

/**
 * A machine working cycles during its powered hours: ACTIVE 6–10 min, READY 1–3 min, STOPPED over
 * lunch; part counter reset to 0 at power-on, energy counter always rising; readings noisy.
 */
export function workingMachine(
  powered: readonly { from: number; to: number }[],
  lunch: readonly { from: number; to: number }[],
  seed: number,
): Machine {
  const segments: Segment[] = [];
  for (const window of powered) {
    let t = window.from;
    let index = 0;
    while (t < window.to) {
      const inLunch = lunch.find((l) => t >= l.from && t < l.to);
      if (inLunch !== undefined) {
        segments.push({ from: t, to: Math.min(inLunch.to, window.to), state: "STOPPED", speed: 0 });
        t = Math.min(inLunch.to, window.to);
        continue;
      }
      const isActive = index % 2 === 0;
      const length = (isActive ? 6 + 4 * noise(t, seed) : 1 + 2 * noise(t, seed + 1)) * MINUTE;
      const nextLunch = lunch.find((l) => l.from > t)?.from ?? Number.POSITIVE_INFINITY;
      const to = Math.round(Math.min(t + length, window.to, nextLunch));
      const speed = [800, 1200, 2400, 3000][Math.floor(noise(t, seed + 2) * 4)] ?? 1200;
      segments.push({ from: t, to, state: isActive ? "ACTIVE" : "READY", speed });
      t = to;
      index++;
    }
  }
  const power = { ACTIVE: 8, READY: 1.5, STOPPED: 0.8 };
  return {
    read(t) {
      const current = segments.find((s) => t >= s.from && t < s.to);
      if (current === undefined) return null;
      const window = powered.find((w) => t >= w.from && t < w.to);
      let parts = 0;
      let energyKwh = 1_000;
      for (const s of segments) {
        if (s.from >= t) break;
        const end = Math.min(s.to, t);
        energyKwh += (power[s.state] * (end - s.from)) / HOUR;
        if (s.state === "ACTIVE" && s.to <= t && window !== undefined && s.from >= window.from) parts++;
      }
      const isActive = current.state === "ACTIVE";
      return {
        execution: current.state,
        spindle_speed: isActive ? round(current.speed * (1 + 0.004 * (noise(t, seed + 3) - 0.5)), 1) : 0,
        spindle_load: isActive ? round(25 + 20 * noise(t, seed + 4), 1) : 0,
        power_active: round(power[current.state] + 0.4 * noise(t, seed + 5), 2),
        part_count: parts,
        energy_total: round(energyKwh, 2),
      };
    },
  };
}

export interface SimulatedDevice {
  readonly id: string;
  readonly machine: Machine;
  readonly signals: readonly SignalSpec[];
}

export interface GatewayRun {
  readonly gw: string;
  readonly sess: string;
  readonly from: number;
  readonly to: number;
  readonly pollMs: number;
  /** Poll times wander by up to this much (OS scheduling, bus latency); 0 for a scripted clock. */
  readonly jitterMs: number;
  readonly frameMs: number;
  /** Report a value only when it changed or its heartbeat is due (DESIGN §5); false sends every read. */
  readonly reportByException: boolean;
  readonly devices: readonly SimulatedDevice[];
  readonly seed: number;
}

/**
 * A data frame as a gateway sent it, values included, with its simulated receipt: what the
 * telemetry store is filled from (`storeTraffic`). The indicators see it as a `ReceivedFrame`
 * (`receivedFramesOf`), which keeps only the sample times, as the frame log does.
 */
export interface SentFrame extends Omit<ReceivedFrame, "devices"> {
  readonly devices: DeviceSamples[];
}

/** The frames as the ingest's frame log hands them to the indicators. */
export function receivedFramesOf(frames: readonly SentFrame[]): ReceivedFrame[] {
  return frames.map((f) => ({ ...f, devices: sampleTimesOf(f.devices) }));
}

export interface Traffic {
  readonly frames: SentFrame[];
  readonly status: PresenceEvent[];
}

/** Longer than any data frame's simulated latency (50–250 ms). */
const STATUS_LATENCY_MS = 300;

/** What one agent session publishes: data frames (with receipt times) and device status events. */
export function runGateway(run: GatewayRun): Traffic {
  const frames: SentFrame[] = [];
  const status: PresenceEvent[] = [];
  const pending = new Map<string, Sample[]>();
  const lastReported = new Map<string, { v: SampleValue; t: number }>();
  const reachable = new Map<string, boolean>();
  let seq = 1;
  const flush = (ts: number) => {
    const devices = [...pending.entries()].filter(([, samples]) => samples.length > 0);
    pending.clear();
    if (devices.length === 0) return;
    frames.push({
      receivedAt: ts + 50 + Math.round(200 * noise(ts, run.seed + 7)),
      digest: `${run.gw}/${run.sess}/${seq}`,
      gw: run.gw,
      sess: run.sess,
      seq: seq++,
      ts,
      devices: devices.map(([dev, samples]) => ({ dev, samples })),
    });
  };
  let nextFrameAt = run.from + run.frameMs;
  for (let base = run.from; base < run.to; base += run.pollMs) {
    const t = base + Math.round(run.jitterMs * noise(base, run.seed));
    while (nextFrameAt <= t) {
      flush(nextFrameAt);
      nextFrameAt += run.frameMs;
    }
    for (const device of run.devices) {
      const reading = device.machine.read(t);
      if (reading === null) {
        // Status frames queue behind the data already spooled, so they arrive after it.
        const at = t + STATUS_LATENCY_MS;
        if (reachable.get(device.id) !== false)
          status.push({ device: device.id, at, kind: "status-disconnected" });
        reachable.set(device.id, false);
        for (const signal of device.signals) lastReported.delete(`${device.id}/${signal.id}`);
        continue;
      }
      if (reachable.get(device.id) !== true) {
        status.push({ device: device.id, at: t + STATUS_LATENCY_MS, kind: "status-connected" });
      }
      reachable.set(device.id, true);
      for (const signal of device.signals) {
        const v = reading[signal.id];
        if (v === undefined) continue;
        const key = `${device.id}/${signal.id}`;
        const last = lastReported.get(key);
        const isDue = last === undefined || last.v !== v || t - last.t >= signal.heartbeatMs - run.pollMs;
        if (run.reportByException && !isDue) continue;
        lastReported.set(key, { v, t });
        pending.set(device.id, [...(pending.get(device.id) ?? []), { s: signal.id, v, q: "good", t }]);
      }
    }
  }
  flush(run.to);
  return { frames, status };
}

/** Copies of frames received again `laterMs` after their originals (a replay of recorded traffic). */
export function replayed(frames: readonly SentFrame[], laterMs: number): SentFrame[] {
  return frames.map((f) => ({ ...f, receivedAt: f.receivedAt + laterMs }));
}

export interface StoredTraffic {
  readonly presence: PresenceEvent[];
  readonly ledger: HourlyLedgerRow[];
  readonly series: SignalSeries[];
}

/**
 * What the ingest service keeps from the traffic: a frame counts once per (gateway, session, seq)
 * (later copies are duplicates), each accepted frame is a presence event for its devices, the
 * ledger counts per device and UTC hour, and the series hold the accepted samples.
 */
export function storeTraffic(
  frames: readonly SentFrame[],
  status: readonly PresenceEvent[],
  roles: ReadonlyMap<string, SignalSpec["role"]>,
): StoredTraffic {
  const seen = new Set<string>();
  const presence: PresenceEvent[] = [...status];
  const rows = new Map<
    string,
    {
      device: string;
      hourStart: number;
      frames: number;
      samples: number;
      bySignal: Record<string, number>;
      duplicates: number;
    }
  >();
  const series = new Map<string, SignalSeries & { points: SignalSeries["points"] }>();
  const rowOf = (device: string, at: number) => {
    const hourStart = Math.floor(at / HOUR) * HOUR;
    const key = `${device}/${hourStart}`;
    const row = rows.get(key) ?? { device, hourStart, frames: 0, samples: 0, bySignal: {}, duplicates: 0 };
    rows.set(key, row);
    return row;
  };
  for (const frame of [...frames].sort((a, b) => a.receivedAt - b.receivedAt)) {
    const key = `${frame.gw}/${frame.sess}/${frame.seq}`;
    const isDuplicate = seen.has(key);
    seen.add(key);
    for (const { dev, samples } of frame.devices) {
      const row = rowOf(dev, frame.receivedAt);
      if (isDuplicate) {
        row.duplicates++;
        continue;
      }
      presence.push({ device: dev, at: frame.receivedAt, kind: "frame", gateway: frame.gw });
      row.frames++;
      row.samples += samples.length;
      for (const sample of samples) {
        row.bySignal[sample.s] = (row.bySignal[sample.s] ?? 0) + 1;
        const seriesKey = `${dev}/${sample.s}`;
        const stored = series.get(seriesKey) ?? {
          device: dev,
          signal: sample.s,
          role: roles.get(sample.s) ?? "other",
          points: [],
        };
        stored.points.push({ t: sample.t, v: sample.v, q: sample.q });
        series.set(seriesKey, stored);
      }
    }
  }
  return {
    presence,
    ledger: [...rows.values()].map((r) => ({
      device: r.device,
      hourStart: r.hourStart,
      frames: r.frames,
      samples: r.samples,
      samplesBySignal: r.bySignal,
      gaps: 0,
      duplicates: r.duplicates,
      rejections: 0,
    })),
    series: [...series.values()],
  };
}
