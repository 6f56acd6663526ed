import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toLineProtocol } from "./line-protocol.js";
import type { TelemetryPoint } from "./telemetry-store.js";

const point = (over: Partial<TelemetryPoint>): TelemetryPoint => ({
  ent: "acme",
  gw: "gw-1",
  dev: "lathe-3",
  profile: "dmg-mori/ctx-450@1.0.0",
  signal: "spindle_speed",
  t: 1767225600000,
  value: 1,
  quality: "good",
  ...over,
});

describe("line protocol layout", () => {
  it("puts identity in sorted tags and one field per signal, one line per device and timestamp", () => {
    expect(
      toLineProtocol([
        point({ value: 1250 }),
        point({ signal: "execution", value: "ACTIVE" }),
        point({ signal: "door", value: true, t: 1767225600001 }),
      ]),
    ).toEqual([
      'onramp_device,device=lathe-3,enterprise=acme,gateway=gw-1,profile=dmg-mori/ctx-450@1.0.0 spindle_speed=1250.0,execution="ACTIVE" 1767225600000',
      "onramp_device,device=lathe-3,enterprise=acme,gateway=gw-1,profile=dmg-mori/ctx-450@1.0.0 door=true 1767225600001",
    ]);
  });

  it("merges a device's fields into one line even when other devices' points come between", () => {
    const lines = toLineProtocol([
      point({ value: 1 }),
      point({ dev: "mill-1", value: 2 }),
      point({ signal: "feed_rate", value: 3 }),
      point({ dev: "mill-1", profile: "other/p@2.0.0", value: 4 }),
    ]);
    expect(lines).toEqual([
      "onramp_device,device=lathe-3,enterprise=acme,gateway=gw-1,profile=dmg-mori/ctx-450@1.0.0 spindle_speed=1.0,feed_rate=3.0 1767225600000",
      "onramp_device,device=mill-1,enterprise=acme,gateway=gw-1,profile=dmg-mori/ctx-450@1.0.0 spindle_speed=2.0 1767225600000",
      "onramp_device,device=mill-1,enterprise=acme,gateway=gw-1,profile=other/p@2.0.0 spindle_speed=4.0 1767225600000",
    ]);
  });

  it("writes quality beside the value when it is not good, and alone for a null value", () => {
    expect(
      toLineProtocol([
        point({ value: 3.5, quality: "uncertain" }),
        point({ signal: "temp", value: null, quality: "bad" }),
      ])[0],
    ).toMatch(/ spindle_speed=3.5,spindle_speed__q="uncertain",temp__q="bad" /);
  });

  it("always writes numbers as floats, so a field's type never changes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), (value) => {
        const [line] = toLineProtocol([point({ value })]);
        expect(line).toMatch(/ spindle_speed=-?[0-9.e+-]+ /);
        expect(line).not.toMatch(/ spindle_speed=-?\d+i /);
        expect(Number(/spindle_speed=([^ ,]+)/.exec(line ?? "")?.[1])).toBe(value === 0 ? 0 : value);
      }),
    );
  });

  it("escapes string values and tag values", () => {
    const [line] = toLineProtocol([point({ profile: "a b,c=d", value: 'say "hi" \\' })]);
    expect(line).toContain("profile=a\\ b\\,c\\=d ");
    expect(line).toContain('spindle_speed="say \\"hi\\" \\\\"');
  });
});
