import { fileURLToPath } from "node:url";
import { compileProfile, loadProfileFile, type Profile, registerCount } from "@onramp/profiles";
import { describe, expect, it } from "vitest";
import { LineModel, lineBehaviour } from "../plc/line-model.js";
import { fx5uValues, pm5300Values } from "./device-maps.js";
import { MeterModel, meterBehaviour } from "./meter-model.js";
import { PROFILE_OF_KIND, serialOfUnit, startModbusPlant } from "./plant.js";
import {
  emptyImage,
  modbusSources,
  type RegisterImage,
  readRegister,
  writeValues,
} from "./register-image.js";

async function profile(kind: keyof typeof PROFILE_OF_KIND): Promise<Profile> {
  const file = fileURLToPath(
    new URL(`../../../../device-profiles/${PROFILE_OF_KIND[kind]}`, import.meta.url),
  );
  const loaded = await loadProfileFile(file);
  if (!loaded.ok) throw new Error(`cannot load ${file}`);
  return loaded.profile;
}

/** Decodes every signal of the profile from the image, as the agent's poller would. */
function decodeAll(p: Profile, image: RegisterImage): Record<string, unknown> {
  const compiled = compileProfile(p);
  const out: Record<string, unknown> = {};
  for (const signal of compiled.signals) {
    if (!("modbus" in signal.source)) continue;
    const s = signal.source.modbus;
    const table = s.table === "holding" ? image.holding : image.input;
    const words = Array.from({ length: registerCount(s) }, (_, i) => table.get(s.address + i) ?? -1);
    out[signal.id] = compiled.decode(signal.id, words, 0).value;
  }
  return out;
}

describe("register image", () => {
  it("lays a PM5300 reading out where the profile reads it, INT64 Wh decoding to kWh", async () => {
    const p = await profile("pm5300");
    const reading = new MeterModel(meterBehaviour({ seed: 3 }), 0).advanceTo(60_000, 0.5);
    const image = emptyImage();
    writeValues(image, modbusSources(p), pm5300Values(reading, 123_456));
    const decoded = decodeAll(p, image);
    expect(decoded.voltage_an).toBeCloseTo(reading.voltageLn[0], 3);
    expect(decoded.power_active).toBeCloseTo(reading.totalKw, 3);
    expect(decoded.energy_active_delivered).toBe(Math.floor(reading.importKwh * 1000) / 1000);
    // Identity: the serial number register of the profile's identity block (holding 129, uint32).
    expect([image.holding.get(129), image.holding.get(130)]).toEqual([123_456 >>> 16, 123_456 & 0xffff]);
  });

  it("merges the FX5U status bits into one word and serves the PackML state as the execution code", async () => {
    const p = await profile("fx5u");
    const snapshot = new LineModel(lineBehaviour({ seed: 5 }), 0).advanceTo(3_600_000);
    const image = emptyImage();
    const nameplate = { serialNumber: "FX5U-20005001", model: "FX5U-32MT/ES", firmware: 128 };
    writeValues(image, modbusSources(p), fx5uValues(snapshot, "RCP-7", 107, nameplate));
    const decoded = decodeAll(p, image);
    // Identity in D140–D156 as the program's $MOV leaves it: first character in the low byte.
    expect(image.holding.get(140)).toBe(("F".charCodeAt(0) | ("X".charCodeAt(0) << 8)) >>> 0);
    expect(image.holding.get(156)).toBe(128);
    expect(decoded.running).toBe(snapshot.state === 6);
    expect(decoded.alarm).toBe(snapshot.isAlarmActive);
    expect(decoded.part_count).toBe(snapshot.goodParts + snapshot.rejectParts);
    expect(decoded.recipe_name).toBe("RCP-7");
    expect(decoded.program).toBe(107);
  });

  it("gives every unit of every plant its own serial unless one is given (the demo's one seed per enterprise)", () => {
    // Unit ids are 1–247 on a Modbus bus, so seed × 1000 + unit never collides.
    const serials = [1, 2, 3, 40].flatMap((seed) =>
      [1, 2, 3, 4, 247].map((unit) => serialOfUnit({ unit }, seed)),
    );
    expect(new Set(serials).size).toBe(serials.length);
    expect(serialOfUnit({ unit: 2, serialNumber: 77 }, 9)).toBe(77);
  });

  it("refuses a value for a register the profile does not declare", async () => {
    const p = await profile("fx5u");
    expect(() => writeValues(emptyImage(), modbusSources(p), { spindle_speed: 1 })).toThrow(/spindle_speed/);
  });

  it("refuses a meter on a unit that is not a machine of the plant", async () => {
    await expect(startModbusPlant({ units: [{ unit: 3, kind: "sdm630", meters: 1 }] })).rejects.toThrow(
      /meters unit 1, which is not a machine/,
    );
  });

  it("reads 0 for an unwritten register inside the device's memory, nothing outside it", () => {
    const image = emptyImage({ holding: [0, 7999] });
    expect(readRegister(image, "holding", 7999)).toBe(0);
    expect(readRegister(image, "holding", 8000)).toBeUndefined();
    expect(readRegister(image, "input", 0)).toBeUndefined();
  });
});
