import type { TelemetryPoint } from "./telemetry-store.js";

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

const seriesOf = (p: TelemetryPoint) =>
  `${MEASUREMENT},${TAG_KEYS.dev}=${escapeKey(p.dev)},${TAG_KEYS.ent}=${escapeKey(p.ent)},` +
  `${TAG_KEYS.gw}=${escapeKey(p.gw)},${TAG_KEYS.profile}=${escapeKey(p.profile)}`;

const isSameSeries = (a: TelemetryPoint, b: TelemetryPoint) =>
  a.dev === b.dev && a.ent === b.ent && a.gw === b.gw && a.profile === b.profile;

/** Points of one device at one timestamp share a line: fewer, denser lines for InfluxDB to parse. */
export function toLineProtocol(points: readonly TelemetryPoint[]): string[] {
  // series → timestamp → fields. A signal sampled twice at one timestamp keeps the last sample,
  // as InfluxDB would.
  const bySeries = new Map<string, Map<number, Map<string, string>>>();
  let previous: TelemetryPoint | undefined;
  let times: Map<number, Map<string, string>> | undefined;
  for (const p of points) {
    // A frame's samples come device by device: the series text is built once per run of points.
    if (times === undefined || previous === undefined || !isSameSeries(p, previous)) {
      const series = seriesOf(p);
      times = bySeries.get(series);
      if (times === undefined) {
        times = new Map();
        bySeries.set(series, times);
      }
    }
    previous = p;
    let fields = times.get(p.t);
    if (fields === undefined) {
      fields = new Map();
      times.set(p.t, fields);
    }
    const name = escapeKey(p.signal);
    if (p.value !== null) fields.set(name, `${name}=${fieldValue(p.value)}`);
    if (p.value === null || p.quality !== "good")
      fields.set(`${name}${QUALITY_SUFFIX}`, `${name}${QUALITY_SUFFIX}="${p.quality}"`);
  }
  const out: string[] = [];
  for (const [series, byTime] of bySeries) {
    for (const [t, fields] of byTime) out.push(`${series} ${[...fields.values()].join(",")} ${t}`);
  }
  return out;
}
