import { z } from "zod";
import { SignalId } from "../ids.js";
import { MAX_DATA_SAMPLES } from "./data.js";
import { MAX_EPOCH_MS } from "./header.js";
import { type Quality, type ReplySample, type Sample, SampleValueSchema } from "./sample.js";

/**
 * Contract v2's sample layout, shared by data bodies (per device) and challenge replies: samples
 * grouped in blocks of signals read at the same times. A block names its signals once (`s`),
 * gives its times once (`t`, each an offset from the one before, the first from the body's
 * `t0`), and its values as one column per signal (`v[j][k]` is signal `s[j]` at time `k`). Only
 * samples that are not good are listed (`q`). The size then grows with the values, not with
 * repeated names and 13-digit times: measured in the contract README ("Frame size").
 */

/** `q` lists only the exceptions to "good": [signal index, time index, quality]. */
export const BlockQualitySchema = z.tuple([z.int().min(0), z.int().min(0), z.enum(["uncertain", "bad"])]);

/** An offset in ms; any sign (a signal's own times need not ascend), bounded so sums stay exact. */
const Offset = z.int().min(-MAX_EPOCH_MS).max(MAX_EPOCH_MS);

/**
 * Each array is bounded by the frame's sample bound (a block holds s × t samples, at least one
 * each), so JSON Schema states a limit too; the total over all blocks is checked by the body.
 */
const blockFields = {
  s: z.array(SignalId).min(1).max(MAX_DATA_SAMPLES).describe("The block's signals, each named once"),
  t: z
    .array(Offset)
    .min(1)
    .max(MAX_DATA_SAMPLES)
    .describe("Sample times in ms: the first as an offset from the body's t0, each next from the one before"),
  v: z
    .array(z.array(SampleValueSchema).min(1).max(MAX_DATA_SAMPLES))
    .min(1)
    .max(MAX_DATA_SAMPLES)
    .describe("One column per signal of s, one value per time of t"),
  q: z
    .array(BlockQualitySchema)
    .min(1)
    .max(MAX_DATA_SAMPLES)
    .optional()
    .describe("The samples that are not good: [index in s, index in t, quality]; every other is good"),
};

export const SampleBlockSchema = z.strictObject(blockFields).superRefine(checkBlockShape);
export type SampleBlock = z.infer<typeof SampleBlockSchema>;

/** A reply's block may also carry the device's own source timestamps (see ReplySampleSchema). */
export const ReplySampleBlockSchema = z
  .strictObject({
    ...blockFields,
    src: z
      .array(z.array(Offset.nullable()).min(1).max(MAX_DATA_SAMPLES))
      .min(1)
      .max(MAX_DATA_SAMPLES)
      .optional()
      .describe(
        "Shaped like v: the device's source timestamp of each sample as an offset from the sample's time, or null when it has none",
      ),
  })
  .superRefine(checkBlockShape);
export type ReplySampleBlock = z.infer<typeof ReplySampleBlockSchema>;

type AnyBlock = { s: string[]; t: number[]; v: unknown[][]; q?: [number, number, string][] | undefined } & {
  src?: (number | null)[][] | undefined;
};

/** Rules JSON Schema cannot state: the columns fit `s` × `t`, and `q` points inside, once per sample. */
function checkBlockShape(block: AnyBlock, ctx: z.RefinementCtx): void {
  const issue = (message: string, path: (string | number)[]) =>
    ctx.addIssue({ code: "custom", message, path });
  const { s, t, v, q, src } = block;
  if (v.length !== s.length) issue(`v has ${v.length} columns for ${s.length} signals`, ["v"]);
  for (const [j, column] of v.entries())
    if (column.length !== t.length)
      issue(`column has ${column.length} values for ${t.length} times`, ["v", j]);
  if (src !== undefined) {
    if (src.length !== s.length) issue(`src has ${src.length} columns for ${s.length} signals`, ["src"]);
    for (const [j, column] of src.entries())
      if (column.length !== t.length)
        issue(`column has ${column.length} entries for ${t.length} times`, ["src", j]);
  }
  const seen = new Set<number>();
  for (const [i, [j, k]] of (q ?? []).entries()) {
    if (j >= s.length || k >= t.length) issue("points outside the block", ["q", i]);
    else if (seen.has(j * t.length + k)) issue("names a sample twice", ["q", i]);
    seen.add(j * t.length + k);
  }
}

/** Samples a set of blocks holds: what the sample bound of a body counts. */
export function countBlockSamples(
  blocks: readonly { s: readonly unknown[]; t: readonly unknown[] }[],
): number {
  let total = 0;
  for (const block of blocks) total += block.s.length * block.t.length;
  return total;
}

/**
 * The absolute times of a block, or undefined when one falls outside EpochMs (a frame could
 * otherwise carry offsets summing to a time no Date can hold).
 */
export function blockTimes(t0: number, deltas: readonly number[]): number[] | undefined {
  const times = new Array<number>(deltas.length);
  let at = t0;
  for (let k = 0; k < deltas.length; k++) {
    at += deltas[k] as number;
    if (at < 0 || at > MAX_EPOCH_MS) return undefined;
    times[k] = at;
  }
  return times;
}

