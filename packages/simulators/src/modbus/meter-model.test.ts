import { describe, expect, it } from "vitest";
import { MeterModel, meterBehaviour } from "./meter-model.js";

const START = Date.UTC(2026, 2, 2, 8, 0, 0);
const SECOND = 1000;

function run(load: (i: number) => number, seconds: number) {
  const model = new MeterModel(meterBehaviour({ seed: 7, ratedKw: 30 }), START);
  return Array.from({ length: seconds }, (_, i) => model.advanceTo(START + (i + 1) * SECOND, load(i)));
}

describe("energy meter model", () => {
  it("keeps phase voltages near 230 V with noise, never two identical readings", () => {
    const readings = run(() => 0.5, 600);
    const voltages = readings.flatMap((r) => r.voltageLn);
    expect(Math.min(...voltages)).toBeGreaterThan(220);
    expect(Math.max(...voltages)).toBeLessThan(240);
    expect(new Set(voltages.map((v) => v.toFixed(3))).size).toBeGreaterThan(voltages.length * 0.8);
    const ll = readings[0]?.voltageLl[0] ?? 0;
    expect(ll / (readings[0]?.voltageLn[0] ?? 1)).toBeCloseTo(Math.sqrt(3), 1);
  });

  it("draws standby power when the machine idles and follows the load up with a short lag", () => {
    const readings = run((i) => (i < 120 ? 0 : 1), 240);
    const idle = readings[110]?.totalKw ?? 0;
    const justAfter = readings[120]?.totalKw ?? 0;
    const loaded = readings[230]?.totalKw ?? 0;
    expect(idle).toBeGreaterThan(30 * 0.05);
    expect(idle).toBeLessThan(30 * 0.12);
    expect(loaded).toBeGreaterThan(27);
    expect(justAfter).toBeLessThan(loaded);
    expect(readings[230]?.powerFactor).toBeGreaterThan(readings[110]?.powerFactor ?? 1);
  });

  it("integrates power into an import counter that never decreases", () => {
    const readings = run((i) => (Math.floor(i / 60) % 2 === 0 ? 1 : 0.1), 3600);
    const counters = readings.map((r) => r.importKwh);
    expect(counters).toEqual([...counters].sort((a, b) => a - b));
    const meanKw = readings.reduce((n, r) => n + r.totalKw, 0) / readings.length;
    expect((counters.at(-1) ?? 0) - 18_000).toBeCloseTo(meanKw, 0);
  });

  it("splits the power over three slightly unbalanced phases that add up to the total", () => {
    const [r] = run(() => 0.8, 1);
    if (r === undefined) throw new Error("no reading");
    expect(r.powerKw[0] + r.powerKw[1] + r.powerKw[2]).toBeCloseTo(r.totalKw, 6);
    expect(new Set(r.powerKw).size).toBe(3);
    expect(r.apparentKva ** 2).toBeCloseTo(r.totalKw ** 2 + r.reactiveKvar ** 2, 3);
  });
});
