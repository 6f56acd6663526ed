import { describe, expect, it } from "vitest";
import type { Quality, Sample } from "../sample.js";
import { Profile } from "../schema/profile.js";
import { compileProfile } from "./compile-profile.js";
import { createReporter } from "./reporter.js";

const compiled = compileProfile(
  Profile.parse({
    schemaVersion: 1,
    id: "acme/meter-1",
    version: "1.0.0",
    vendor: "Acme",
    model: "Meter 1",
    class: "energy_meter",
    protocol: "modbus",
    source: { kind: "template", document: "test profile", note: "none" },
    defaults: { pollIntervalMs: 1000, heartbeatMs: 60_000 },
    signals: [
      {
        id: "plain",
        role: "other",
        type: "number",
        source: { modbus: { table: "holding", address: 0, dataType: "uint16" } },
      },
      {
        id: "power",
        role: "power_active",
        type: "number",
        unit: "kW",
        deadband: { kind: "absolute", value: 0.5 },
        heartbeatMs: 10_000,
        source: { modbus: { table: "holding", address: 1, dataType: "uint16" } },
      },
      {
        id: "temp",
        role: "temperature",
        type: "number",
        unit: "Cel",
        range: [0, 200],
        deadband: { kind: "percentOfRange", value: 1 },
        source: { modbus: { table: "holding", address: 2, dataType: "uint16" } },
      },
      {
        id: "state",
        role: "other",
        type: "enum",
        enum: { 0: "OFF", 1: "ON" },
        source: { modbus: { table: "holding", address: 3, dataType: "uint16" } },
      },
    ],
  }),
);

const sample = (signal: string, value: Sample["value"], quality: Quality = "good"): Sample => ({
  signal,
  value,
  quality,
  sourceTs: 0,
});

describe("createReporter().offer", () => {
  it("reports the first sample of every signal", () => {
    const r = createReporter(compiled);
    expect(r.offer(sample("plain", 1), 0)).toBe(true);
    expect(r.offer(sample("state", "OFF"), 0)).toBe(true);
  });

  it("without a deadband reports any change and nothing else", () => {
    const r = createReporter(compiled);
    r.offer(sample("plain", 1), 0);
    expect(r.offer(sample("plain", 1), 1000)).toBe(false);
    expect(r.offer(sample("plain", 2), 2000)).toBe(true);
    r.offer(sample("state", "OFF"), 0);
    expect(r.offer(sample("state", "OFF"), 1000)).toBe(false);
    expect(r.offer(sample("state", "ON"), 2000)).toBe(true);
  });

  it("reports a change beyond an absolute deadband, measured from the last reported value", () => {
    const r = createReporter(compiled);
    r.offer(sample("power", 10), 0);
    expect(r.offer(sample("power", 10.5), 1)).toBe(false);
    expect(r.offer(sample("power", 10.9), 2)).toBe(true);
    // slow drift: each step is within the deadband, but the sum is not
    expect(r.offer(sample("power", 11.3), 3)).toBe(false);
    expect(r.offer(sample("power", 11.5), 4)).toBe(true);
  });

  it("reads a percentOfRange deadband as a share of the range span", () => {
    const r = createReporter(compiled);
    r.offer(sample("temp", 100), 0);
    expect(r.offer(sample("temp", 102), 1)).toBe(false); // 1 % of 200 = 2
    expect(r.offer(sample("temp", 97.9), 2)).toBe(true);
  });

  it("reports a quality change even when the value stays", () => {
    const r = createReporter(compiled);
    r.offer(sample("power", 10), 0);
    expect(r.offer(sample("power", 10, "uncertain"), 1)).toBe(true);
    expect(r.offer(sample("power", null, "bad"), 2)).toBe(true);
    expect(r.offer(sample("power", null, "bad"), 3)).toBe(false);
    expect(r.offer(sample("power", 10), 4)).toBe(true);
  });

  it("reports an unchanged value once its heartbeat has elapsed (the signal's, else the profile's)", () => {
    const r = createReporter(compiled);
    r.offer(sample("power", 10), 0);
    expect(r.offer(sample("power", 10), 9_999)).toBe(false);
    expect(r.offer(sample("power", 10), 10_000)).toBe(true);
    expect(r.offer(sample("power", 10), 19_999)).toBe(false);
    r.offer(sample("plain", 1), 0);
    expect(r.offer(sample("plain", 1), 59_999)).toBe(false);
    expect(r.offer(sample("plain", 1), 60_000)).toBe(true);
  });

  it("fires the heartbeat only on an offered sample: a device that stops answering yields nothing", () => {
    const r = createReporter(compiled);
    r.offer(sample("plain", 1), 0);
    // nothing offered for ten minutes; the next answer is reported, once
    expect(r.offer(sample("plain", 1), 600_000)).toBe(true);
    expect(r.offer(sample("plain", 1), 600_001)).toBe(false);
  });

  it("keeps signals and reporters independent", () => {
    const a = createReporter(compiled);
    const b = createReporter(compiled);
    a.offer(sample("plain", 1), 0);
    expect(b.offer(sample("plain", 1), 1)).toBe(true);
    expect(a.offer(sample("power", 1), 1)).toBe(true);
  });
});