/** The time bound of every block, for the body schemas' refinements. */
export function checkBlockTimes(
  t0: number,
  blocks: readonly { t: readonly number[] }[],
  ctx: z.RefinementCtx,
  path: (string | number)[],
): void {
  for (const [b, block] of blocks.entries()) {
    if (blockTimes(t0, block.t) === undefined)
      ctx.addIssue({
        code: "custom",
        message: `a time of t falls outside 0..${MAX_EPOCH_MS} once added to t0`,
        path: [...path, b, "t"],
      });
  }
}

/**
 * Expands blocks (already valid) into samples, time by time within a block, as a poll would have
 * read them. Each signal keeps the order of its own samples; only the interleaving of different
 * signals can differ from the sender's, which no consumer reads (a series is one signal).
 */
export function expandBlocks(t0: number, blocks: readonly SampleBlock[]): Sample[] {
  const samples: Sample[] = [];
  for (const block of blocks) {
    const times = blockTimes(t0, block.t) as number[];
    const qualities = qualityIndex(block);
    const { s, v } = block;
    for (let k = 0; k < times.length; k++) {
      const t = times[k] as number;
      for (let j = 0; j < s.length; j++) {
        const q = qualities?.get(j * times.length + k) ?? "good";
        samples.push({ s: s[j] as string, v: (v[j] as Sample["v"][])[k] as Sample["v"], q, t });
      }
    }
  }
  return samples;
}

/** Reply blocks into reply samples: `src` is restored where the block gives one. */
export function expandReplyBlocks(t0: number, blocks: readonly ReplySampleBlock[]): ReplySample[] {
  const samples: ReplySample[] = [];
  for (const block of blocks) {
    const times = blockTimes(t0, block.t) as number[];
    const qualities = qualityIndex(block);
    const { s, v, src } = block;
    for (let k = 0; k < times.length; k++) {
      const t = times[k] as number;
      for (let j = 0; j < s.length; j++) {
        const q = qualities?.get(j * times.length + k) ?? "good";
        const sample: ReplySample = { s: s[j] as string, v: (v[j] as Sample["v"][])[k] as Sample["v"], q, t };
        const offset = src?.[j]?.[k];
        if (offset !== undefined && offset !== null) sample.src = t + offset;
        samples.push(sample);
      }
    }
  }
  return samples;
}

function qualityIndex(block: {
  t: readonly unknown[];
  q?: SampleBlock["q"];
}): Map<number, Quality> | undefined {
  if (block.q === undefined) return undefined;
  const index = new Map<number, Quality>();
  for (const [j, k, q] of block.q) index.set(j * block.t.length + k, q);
  return index;
}

/** The earliest sample time of a body: its `t0`, so the first offsets stay small and positive. */
export function baseTimeOf(groups: readonly (readonly { t: number }[])[], fallback: number): number {
  let t0 = Number.POSITIVE_INFINITY;
  for (const samples of groups) for (const sample of samples) if (sample.t < t0) t0 = sample.t;
  return t0 === Number.POSITIVE_INFINITY ? fallback : t0;
}

interface Series {
  times: number[];
  values: Sample["v"][];
  exceptions: [number, Exclude<Quality, "good">][];
  src: (number | null)[];
  hasSrc: boolean;
}

/**
 * Groups samples into blocks: each signal's samples, in their order, become one column; signals
 * with exactly the same times share a block (and its `t`). Dense polls give one block per device;
 * report-by-exception gives a block per set of signals that changed together.
 */
export function compactSamples(samples: readonly Sample[], t0: number): SampleBlock[];
export function compactSamples(samples: readonly ReplySample[], t0: number): ReplySampleBlock[];
export function compactSamples(samples: readonly ReplySample[], t0: number): ReplySampleBlock[] {
  const bySignal = new Map<string, Series>();
  for (const sample of samples) {
    let series = bySignal.get(sample.s);
    if (series === undefined) {
      series = { times: [], values: [], exceptions: [], src: [], hasSrc: false };
      bySignal.set(sample.s, series);
    }
    if (sample.q !== "good") series.exceptions.push([series.times.length, sample.q]);
    series.times.push(sample.t);
    series.values.push(sample.v);
    if (sample.src === undefined) series.src.push(null);
    else {
      series.src.push(sample.src - sample.t);
      series.hasSrc = true;
    }
  }
  const byTimes = new Map<string, { times: number[]; signals: [string, Series][] }>();
  for (const entry of bySignal) {
    const key = entry[1].times.join(",");
    const group = byTimes.get(key);
    if (group === undefined) byTimes.set(key, { times: entry[1].times, signals: [entry] });
    else group.signals.push(entry);
  }
  return [...byTimes.values()].map(({ times, signals }) => toBlock(times, signals, t0));
}

function toBlock(times: number[], signals: [string, Series][], t0: number): ReplySampleBlock {
  const t = times.map((at, k) => at - (k === 0 ? t0 : (times[k - 1] as number)));
  const block: ReplySampleBlock = {
    s: signals.map(([s]) => s),
    t,
    v: signals.map(([, series]) => series.values),
  };
  const q = signals.flatMap(([, series], j) =>
    series.exceptions.map(([k, quality]): [number, number, "uncertain" | "bad"] => [j, k, quality]),
  );
  if (q.length > 0) block.q = q;
  if (signals.some(([, series]) => series.hasSrc)) block.src = signals.map(([, series]) => series.src);
  return block;
}
