import {
  blockTimes,
  type DataBody,
  type DataBodyV2,
  type Quality,
  type Sample,
  type SampleBlock,
  type SampleValue,
} from "@onramp/contract";

/**
 * A data frame's samples as the ingest reads them: per device, columns of signals read at the
 * same times (`values[j][k]` is `signals[j]` at `times[k]`). A v2 frame's blocks are this layout
 * already (the times made absolute, the value columns shared, not copied), so a verified v2 frame
 * reaches the telemetry write, the ledger and the frame log without an object per value; a v1
 * frame (agents in the field, Sparkplug B, tests) comes through `columnsOfSamples`. Read in
 * order — columns, then times, then signals — the samples come exactly as the v1 form lists them
 * (contract `expandBlocks` for v2), so every consumer sees one order whatever the version.
 */
export interface SampleColumns {
  readonly signals: readonly string[];
  /** Absolute source times, epoch ms. */
  readonly times: readonly number[];
  readonly values: readonly (readonly SampleValue[])[];
  /** The samples that are not good, by `j * times.length + k`; undefined when all are good. */
  readonly qualities: ReadonlyMap<number, Quality> | undefined;
}

export interface DeviceColumns {
  readonly dev: string;
  readonly columns: readonly SampleColumns[];
}

/** Either form of a verified data body: v1 as listed, or v2 as signed (decoder `keepDataBlocks`). */
export type AnyDataBody = DataBody | DataBodyV2;

/** A v2 device's blocks as columns: times made absolute, everything else shared. */
export function columnsOfBlocks(t0: number, blocks: readonly SampleBlock[]): SampleColumns[] {
  return blocks.map((block) => ({
    signals: block.s,
    // The decoder checked every time of a verified body is in range: never undefined here.
    times: blockTimes(t0, block.t) as number[],
    values: block.v,
    qualities:
      block.q === undefined ? undefined : new Map(block.q.map(([j, k, q]) => [j * block.t.length + k, q])),
  }));
}

/**
 * v1 samples as columns: each run of samples at one time becomes a column set of that one time,
 * so reading the columns back gives the samples in their listed order (legacy frames pay an
 * array per value; they carry 80 bytes per value on the wire anyway).
 */
export function columnsOfSamples(samples: readonly Sample[]): SampleColumns[] {
  const out: {
    signals: string[];
    times: [number];
    values: SampleValue[][];
    qualities: Map<number, Quality> | undefined;
  }[] = [];
  let current: (typeof out)[number] | undefined;
  for (const sample of samples) {
    if (current === undefined || current.times[0] !== sample.t) {
      current = { signals: [], times: [sample.t], values: [], qualities: undefined };
      out.push(current);
    }
    // One time per column set: sample j's index is j * 1 + 0.
    if (sample.q !== "good") {
      current.qualities ??= new Map();
      current.qualities.set(current.signals.length, sample.q);
    }
    current.signals.push(sample.s);
    current.values.push([sample.v]);
  }
  return out;
}

/** Every device of a data body as columns, whichever form the body has. */
export function deviceColumnsOf(body: AnyDataBody): DeviceColumns[] {
  if (body.v === 2) {
    const { t0 } = body;
    return body.devices.map(({ dev, blocks }) => ({ dev, columns: columnsOfBlocks(t0, blocks) }));
  }
  return body.devices.map(({ dev, samples }) => ({ dev, columns: columnsOfSamples(samples) }));
}

/** Samples in a set of columns. */
export function samplesIn(columns: readonly SampleColumns[]): number {
  let total = 0;
  for (const c of columns) total += c.signals.length * c.times.length;
  return total;
}

/** The samples of columns in order, one object each: for tests and cold paths, never the hot one. */
export function* samplesOf(columns: readonly SampleColumns[]): Generator<Sample> {
  for (const { signals, times, values, qualities } of columns)
    for (let k = 0; k < times.length; k++)
      for (let j = 0; j < signals.length; j++)
        yield {
          s: signals[j] as string,
          t: times[k] as number,
          v: (values[j] as SampleValue[])[k] as SampleValue,
          q: qualities?.get(j * times.length + k) ?? "good",
        };
}

/**
 * Whether any sample of a column set is a sign of life (good, with a value: INDICATORS §4);
 * usually the very first one is.
 */
export function hasSignOfLife({ signals, times, values, qualities }: SampleColumns): boolean {
  for (let j = 0; j < signals.length; j++) {
    const column = values[j] as readonly SampleValue[];
    for (let k = 0; k < times.length; k++)
      if (column[k] !== null && (qualities === undefined || !qualities.has(j * times.length + k)))
        return true;
  }
  return false;
}
