import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PymodbusServer, startPymodbus } from "../../../test/peers/pymodbus.js";
import { createModbusDriverFactory, type ModbusDriverFactory } from "../drivers/modbus/factory.js";
import { testContext } from "../drivers/modbus/testing/context.js";
import { compileTestProfile } from "../drivers/modbus/testing/test-profile.js";
import { fingerprintOf } from "./fingerprint.js";
import { nameplateIdentity, withNameplate } from "./nameplate.js";

describe("nameplate identity", () => {
  it("fingerprints vendor, model and the rating-plate serial as source nameplate", () => {
    const identity = nameplateIdentity({ vendor: "Tianduan", model: "Y32-315" }, "Y32-2019-0815");
    const fields = { vendor: "Tianduan", model: "Y32-315", serial_number: "Y32-2019-0815" };
    expect(identity).toEqual({
      method: "nameplate",
      fingerprint: fingerprintOf("nameplate", fields),
      fields,
    });
    // Another serial of the same model is another machine; the same serial of another model too.
    expect(nameplateIdentity({ vendor: "Tianduan", model: "Y32-315" }, "Y32-2019-0816").fingerprint).not.toBe(
      identity.fingerprint,
    );
    expect(nameplateIdentity({ vendor: "Tianduan", model: "Y32-500" }, "Y32-2019-0815").fingerprint).not.toBe(
      identity.fingerprint,
    );
  });
});

describe("withNameplate around a Modbus driver (pymodbus)", () => {
  let server: PymodbusServer;
  let factory: ModbusDriverFactory;
  beforeAll(async () => {
    server = await startPymodbus({ units: { 1: { holding: { 0: [31] } } } }, { tcpPort: 0 });
    factory = createModbusDriverFactory(testContext());
  });
  afterAll(async () => {
    await factory.close();
    await server.stop();
  });

  it("answers readIdentity with the nameplate and leaves fresh reads and counters to the device", async () => {
    const profile = compileTestProfile(
      [
        {
          id: "part_count",
          role: "part_count",
          type: "integer",
          source: { modbus: { table: "holding", address: 0, dataType: "uint16" } },
        },
      ],
      { identity: { method: "nameplate" } },
    );
    const created = factory.create({
      id: "press-1",
      url: `modbus-tcp://127.0.0.1:${server.port}?unit=1`,
      profile,
    });
    if (!created.ok) throw new Error(created.error.message);
    // The driver alone cannot tell the identity of a device that exposes none.
    const own = await created.value.readIdentity();
    expect(own.ok ? own.value : own.error.code).toBe("ONRAMP_MODBUS_NO_IDENTITY");
    const identity = nameplateIdentity(profile.profile, "Y32-2019-0815");
    const driver = withNameplate(created.value, identity);
    expect(await driver.readIdentity()).toEqual({ ok: true, value: identity });
    const read = await driver.read(["part_count"]);
    expect(read.ok && read.value.map((s) => [s.signal, s.value])).toEqual([["part_count", 31]]);
    expect(driver.counters?.().requests).toBe(created.value.counters().requests);
    await driver.close();
  });
});
