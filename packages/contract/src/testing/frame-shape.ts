// The frame shape of issue 16, used to measure frame sizes and decode cost: devices × times ×
// numeric signals, every signal polled at every time, values with the precision a profile gives
// them (scale 0.1 → one decimal, and so on). Deterministic: the same seed gives the same body.
import type { DataBody, DeviceSamples } from "../messages/data.js";

/** A numeric signal of a machine: its id, its range, and the decimals its profile scale gives. */
const SIGNALS = [
  { s: "spindle_speed", min: 800, max: 8_000, decimals: 1 },
  { s: "spindle_load", min: 0, max: 100, decimals: 1 },
  { s: "feed_rate", min: 0, max: 5_000, decimals: 0 },
  { s: "axis_x_position", min: -500, max: 500, decimals: 3 },
  { s: "coolant_temperature", min: 15, max: 45, decimals: 1 },
  { s: "power_active", min: 2, max: 40, decimals: 2 },
  { s: "energy_total", min: 10_000, max: 90_000, decimals: 1 },
  { s: "voltage_l1", min: 220, max: 240, decimals: 1 },
  { s: "current_l1", min: 0, max: 60, decimals: 2 },
  { s: "part_count", min: 0, max: 20_000, decimals: 0 },
] as const;

export interface FrameShape {
  devices: number;
  times: number;
  signals: number;
  /** Poll period in ms; each read time also drifts by a few ms, as real read times do. */
  periodMs?: number;
  seed?: number;
}

/** Issue 16's shape: 10 devices × 20 timestamps × 10 numeric signals = 2,000 values. */
export const ISSUE_16_SHAPE: FrameShape = { devices: 10, times: 20, signals: 10 };

/** A v1 data body of `shape`, samples in poll order (time by time, signal by signal). */
export function denseDataBody(shape: FrameShape, seq = 1): DataBody {
  let state = shape.seed ?? 16;
  // A 32-bit LCG (Numerical Recipes): reproducible without a dependency.
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const period = shape.periodMs ?? 1_000;
  const start = 1_767_225_600_000;
  const devices: DeviceSamples[] = [];
  for (let d = 0; d < shape.devices; d++) {
    const signals = Array.from({ length: shape.signals }, (_, j) => {
      const signal = SIGNALS[j % SIGNALS.length] as (typeof SIGNALS)[number];
      return {
        ...signal,
        s: j < SIGNALS.length ? signal.s : `${signal.s}_${Math.floor(j / SIGNALS.length)}`,
      };
    });
    const level = signals.map((x) => x.min + random() * (x.max - x.min));
    const samples: DeviceSamples["samples"] = [];
    for (let k = 0; k < shape.times; k++) {
      const t = start + k * period + Math.floor(random() * 7);
      for (const [j, signal] of signals.entries()) {
        const span = signal.max - signal.min;
        const next = Math.min(
          signal.max,
          Math.max(signal.min, (level[j] as number) + (random() - 0.5) * span * 0.02),
        );
        level[j] = next;
        const factor = 10 ** signal.decimals;
        samples.push({ s: signal.s, v: Math.round(next * factor) / factor, q: "good", t });
      }
    }
    devices.push({ dev: `machine-${String(d + 1).padStart(2, "0")}`, samples });
  }
  return {
    v: 1,
    kind: "data",
    ent: "acme-parts",
    gw: "hall-2-gw",
    sess: "q3VnR8xLm2Tz9KpA",
    seq,
    ts: start + shape.times * period,
    devices,
  };
}
