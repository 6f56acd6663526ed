import type { ReplySample } from "@onramp/contract";
import { isoTime } from "../flags.js";
import type { SignalSeries, SignalSpec } from "../inputs.js";

export interface ConsistencyRule {
  /** Share of the stream's scale a numeric reply value may lie outside the stream's range. */
  readonly tolerance: number;
  /** Multiplies the slack for an `uncertain` reply value. */
  readonly uncertainSlackFactor: number;
}

/**
 * How far a value may be from the last reported one without a new sample: the profile's
 * deadband in the signal's unit (a `percentOfRange` deadband is a share of the range span,
 * OPC 10000-8 §6.2, the agent reporter's own reading). 0 without a deadband.
 */
export function deadbandSlack(spec: SignalSpec | undefined): number {
  const deadband = spec?.deadband;
  if (deadband === undefined) return 0;
  if (deadband.kind === "absolute") return deadband.value;
  const [min, max] = spec?.range ?? [0, 0];
  return (deadband.value / 100) * (max - min);
}

/**
 * Why a reply value does not match the stream, or null if it does or is no evidence either way.
 *
 * - A `bad` sample (or one without a value) says nothing about the value: skipped here; a reply
 *   with no usable value at all fails the freshness test instead.
 * - Numbers may lie outside the stream's range by max(tolerance × scale, deadband): the agent
 *   reports a change only past the deadband, so the device's value may sit that far from the last
 *   reported one while the stream stays silent. An `uncertain` value gets that slack ×
 *   `uncertainSlackFactor`; other types must equal a value the stream reported.
 * - The stream is taken within `window`; when it has no usable sample there (a device that
 *   reports by exception and whose heartbeat is longer than the window, or a stream gap), the
 *   last usable value before the window stands in for it — the value the stream says the device
 *   still had — provided it is younger than the device's offline horizon (INDICATORS §3,
 *   10 × heartbeat): past that the stream itself says the device was gone. With no usable sample
 *   there either, the stream cannot vouch for the reply: that is an inconsistency (a device that
 *   answers challenges while its stream is silent).
 */
export function inconsistency(
  sample: ReplySample,
  spec: SignalSpec | undefined,
  series: SignalSeries | undefined,
  window: {
    readonly from: number;
    readonly to: number;
    /** How far back the last value before the window may be (the device's offline horizon). */
    readonly lastValueFrom: number;
  },
  rule: ConsistencyRule,
): string | null {
  if (sample.q === "bad" || sample.v === null) return null;
  const usable = (series?.points ?? []).filter((p) => p.q !== "bad" && p.v !== null);
  let stream = usable.filter((p) => p.t >= window.from && p.t <= window.to).map((p) => p.v);
  let source = "the stream";
  if (stream.length === 0) {
    const before = usable.filter((p) => p.t >= window.lastValueFrom && p.t < window.from).at(-1);
    if (before === undefined)
      return "the stream has no sample of it around the challenge, nor one while the device was last online";
    stream = [before.v];
    source = `the last value before the challenge (${isoTime(before.t)})`;
  }
  if (typeof sample.v === "number") {
    const numbers = stream.filter((v): v is number => typeof v === "number");
    if (numbers.length === 0) return `${source} carries no number for it`;
    const low = Math.min(...numbers);
    const high = Math.max(...numbers);
    const scaled = rule.tolerance * Math.max(high - low, Math.abs(low), Math.abs(high));
    const factor = sample.q === "uncertain" ? rule.uncertainSlackFactor : 1;
    const slack = Math.max(scaled, deadbandSlack(spec)) * factor;
    if (sample.v >= low - slack && sample.v <= high + slack) return null;
    const range = low === high ? `${low}` : `${low}..${high}`;
    return `the reply says ${sample.v}, ${source} ${range} (slack ${round(slack)})`;
  }
  return stream.includes(sample.v) ? null : `the reply says ${String(sample.v)}, ${source} never did`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
