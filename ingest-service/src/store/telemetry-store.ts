import type { Quality, Sample, SampleValue } from "@onramp/contract";
import { columnsOfSamples, type SampleColumns, samplesIn } from "./sample-columns.js";

/** One sample with its identity (tests, and callers that build samples one by one). */
export interface TelemetryPoint {
  ent: string;
  gw: string;
  dev: string;
  /** `vendor/model@version` from the device's birth, or "unknown" before the first birth. */
  profile: string;
  signal: string;
  /** Source timestamp, epoch ms. */
  t: number;
  value: SampleValue;
  quality: Quality;
}

export interface SignalQuery {
  ent: string;
  gw: string;
  dev: string;
  signal: string;
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
  limit: number;
}

export interface SignalPoint {
  t: number;
  value: SampleValue;
  quality: Quality;
}

/**
 * One device's samples of one frame, with the identity they are stored under: what the committer
 * hands a store. The columns are the decoded body's own (sample-columns.ts): building a
 * TelemetryPoint per value, 8 fields each, was an object for every value on the hot path.
 */
export interface SampleRun {
  ent: string;
  gw: string;
  dev: string;
  /** `vendor/model@version` from the device's birth, or "unknown" before the first birth. */
  profile: string;
  columns: readonly SampleColumns[];
}

/** What one telemetry write carries: runs of samples, in arrival order. */
export type TelemetryBatch = readonly SampleRun[];

/** Values in a batch. */
export function valuesIn(batch: TelemetryBatch): number {
  let total = 0;
  for (const run of batch) total += samplesIn(run.columns);
  return total;
}

/** Points as a batch: consecutive points of one identity share a run (the one adapter from points). */
export function batchOfPoints(points: readonly TelemetryPoint[]): SampleRun[] {
  const groups: { first: TelemetryPoint; samples: Sample[] }[] = [];
  let group: (typeof groups)[number] | undefined;
  for (const p of points) {
    const { first } = group ?? {};
    if (
      group === undefined ||
      first?.dev !== p.dev ||
      first.ent !== p.ent ||
      first.gw !== p.gw ||
      first.profile !== p.profile
    ) {
      group = { first: p, samples: [] };
      groups.push(group);
    }
    group.samples.push({ s: p.signal, t: p.t, v: p.value, q: p.quality });
  }
  return groups.map(({ first: { ent, gw, dev, profile }, samples }) => ({
    ent,
    gw,
    dev,
    profile,
    columns: columnsOfSamples(samples),
  }));
}

/**
 * The telemetry port. `write` resolves only once the samples are durable (the server answered
 * 2xx, or the SQL transaction committed) and rejects otherwise: the caller acknowledges MQTT
 * messages on that promise. Writing the same point twice stores it once (same series and
 * timestamp overwrite), which is what makes redelivery harmless.
 */
export interface TelemetryStore {
  readonly kind: string;
  write(batch: TelemetryBatch): Promise<void>;
  readSignal(query: SignalQuery): Promise<SignalPoint[]>;
  /** True when the store answers; used by /readyz. */
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** The read half alone, for stores whose reads go through another API (InfluxQL). */
export type SignalReader = Pick<TelemetryStore, "readSignal">;

export const UNKNOWN_PROFILE = "unknown";
