import { fileURLToPath } from "node:url";
import { compileProfile, loadProfileFile } from "@onramp/profiles";
import { type ModbusPlant, PROFILE_OF_KIND, startModbusPlant } from "@onramp/simulators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.js";
import { probeCommand } from "../../cli/probe.js";
import { createModbusDriverFactory } from "./factory.js";
import { testContext } from "./testing/context.js";

const LIBRARY = fileURLToPath(new URL("../../../../device-profiles/", import.meta.url));

interface ProbeJson {
  profile: string;
  samples: { signal: string; value: unknown; quality: string }[];
}

async function probe(url: string, profile: string): Promise<ProbeJson> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} };
  const code = await probeCommand(["--connection", url, "--profile", profile, "--once", "--json"], io);
  if (code !== 0) throw new Error(`probe exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as ProbeJson;
}

describe("the Modbus simulators, read through the agent's Modbus driver (onramp-agent probe)", () => {
  let plant: ModbusPlant;
  beforeAll(async () => {
    plant = await startModbusPlant({
      seed: 4,
      // A simulated minute per second: float32 kWh counters (SDM630) resolve ~2 Wh near 18,000 kWh.
      speed: 60,
      units: [
        { unit: 1, kind: "cnc-modbus" },
        { unit: 2, kind: "fx5u" },
        { unit: 3, kind: "sdm630", meters: 1 },
        { unit: 4, kind: "pm5300", meters: 2 },
      ],
    });
  });
  afterAll(async () => {
    await plant?.stop();
  });

  it("serves every signal of each profile on its own unit id, all of good quality", async () => {
    for (const { unit, profile } of plant.units) {
      const read = await probe(`modbus-tcp://127.0.0.1:${plant.port}?unit=${unit}`, `${LIBRARY}${profile}`);
      expect(read.samples.length, profile).toBeGreaterThan(5);
      const bad = read.samples.filter((s) => s.quality !== "good");
      expect(bad, `${profile}: signals not good`).toEqual([]);
    }
  });

  it("answers with a meter's live readings: 230 V phases, power and an energy counter that grows", async () => {
    const url = `modbus-tcp://127.0.0.1:${plant.port}?unit=3`;
    const meter = `${LIBRARY}${PROFILE_OF_KIND.sdm630}`;
    const first = Object.fromEntries((await probe(url, meter)).samples.map((s) => [s.signal, s.value]));
    expect(first.voltage_l1).toBeGreaterThan(215);
    expect(first.voltage_l1).toBeLessThan(245);
    expect(first.frequency).toBeCloseTo(50, 0);
    expect(first.power_active).toBeGreaterThan(0);
    const deadline = Date.now() + 10_000;
    let energy = first.energy_import as number;
    while (energy <= (first.energy_import as number) && Date.now() < deadline) {
      const again = await probe(url, meter);
      energy = again.samples.find((s) => s.signal === "energy_import")?.value as number;
    }
    expect(energy).toBeGreaterThan(first.energy_import as number);
  });

  it("serves the PLC's and the CNC's identity registers with a serial of their own, per plant", async () => {
    const other = await startModbusPlant({ seed: 5, units: [{ unit: 1, kind: "cnc-modbus" }] });
    const factory = createModbusDriverFactory(testContext());
    try {
      const identityOf = async (port: number, unit: number, kind: "fx5u" | "cnc-modbus") => {
        const loaded = await loadProfileFile(`${LIBRARY}${PROFILE_OF_KIND[kind]}`);
        if (!loaded.ok) throw new Error(`${kind} profile does not load`);
        const profile = compileProfile(loaded.profile);
        const url = `modbus-tcp://127.0.0.1:${port}?unit=${unit}`;
        const driver = factory.create({ id: `${kind}-${port}-${unit}`, url, profile });
        if (!driver.ok) throw new Error(driver.error.message);
        const identity = await driver.value.readIdentity();
        if (!identity.ok) throw new Error(identity.error.message);
        return identity.value;
      };
      const plc = await identityOf(plant.port, 2, "fx5u");
      expect(plc.fields).toEqual({
        serial_number: "FX5U-20004002",
        model: "FX5U-32MT/ES",
        firmware_version: "128",
      });
      const cnc = await identityOf(plant.port, 1, "cnc-modbus");
      expect(cnc.fields).toEqual({
        serial_number: "CNC-20004001",
        model: "K1000TiC",
        software_version: "V3.2.1",
      });
      // Another enterprise's plant (another seed), same unit id: another machine, another fingerprint.
      const elsewhere = await identityOf(other.port, 1, "cnc-modbus");
      expect(elsewhere.fields.serial_number).toBe("CNC-20005001");
      expect(elsewhere.fingerprint).not.toBe(cnc.fingerprint);
    } finally {
      await factory.close();
      await other.stop();
    }
  });

  it("answers an unknown unit id with a Modbus exception, not silence", async () => {
    const url = `modbus-tcp://127.0.0.1:${plant.port}?unit=9&timeout=1000`;
    await expect(probe(url, `${LIBRARY}${PROFILE_OF_KIND.fx5u}`)).rejects.toThrow(/probe exited/);
  });
});
