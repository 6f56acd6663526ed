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

const escapeKey = (text: string) => text.replace(/[,= \\]/g, (c) => `\\${c}`);
const escapeString = (text: string) => text.replace(/["\\]/g, (c) => `\\${c}`);

function fieldValue(value: number | boolean | string): string {
  if (typeof value === "number") {
    // "3" would still parse as a float, but "3.0" says so; exponents ("1e+21") are floats already.
    const text = String(value);
    return /[.e]/.test(text) ? text : `${text}.0`;
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  return `"${escapeString(value)}"`;
}

/** Points of one device at one timestamp share a line: fewer, denser lines for InfluxDB to parse. */
export function toLineProtocol(points: readonly TelemetryPoint[]): string[] {
  // Field maps: a signal sampled twice at one timestamp keeps the last sample, as InfluxDB would.
  const lines = new Map<string, Map<string, string>>();
  for (const p of points) {
    const series =
      `${MEASUREMENT},${TAG_KEYS.dev}=${escapeKey(p.dev)},${TAG_KEYS.ent}=${escapeKey(p.ent)},` +
      `${TAG_KEYS.gw}=${escapeKey(p.gw)},${TAG_KEYS.profile}=${escapeKey(p.profile)}`;
    const key = `${series} ${p.t}`;
    let fields = lines.get(key);
    if (fields === undefined) {
      fields = new Map();
      lines.set(key, fields);
    }
    const name = escapeKey(p.signal);
    if (p.value !== null) fields.set(name, `${name}=${fieldValue(p.value)}`);
    if (p.value === null || p.quality !== "good")
      fields.set(`${name}${QUALITY_SUFFIX}`, `${name}${QUALITY_SUFFIX}="${p.quality}"`);
  }
  const out: string[] = [];
  for (const [key, fields] of lines) {
    const space = key.lastIndexOf(" ");
    out.push(`${key.slice(0, space)} ${[...fields.values()].join(",")}${key.slice(space)}`);
  }
  return out;
}
