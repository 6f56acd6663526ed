import { describe, expect, it } from "vitest";
import { createModbusDriverFactory } from "./modbus/factory.js";
import { testContext } from "./modbus/testing/context.js";
import { compileTestProfile } from "./modbus/testing/test-profile.js";
import { createDriverRegistry } from "./registry.js";

const profile = compileTestProfile([
  {
    id: "r0",
    role: "other",
    type: "integer",
    source: { modbus: { table: "holding", address: 0, dataType: "uint16" } },
  },
]);

describe("createDriverRegistry", () => {
  it("hands a device to the driver of its URL scheme", async () => {
    const registry = createDriverRegistry(testContext());
    expect(registry.schemes).toEqual(expect.arrayContaining(["modbus-tcp:", "modbus-rtu:"]));
    const created = registry.create({ id: "m1", url: "modbus-tcp://127.0.0.1:1502?unit=2", profile });
    expect(created.ok && created.value.device).toBe("m1");
    const invalid = registry.create({ id: "m2", url: "modbus-tcp://127.0.0.1:1502?unit=x", profile });
    expect(invalid.ok ? "created" : invalid.error.code).toBe("ONRAMP_MODBUS_BAD_URL");
    await registry.close();
  });

  it("refuses an unknown scheme, naming the device and the schemes it speaks", async () => {
    const registry = createDriverRegistry(testContext());
    const created = registry.create({ id: "plc-9", url: "s7://10.0.0.9", profile });
    expect(created.ok ? "created" : created.error).toEqual({
      code: "ONRAMP_DRIVER_UNKNOWN_SCHEME",
      message: `device "plc-9" at s7://10.0.0.9: scheme "s7:"; this agent speaks ${registry.schemes.join(", ")}`,
    });
    await registry.close();
  });

  it("throws when two drivers claim one scheme: a bug in the list, not a configuration error", () => {
    const make = (ctx: Parameters<typeof createModbusDriverFactory>[0]) => createModbusDriverFactory(ctx);
    expect(() => createDriverRegistry(testContext(), [make, make])).toThrow(
      "two drivers claim the URL scheme modbus-tcp:",
    );
  });
});
