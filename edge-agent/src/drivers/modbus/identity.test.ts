import { fileURLToPath } from "node:url";
import { compileProfile, loadProfileFile, type ProfileInput } from "@onramp/profiles";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PymodbusServer, startPymodbus } from "../../../../test/peers/pymodbus.js";
import { createModbusDriverFactory, type ModbusDriverFactory } from "./factory.js";
import { fingerprintOf } from "./identity.js";
import { testContext } from "./testing/context.js";
import { compileTestProfile, type SignalInput } from "./testing/test-profile.js";

const signals: SignalInput[] = [
  {
    id: "status",
    role: "status_word",
    type: "integer",
    source: { modbus: { table: "holding", address: 0, dataType: "uint16" } },
  },
];
const SERIAL_REGISTERS = { modbus: { table: "holding", address: 100, dataType: "uint32" } } as const;
const NAME_REGISTERS = { modbus: { table: "holding", address: 102, dataType: "string", length: 4 } } as const;

describe("readIdentity against pymodbus", () => {
  let server: PymodbusServer;
  let factory: ModbusDriverFactory;
  const create = (id: string, unit: number, identity: ProfileInput["identity"]) => {
    const profile = compileTestProfile(signals, { identity });
    const created = factory.create({
      id,
      url: `modbus-tcp://127.0.0.1:${server.port}?unit=${unit}`,
      profile,
    });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  };

  beforeAll(async () => {
    const serialAndName = [0x0001, 0xe240, 0x4f52, 0x2d37, 0x0000, 0x0000]; // 123456, "OR-7"
    server = await startPymodbus(
      {
        units: {
          1: { holding: { 0: [0], 100: serialAndName } },
          2: { holding: { 0: [0], 100: [0, 0, 0, 0, 0, 0] } },
          // The FX5U line contract's identity, D140–D156, as a $MOV program leaves it (low byte first).
          3: {
            holding: {
              100: [0],
              140: [
                0x3432, 0x3059, 0x3138, 0x4335, 0x462d, 0x3558, 0x3055, 0x3130, 0x5846, 0x5535, 0x332d,
                0x4d32, 0x2f54, 0x5345, 0x0000, 0x0000, 0x0080,
              ],
            },
          },
        },
        identity: {
          VendorName: "Onramp Test",
          ProductCode: "OR-PLC-1",
          MajorMinorRevision: "2.4",
          ModelName: "Bench",
        },
      },
      { tcpPort: 0 },
    );
    factory = createModbusDriverFactory(testContext());
  });
  afterAll(async () => {
    await factory.close();
    await server.stop();
  });

  it("reads FC43/14 objects one by one, plus serial registers, into a sha256 fingerprint", async () => {
    const driver = create("fc43", 1, {
      method: "modbus-device-identification",
      fields: { serial_number: SERIAL_REGISTERS },
    });
    const identity = await driver.readIdentity();
    const fields = {
      VendorName: "Onramp Test",
      ProductCode: "OR-PLC-1",
      MajorMinorRevision: "2.4",
      ModelName: "Bench",
      serial_number: "123456",
    };
    expect(identity).toEqual({
      ok: true,
      value: {
        method: "modbus-device-identification",
        fingerprint: fingerprintOf("modbus-device-identification", fields),
        fields,
      },
    });
    // FC43 objects 0–6, then one read of the serial registers.
    expect(driver.counters().requests).toBe(8);
  });

  it("reads serial-number registers of any data type for modbus-serial-register", async () => {
    const driver = create("serial", 1, {
      method: "modbus-serial-register",
      fields: { serial_number: SERIAL_REGISTERS, name: NAME_REGISTERS },
    });
    const identity = await driver.readIdentity();
    expect(identity.ok && identity.value.fields).toEqual({ serial_number: "123456", name: "OR-7" });
    expect(identity.ok && identity.value.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(driver.counters().requests).toBe(1);
  });

  it("reads the FX5U library profile's identity registers in one request, $MOV strings decoded", async () => {
    const file = fileURLToPath(
      new URL("../../../../device-profiles/plc/mitsubishi-fx5u-modbus.yaml", import.meta.url),
    );
    const loaded = await loadProfileFile(file);
    if (!loaded.ok) throw new Error("the FX5U profile does not load");
    const created = factory.create({
      id: "fx5u",
      url: `modbus-tcp://127.0.0.1:${server.port}?unit=3`,
      profile: compileProfile(loaded.profile),
    });
    if (!created.ok) throw new Error(created.error.message);
    const identity = await created.value.readIdentity();
    const fields = { serial_number: "24Y0815C-FX5U001", model: "FX5U-32MT/ES", firmware_version: "128" };
    expect(identity).toEqual({
      ok: true,
      value: {
        method: "modbus-serial-register",
        fingerprint: fingerprintOf("modbus-serial-register", fields),
        fields,
      },
    });
    expect(created.value.counters().requests).toBe(1);
  });

  it("refuses a blank identity rather than fingerprint every unprogrammed device alike", async () => {
    const driver = create("blank", 2, {
      method: "modbus-serial-register",
      fields: { serial_number: SERIAL_REGISTERS },
    });
    const identity = await driver.readIdentity();
    expect(identity.ok ? identity.value : identity.error.code).toBe("ONRAMP_MODBUS_IDENTITY_BLANK");
  });

  it("says so when the profile has no Modbus identity method", async () => {
    const driver = create("none", 1, { method: "opcua-application-uri" });
    const identity = await driver.readIdentity();
    expect(identity.ok ? identity.value : identity.error.message).toContain(
      'identity method "opcua-application-uri" does not work over Modbus',
    );
  });
});

describe("fingerprintOf", () => {
  it("does not depend on field order and changes with any field or the method", () => {
    const a = fingerprintOf("modbus-serial-register", { serial_number: "1", model: "x" });
    expect(fingerprintOf("modbus-serial-register", { model: "x", serial_number: "1" })).toBe(a);
    expect(fingerprintOf("modbus-serial-register", { model: "x", serial_number: "2" })).not.toBe(a);
    expect(fingerprintOf("modbus-device-identification", { model: "x", serial_number: "1" })).not.toBe(a);
  });
});
