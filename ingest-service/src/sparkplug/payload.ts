import sparkplugPayload from "sparkplug-payload";

/**
 * Decoding with Eclipse Tahu's own JavaScript decoder (`sparkplug-payload`, the one the Tahu edge
 * client encodes with): it knows the Sparkplug-specific value mapping (int types, DataSet,
 * Template, PropertySet) of sparkplug_b.proto, which a bare protobuf decoder would leave to us.
 */
const codec = sparkplugPayload.get("spBv1.0");
if (codec === null) throw new Error("sparkplug-payload has no spBv1.0 codec");

/** A metric value we can store: numbers, booleans, text; null when the metric is_null. */
export type MetricValue = number | boolean | string | null;

export interface DecodedMetric {
  name: string | undefined;
  alias: number | undefined;
  /** Sparkplug type name as sparkplug-payload spells it (`Int32`, `Double`, `Template` …). */
  type: string;
  value: MetricValue;
  /** The member metrics of a Template instance (`templateRef` names its definition). */
  template?: { ref: string | undefined; metrics: DecodedMetric[] } | undefined;
  timestamp: number | undefined;
  isHistorical: boolean;
  isTransient: boolean;
  /** Set for value types we do not store (DataSet, Bytes, File, PropertySet…). */
  isUnsupported: boolean;
}

export interface DecodedPayload {
  timestamp: number | undefined;
  seq: number | undefined;
  metrics: DecodedMetric[];
}

export type DecodeResult =
  | { ok: true; payload: DecodedPayload }
  | {
      ok: false;
      code:
        | "ONRAMP_SPARKPLUG_PAYLOAD_TOO_LARGE"
        | "ONRAMP_SPARKPLUG_PAYLOAD_INVALID"
        | "ONRAMP_SPARKPLUG_TOO_MANY_METRICS";
      detail: string;
    };

export interface DecodeLimits {
  maxPayloadBytes: number;
  maxMetricsPerMessage: number;
}

interface LongLike {
  toNumber(): number;
}
const isLong = (v: unknown): v is LongLike =>
  typeof v === "object" && v !== null && typeof (v as LongLike).toNumber === "function";

const toNumber = (v: unknown): number | undefined =>
  typeof v === "number" ? v : isLong(v) ? v.toNumber() : undefined;

const SCALAR_TYPES = new Set([
  "Int8",
  "Int16",
  "Int32",
  "Int64",
  "UInt8",
  "UInt16",
  "UInt32",
  "UInt64",
  "Float",
  "Double",
  "Boolean",
  "String",
  "Text",
  "UUID",
  "DateTime",
]);

/** Bounded decode: the size is checked before protobuf parses a byte, the metric count after. */
export function decodeSparkplugPayload(bytes: Uint8Array, limits: DecodeLimits): DecodeResult {
  if (bytes.byteLength > limits.maxPayloadBytes)
    return {
      ok: false,
      code: "ONRAMP_SPARKPLUG_PAYLOAD_TOO_LARGE",
      detail: `${bytes.byteLength} bytes > ${limits.maxPayloadBytes}`,
    };
  let raw: ReturnType<NonNullable<typeof codec>["decodePayload"]>;
  try {
    raw = (codec as NonNullable<typeof codec>).decodePayload(bytes);
  } catch (error) {
    return { ok: false, code: "ONRAMP_SPARKPLUG_PAYLOAD_INVALID", detail: (error as Error).message };
  }
  const metrics = raw.metrics ?? [];
  if (countMetrics(metrics) > limits.maxMetricsPerMessage)
    return {
      ok: false,
      code: "ONRAMP_SPARKPLUG_TOO_MANY_METRICS",
      detail: `more than ${limits.maxMetricsPerMessage} metrics (template members included)`,
    };
  return {
    ok: true,
    payload: {
      timestamp: toNumber(raw.timestamp),
      seq: toNumber(raw.seq),
      metrics: metrics.map(toMetric),
    },
  };
}

type RawMetric = NonNullable<ReturnType<NonNullable<typeof codec>["decodePayload"]>["metrics"]>[number];

function countMetrics(metrics: readonly RawMetric[]): number {
  let n = 0;
  for (const m of metrics) {
    n += 1;
    if (m.type === "Template" && typeof m.value === "object" && m.value !== null && "metrics" in m.value)
      n += countMetrics((m.value as { metrics?: RawMetric[] }).metrics ?? []);
  }
  return n;
}

function toMetric(m: RawMetric): DecodedMetric {
  const base = {
    name: typeof m.name === "string" && m.name !== "" ? m.name : undefined,
    alias: toNumber(m.alias),
    type: String(m.type),
    timestamp: toNumber(m.timestamp),
    isHistorical: m.isHistorical === true,
    isTransient: m.isTransient === true,
  };
  if (m.isNull === true || m.value === null || m.value === undefined)
    return { ...base, value: null, isUnsupported: false };
  if (m.type === "Template") {
    const t = m.value as { templateRef?: string | null; metrics?: RawMetric[] };
    return {
      ...base,
      value: null,
      isUnsupported: false,
      template: { ref: t.templateRef ?? undefined, metrics: (t.metrics ?? []).map(toMetric) },
    };
  }
  if (!SCALAR_TYPES.has(base.type)) return { ...base, value: null, isUnsupported: true };
  const v = m.value;
  if (typeof v === "boolean" || typeof v === "string") return { ...base, value: v, isUnsupported: false };
  const n = toNumber(v);
  return n === undefined
    ? { ...base, value: null, isUnsupported: true }
    : { ...base, value: n, isUnsupported: false };
}

/** The NCMD asking an edge node for a rebirth (Sparkplug B 3.0 §6.4.11, `Node Control/Rebirth`). */
export function encodeRebirthRequest(now: number): Uint8Array {
  return (codec as NonNullable<typeof codec>).encodePayload({
    timestamp: now,
    metrics: [{ name: "Node Control/Rebirth", type: "Boolean", value: true }],
  });
}
