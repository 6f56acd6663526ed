import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PymodbusServer, startPymodbus } from "../../../../test/peers/pymodbus.js";
import { type PtyPair, startPtyPair } from "../../../../test/peers/socat.js";
import { createModbusDriverFactory, type ModbusDriverFactory } from "./factory.js";
import { codecCases, expectedValues } from "./testing/codec-cases.js";
import { testContext, valuesOf } from "./testing/context.js";
import { compileTestProfile, unitMapOf } from "./testing/test-profile.js";

const cases = codecCases();
const profile = compileTestProfile(cases.map((c) => c.signal));
const expected = expectedValues(cases);
const plannedRequests = profile.readPlan.reduce((sum, group) => sum + group.reads.length, 0);

describe("every codec case read from pymodbus", () => {
  let factory: ModbusDriverFactory;
  beforeAll(() => {
    factory = createModbusDriverFactory(testContext());
  });
  afterAll(async () => {
    await factory.close();
  });

  describe("over Modbus TCP", () => {
    let server: PymodbusServer;
    beforeAll(async () => {
      server = await startPymodbus({ units: { 7: unitMapOf(cases) } }, { tcpPort: 0 });
    });
    afterAll(async () => {
      await server.stop();
    });

    it("decodes every data type in every byte/word order through FC1/FC2/FC3/FC4, in the planned requests", async () => {
      const created = factory.create({
        id: "codec-tcp",
        url: `modbus-tcp://127.0.0.1:${server.port}?unit=7`,
        profile,
      });
      if (!created.ok) throw new Error(created.error.message);
      const driver = created.value;
      const result = await driver.read();
      expect(result.ok ? valuesOf(result.value) : result.error).toEqual(expected);
      expect(result.ok && result.value.every((s) => s.quality === "good")).toBe(true);
      expect(driver.counters()?.requests).toBe(plannedRequests);
      expect(plannedRequests).toBeLessThan(cases.length / 10);
      await driver.close();
    });
  });

  describe("over Modbus RTU through a socat pty pair", () => {
    let pty: PtyPair;
    let server: PymodbusServer;
    beforeAll(async () => {
      pty = await startPtyPair();
      server = await startPymodbus({ units: { 3: unitMapOf(cases) } }, { serial: pty.server, baud: 19200 });
    });
    afterAll(async () => {
      await server?.stop();
      await pty?.stop();
    });

    it("decodes every data type in every byte/word order through FC1/FC2/FC3/FC4", async () => {
      const url = `modbus-rtu://${pty.client}?baud=19200&parity=none&stopBits=1&unit=3`;
      const created = factory.create({ id: "codec-rtu", url, profile });
      if (!created.ok) throw new Error(created.error.message);
      const result = await created.value.read();
      expect(result.ok ? valuesOf(result.value) : result.error).toEqual(expected);
      expect(created.value.counters()?.requests).toBe(plannedRequests);
      await created.value.close();
    });
  });
});
