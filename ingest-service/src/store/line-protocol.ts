import type { SampleValue } from "@onramp/contract";
import type { SampleColumns } from "./sample-columns.js";
import {
  batchOfPoints,
  type SampleRun,
  type TelemetryBatch,
  type TelemetryPoint,
} from "./telemetry-store.js";

/**
 * InfluxDB layout (README "Telemetry layout"): one measurement, identity in tags, one field per
 * signal. Tag values are ids and profile refs, so series cardinality grows with devices, never
 * with values. A signal's field type follows its profile type and never changes: numbers are
 * always floats (no `i` suffix), so 3 and 3.5 land in one field.
 */
export const MEASUREMENT = "onramp_device";
export const TAG_KEYS = { ent: "enterprise", gw: "gateway", dev: "device", profile: "profile" } as const;
/** Suffix of the field holding a sample's quality when it is not `good`, or when the value is null. */
export const QUALITY_SUFFIX = "__q";

const KEY_SPECIAL = /[,= \\]/;
const KEY_SPECIALS = /[,= \\]/g;
// Ids rarely need escaping: testing first skips the replace's allocations (measured with
// 20,000-point batches, toLineProtocol went from 1.77 to 0.37 µs per point with the changes below).
const escapeKey = (text: string) =>
  KEY_SPECIAL.test(text) ? text.replace(KEY_SPECIALS, (c) => `\\${c}`) : text;
const escapeString = (text: string) => text.replace(/["\\]/g, (c) => `\\${c}`);

function fieldValue(value: number | boolean | string): string {
  if (typeof value === "number") {
    // "3" would still parse as a float, but "3.0" says so; from 1e21 up String() writes an
    // exponent ("1e+21"), a float already.
    return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  return `"${escapeString(value)}"`;
}

const seriesOf = (run: SampleRun) =>
  `${MEASUREMENT},${TAG_KEYS.dev}=${escapeKey(run.dev)},${TAG_KEYS.ent}=${escapeKey(run.ent)},` +
  `${TAG_KEYS.gw}=${escapeKey(run.gw)},${TAG_KEYS.profile}=${escapeKey(run.profile)}`;

/**
 * The fields of one line, in the order first written; a field written again keeps its place and
 * takes the last value, as InfluxDB would. Lines hold a few dozen fields: a scan of `keys` finds a
 * repeat faster than a Map costs to build, and the Map is made only for wide lines.
 */
interface Line {
  t: number;
  keys: string[];
  fields: string[];
  index: Map<string, number> | undefined;
}

const WIDE_LINE = 32;

function setField(line: Line, key: string, field: string): void {
  const at = line.index === undefined ? line.keys.indexOf(key) : (line.index.get(key) ?? -1);
  if (at >= 0) {
    line.fields[at] = field;
    return;
  }
  line.keys.push(key);
  line.fields.push(field);
  if (line.index !== undefined) line.index.set(key, line.keys.length - 1);
  else if (line.keys.length > WIDE_LINE) line.index = new Map(line.keys.map((k, i) => [k, i]));
}

/** Fields of good samples at time `k` into a new line, whose keys cannot repeat. */
function addFields(
  line: Line,
  names: readonly string[],
  prefixes: readonly string[],
  values: SampleColumns["values"],
  k: number,
): void {
  for (let j = 0; j < names.length; j++) {
    const name = names[j] as string;
    const v = (values[j] as SampleValue[])[k] as SampleValue;
    // A null value is written as its quality alone, "good" included (as setField's callers do).
    const key = v === null ? `${name}${QUALITY_SUFFIX}` : name;
    line.keys.push(key);
    line.fields.push(v === null ? `${key}="good"` : (prefixes[j] as string) + fieldValue(v));
  }
  if (line.keys.length > WIDE_LINE) line.index = new Map(line.keys.map((key, i) => [key, i]));
}

/**
 * Samples of one device at one timestamp share a line: fewer, denser lines for InfluxDB to parse.
 * Built from a batch's runs column by column: the series text once per run, each signal's escaped
 * name once per column set, the line looked up once per time, the quality map only where a
 * column set has one. The output is what the point-by-point layout gave (line-protocol.test.ts).
 */
export function linesOf(batch: TelemetryBatch): string[] {
  // series → timestamp → line; both in first-seen order, which is the output order.
  const bySeries = new Map<string, Map<number, Line>>();
  const escaped = new Map<string, string>();
  const nameOf = (signal: string) => {
    let name = escaped.get(signal);
    if (name === undefined) {
      name = escapeKey(signal);
      escaped.set(signal, name);
    }
    return name;
  };
  for (const run of batch) {
    const series = seriesOf(run);
    let lines = bySeries.get(series);
    if (lines === undefined) {
      lines = new Map();
      bySeries.set(series, lines);
    }
    for (const { signals, times, values, qualities } of run.columns) {
      const names = signals.map(nameOf);
      // `name=` once per column set: a field is then one concatenation, not two.
      const prefixes = names.map((name) => `${name}=`);
      // A new line from a column set of distinct, all-good signals cannot repeat a field: its
      // fields go in without a search (the usual case: a v2 block, each time its own line).
      const isPlain = qualities === undefined && (names.length < 2 || new Set(names).size === names.length);
      for (let k = 0; k < times.length; k++) {
        const t = times[k] as number;
        let line = lines.get(t);
        if (line === undefined) {
          line = { t, keys: [], fields: [], index: undefined };
          lines.set(t, line);
          if (isPlain) {
            addFields(line, names, prefixes, values, k);
            continue;
          }
        }
        for (let j = 0; j < names.length; j++) {
          const name = names[j] as string;
          const v = (values[j] as SampleValue[])[k] as SampleValue;
          const q = qualities?.get(j * times.length + k) ?? "good";
          if (v !== null) setField(line, name, (prefixes[j] as string) + fieldValue(v));
          if (v === null || q !== "good") {
            const key = `${name}${QUALITY_SUFFIX}`;
            setField(line, key, `${key}="${q}"`);
          }
        }
      }
    }
  }
  const out: string[] = [];
  for (const [series, byTime] of bySeries)
    for (const line of byTime.values()) out.push(`${series} ${line.fields.join(",")} ${line.t}`);
  return out;
}

/** The same lines from points (one adapter: consecutive points of a device form a run). */
export function toLineProtocol(points: readonly TelemetryPoint[]): string[] {
  return linesOf(batchOfPoints(points));
}
