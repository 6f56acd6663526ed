import { describe, expect, it } from "vitest";
import { createModbusDriverFactory } from "./modbus/factory.js";
import { testContext } from "./modbus/testing/context.js";
import { compileTestProfile } from "./modbus/testing/test-profile.js";
import { createDriverRegistry, type DriverEntry } from "./registry.js";

const profile = compileTestProfile([
  {
    id: "r0",
    role: "other",
    type: "integer",
    source: { modbus: { table: "holding", address: 0, dataType: "uint16" } },
  },
]);

/** The Modbus driver behind an entry that counts how often the registry loaded it. */
function countedModbus(schemes: readonly string[] = ["modbus-tcp:", "modbus-rtu:"]) {
  const entry = {
    loads: 0,
    schemes,
    urlHelp: [],
    async load() {
      entry.loads += 1;
      return createModbusDriverFactory;
    },
  };
  return entry;
}

describe("createDriverRegistry", () => {
  it("hands a device to the driver of its URL scheme", async () => {
    const registry = createDriverRegistry(testContext());
    expect(registry.schemes).toEqual(expect.arrayContaining(["modbus-tcp:", "modbus-rtu:", "opc.tcp:"]));
    const created = await registry.create({ id: "m1", url: "modbus-tcp://127.0.0.1:1502?unit=2", profile });
    expect(created.ok && created.value.device).toBe("m1");
    const invalid = await registry.create({ id: "m2", url: "modbus-tcp://127.0.0.1:1502?unit=x", profile });
    expect(invalid.ok ? "created" : invalid.error.code).toBe("ONRAMP_MODBUS_BAD_URL");
    await registry.close();
  });

  it("refuses an unknown scheme, naming the device and the schemes it speaks", async () => {
    const registry = createDriverRegistry(testContext());
    const created = await registry.create({ id: "plc-9", url: "ethernet-ip://10.0.0.9", profile });
    expect(created.ok ? "created" : created.error).toEqual({
      code: "ONRAMP_DRIVER_UNKNOWN_SCHEME",
      message: `device "plc-9" at ethernet-ip://10.0.0.9: scheme "ethernet-ip:"; this agent speaks ${registry.schemes.join(", ")}`,
    });
    await registry.close();
  });

  it("loads a driver only when a device first uses one of its schemes, and only once", async () => {
    const modbus = countedModbus();
    const other = countedModbus(["other:"]);
    const registry = createDriverRegistry(testContext(), [modbus, other]);
    expect(registry.schemes).toEqual(["modbus-tcp:", "modbus-rtu:", "other:"]);
    expect(modbus.loads).toBe(0);
    const created = await Promise.all(
      [1, 2, 3].map((unit) =>
        registry.create({ id: `m${unit}`, url: `modbus-tcp://127.0.0.1:1502?unit=${unit}`, profile }),
      ),
    );
    expect(created.map((c) => c.ok)).toEqual([true, true, true]);
    expect([modbus.loads, other.loads]).toEqual([1, 0]);
    await registry.close();
  });

  it("throws when two drivers claim one scheme: a bug in the list, not a configuration error", () => {
    expect(() => createDriverRegistry(testContext(), [countedModbus(), countedModbus()])).toThrow(
      "two drivers claim the URL scheme modbus-tcp:",
    );
  });

  it("rejects, naming the schemes, when a driver's module cannot be loaded or claims other schemes", async () => {
    const missing: DriverEntry = {
      schemes: ["s7:"],
      urlHelp: [],
      load: () => Promise.reject(new Error("Cannot find package 'node-snap7'")),
    };
    const registry = createDriverRegistry(testContext(), [missing, countedModbus(["modbus-tcp:"])]);
    await expect(registry.create({ id: "plc-9", url: "s7://10.0.0.9", profile })).rejects.toThrow(
      "the driver for s7: could not be loaded: Error: Cannot find package 'node-snap7'",
    );
    await expect(
      registry.create({ id: "m1", url: "modbus-tcp://127.0.0.1:1502?unit=1", profile }),
    ).rejects.toThrow(
      "the driver loaded for modbus-tcp: claims modbus-tcp:, modbus-rtu:: fix BUILTIN_DRIVERS",
    );
    await registry.close();
  });
});
