import {
  ALWAYS_ON,
  MachineModel,
  MeterModel,
  machineBehaviour,
  machineLoad,
  meterBehaviour,
} from "@onramp/simulators";
import { describe, expect, it } from "vitest";
import { findCopiedStreams, type StreamSeries } from "../src/indicators/checks/copied-stream.js";
import type { SeriesPoint } from "../src/indicators/inputs.js";
import { DEFAULT_PARAMS } from "../src/indicators/params.js";

const START = Date.UTC(2026, 11, 1, 6);
const HOURS = 2;

/**
 * What the demo park's simulators produce for one enterprise (scripts/demo/sim-process.ts): OPC UA
 * CNCs i = 0, 1 seeded `seed × 1000 + i` (cnc/simulator.ts), and on the Modbus gateway a CNC on
 * unit 2 and meters on units 3 (feeding unit 1's line, here approximated by its own machine) and
 * 4 (feeding the unit-2 CNC), each seeded `seed × 1000 + unit` (modbus/plant.ts). Read every
 * second, reported on change (deadband 0: the strictest case for the check).
 */
function enterpriseStreams(ent: string, seed: number): StreamSeries[] {
  const cncs = [0, 1].map((i) => ({
    device: `cnc-${i + 1}`,
    model: new MachineModel(machineBehaviour({ seed: seed * 1000 + i, schedule: ALWAYS_ON }), START),
  }));
  const modbusCnc = new MachineModel(machineBehaviour({ seed: seed * 1000 + 2, schedule: ALWAYS_ON }), START);
  const lineProxy = new MachineModel(
    machineBehaviour({ seed: seed * 1000 + 1_003, schedule: ALWAYS_ON }),
    START,
  );
  const meters = [
    {
      device: "meter-line-1",
      model: new MeterModel(meterBehaviour({ seed: seed * 1000 + 3 }), START),
      feeds: lineProxy,
    },
    {
      device: "meter-cnc-modbus-1",
      model: new MeterModel(meterBehaviour({ seed: seed * 1000 + 4 }), START),
      feeds: modbusCnc,
    },
  ];
  const load: Record<string, SeriesPoint[]> = {};
  const power: Record<string, SeriesPoint[]> = {};
  const energy: Record<string, SeriesPoint[]> = {};
  const push = (into: Record<string, SeriesPoint[]>, device: string, t: number, v: number) => {
    const list = into[device] ?? [];
    if (list.at(-1)?.v !== v) list.push({ t, v, q: "good" });
    into[device] = list;
  };
  for (let t = START + 1_000; t < START + HOURS * 3_600_000; t += 1_000) {
    const read = t + ((t / 1_000) % 7) * 3; // the poll's few ms of jitter
    for (const { device, model } of [...cncs, { device: "cnc-modbus-1", model: modbusCnc }])
      push(load, device, read, model.advanceTo(t).spindleLoad);
    for (const { device, model, feeds } of meters) {
      const reading = model.advanceTo(t, machineLoad(feeds.advanceTo(t)));
      push(power, device, read, Math.round(reading.totalKw * 1000) / 1000);
      push(energy, device, read, Math.round(reading.importKwh * 100) / 100);
    }
  }
  const series = (points: Record<string, SeriesPoint[]>, signal: string, role: string) =>
    Object.entries(points).map(([device, p]) => ({ enterprise: ent, device, signal, role, points: p }));
  return [
    ...series(load, "spindle_load", "spindle_load"),
    ...series(power, "power_active", "power_active"),
    ...series(energy, "energy_import", "energy_total"),
  ];
}

describe("copied streams on the demo park's simulators", () => {
  const park = [1, 2, 3, 4].flatMap((seed) => enterpriseStreams(`ent-${seed}`, seed));

  it("finds no copy among four honest enterprises' CNCs and meters (different seeds, same models and programs)", () => {
    expect(park.length).toBe(4 * 7);
    expect(park.every((s) => s.points.length > 100)).toBe(true);
    expect(findCopiedStreams(park, DEFAULT_PARAMS.copiedStream)).toEqual([]);
  });

  it("finds a simulated meter copied into a fifth enterprise 37 min later, rescaled to W with an offset", () => {
    const original = park.find(
      (s) => s.enterprise === "ent-2" && s.device === "meter-cnc-modbus-1" && s.signal === "power_active",
    ) as StreamSeries;
    const copy: StreamSeries = {
      ...original,
      enterprise: "forger",
      device: "meter-9",
      points: original.points.map((p) => ({ t: p.t + 37 * 60_000, v: (p.v as number) * 1000 + 40, q: p.q })),
    };
    const matches = findCopiedStreams([...park, copy], DEFAULT_PARAMS.copiedStream);
    expect(matches.map((m) => [m.a.enterprise, m.a.device, m.b.enterprise, m.b.device])).toEqual([
      ["ent-2", "meter-cnc-modbus-1", "forger", "meter-9"],
    ]);
    expect(matches[0]?.fit.shiftMs).toBe(37 * 60_000);
    expect(matches[0]?.fit.scale).toBeCloseTo(1000, 6);
    expect(matches[0]?.fit.offset).toBeCloseTo(40, 3);
  });
});
