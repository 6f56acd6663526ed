import sparkplugPayload from "sparkplug-payload";
import { describe, expect, it } from "vitest";
import { decodeSparkplugPayload, encodeRebirthRequest } from "./payload.js";
import { translateMetrics } from "./translate.js";

const codec = sparkplugPayload.get("spBv1.0");
const encode = (payload: Parameters<NonNullable<typeof codec>["encodePayload"]>[0]) =>
  (codec as NonNullable<typeof codec>).encodePayload(payload);
const limits = { maxPayloadBytes: 4096, maxMetricsPerMessage: 5 };

describe("decodeSparkplugPayload (Tahu sparkplug-payload, bounded)", () => {
  it("decodes seq, 64-bit integers, historical flags, nulls and template members", () => {
    const decoded = decodeSparkplugPayload(
      encode({
        timestamp: 1_700_000_000_000,
        seq: 42,
        metrics: [
          { name: "Counters/PartCount", alias: 3, type: "UInt64", value: 12_345_678_901 },
          { alias: 2, type: "Double", value: 1.5, timestamp: 1_699_999_000_000, isHistorical: true },
          { name: "Maybe", type: "Int32", value: null, isNull: true },
          {
            name: "Status",
            type: "Template",
            value: {
              templateRef: "CncStatus",
              metrics: [{ name: "Execution", type: "String", value: "ACTIVE" }],
            },
          },
        ],
      }),
      { ...limits, maxMetricsPerMessage: 10 },
    );
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const [count, speed, nothing, status] = decoded.payload.metrics;
    expect(decoded.payload).toMatchObject({ seq: 42, timestamp: 1_700_000_000_000 });
    expect(count).toMatchObject({ name: "Counters/PartCount", alias: 3, value: 12_345_678_901 });
    expect(speed).toMatchObject({ name: undefined, alias: 2, value: 1.5, isHistorical: true });
    expect(nothing).toMatchObject({ value: null, isUnsupported: false });
    expect(status?.template).toMatchObject({
      ref: "CncStatus",
      metrics: [{ name: "Execution", value: "ACTIVE" }],
    });
  });

  it("refuses an oversized payload before decoding, garbage, and too many metrics (template members count)", () => {
    expect(decodeSparkplugPayload(new Uint8Array(5000), limits)).toMatchObject({
      ok: false,
      code: "ONRAMP_SPARKPLUG_PAYLOAD_TOO_LARGE",
    });
    expect(decodeSparkplugPayload(new Uint8Array([0xff, 0xff, 0xff, 0xff]), limits)).toMatchObject({
      ok: false,
      code: "ONRAMP_SPARKPLUG_PAYLOAD_INVALID",
    });
    const members = Array.from({ length: 5 }, (_, i) => ({
      name: `m${i}`,
      type: "Int32" as const,
      value: i,
    }));
    const many = encode({
      metrics: [{ name: "T", type: "Template", value: { templateRef: "X", metrics: members } }],
    });
    expect(decodeSparkplugPayload(many, limits)).toMatchObject({
      ok: false,
      code: "ONRAMP_SPARKPLUG_TOO_MANY_METRICS",
    });
  });

  it("encodes the rebirth NCMD as Node Control/Rebirth = true", () => {
    const decoded = decodeSparkplugPayload(encodeRebirthRequest(5), limits);
    expect(decoded.ok && decoded.payload.metrics).toEqual([
      expect.objectContaining({ name: "Node Control/Rebirth", value: true, type: "Boolean" }),
    ]);
  });
});

describe("translateMetrics (profile sparkplug section → samples)", () => {
  const profile = {
    ref: "cnc/x@1.0.0",
    class: "cnc_machine_tool" as const,
    metrics: new Map([
      ["NC/Execution", "execution"],
      ["Spindle/Speed", "spindle_speed"],
    ]),
    templates: new Map([["CncStatus", new Map([["PartCount", "part_count"]])]]),
    enums: new Map([["execution", { "0": "READY", "1": "ACTIVE" }]]),
  };
  const aliases = new Map([[2, "Spindle/Speed"]]);

  it("resolves aliases, maps template members and enum codes, keeps each metric's timestamp, counts drops", () => {
    const decoded = decodeSparkplugPayload(
      encode({
        timestamp: 100,
        metrics: [
          { name: "NC/Execution", type: "Int32", value: 1 },
          { alias: 2, type: "Double", value: 900, timestamp: 50, isHistorical: true },
          { alias: 9, type: "Double", value: 1 },
          { name: "Other", type: "Int32", value: 1 },
          { name: "Spindle/Speed", type: "Double", value: 1, isTransient: true },
          { name: "Blob", type: "Bytes", value: new Uint8Array([1]) },
          {
            name: "Status",
            type: "Template",
            value: { templateRef: "CncStatus", metrics: [{ name: "PartCount", type: "Int64", value: 7 }] },
          },
        ],
      }),
      { maxPayloadBytes: 4096, maxMetricsPerMessage: 20 },
    );
    if (!decoded.ok) throw new Error(decoded.detail);
    const out = translateMetrics(decoded.payload.metrics, profile, (a) => aliases.get(a), 100);
    expect(out.samples).toEqual([
      { s: "execution", v: "ACTIVE", q: "good", t: 100 },
      { s: "spindle_speed", v: 900, q: "good", t: 50 },
      { s: "part_count", v: 7, q: "good", t: 100 },
    ]);
    expect(out.historical).toBe(1);
    expect(Object.fromEntries(out.drops)).toEqual({ "unknown-alias": 1, unmapped: 2, transient: 1 });
  });
});
