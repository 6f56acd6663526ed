import { describe, expect, it } from "vitest";
import { interFrameGapMs } from "./rtu-connector.js";
import { parseModbusUrl } from "./url.js";

describe("parseModbusUrl", () => {
  it("reads a TCP URL with its defaults", () => {
    expect(parseModbusUrl("modbus-tcp://10.0.0.7?unit=3")).toEqual({
      ok: true,
      endpoint: {
        transport: "tcp",
        host: "10.0.0.7",
        port: 502,
        unit: 3,
        timeoutMs: 1000,
        retries: 1,
        maxInFlight: 1,
      },
    });
  });

  it("reads every TCP parameter, and an IPv6 host", () => {
    const parsed = parseModbusUrl("modbus-tcp://[::1]:1502?unit=255&timeout=300&retries=0&maxInFlight=4");
    expect(parsed).toEqual({
      ok: true,
      endpoint: {
        transport: "tcp",
        host: "::1",
        port: 1502,
        unit: 255,
        timeoutMs: 300,
        retries: 0,
        maxInFlight: 4,
      },
    });
  });

  it("reads an RTU URL: the serial port after three slashes, spec defaults for parity and stop bits", () => {
    expect(parseModbusUrl("modbus-rtu:///dev/ttyUSB0?unit=3")).toEqual({
      ok: true,
      endpoint: {
        transport: "rtu",
        path: "/dev/ttyUSB0",
        baud: 9600,
        parity: "even",
        stopBits: 1,
        dataBits: 8,
        unit: 3,
        timeoutMs: 1000,
        retries: 1,
      },
    });
    const none = parseModbusUrl("modbus-rtu:///dev/ttyS1?baud=19200&parity=none");
    expect(none.ok && none.endpoint.transport === "rtu" && none.endpoint.stopBits).toBe(2);
    const explicit = parseModbusUrl("modbus-rtu:///dev/ttyS1?parity=none&stopBits=1&dataBits=8");
    expect(explicit.ok && explicit.endpoint.transport === "rtu" && explicit.endpoint.stopBits).toBe(1);
  });

  it.each([
    ["modbus-tcp://10.0.0.7?unit=256", "unit", 'expected an integer from 0 to 255, got "256"'],
    ["modbus-tcp://10.0.0.7?unit=one", "unit", 'expected an integer from 0 to 255, got "one"'],
    ["modbus-tcp://10.0.0.7?timeout=5", "timeout", "expected an integer from 10 to 60000"],
    [
      "modbus-tcp://10.0.0.7?baud=9600",
      "baud",
      "unknown parameter (known: timeout, retries, unit, maxInFlight)",
    ],
    ["modbus-tcp://10.0.0.7?unit=1&unit=2", "unit", "given 2 times"],
    ["modbus-tcp://?unit=1", "host", "missing"],
    ["modbus-tcp://10.0.0.7/holding", "path", "no path"],
    ["modbus-tcp://user:pw@10.0.0.7", "userinfo", "no credentials"],
    ["modbus-tcp://10.0.0.7:99999", "url", "not a URL"],
    ["modbus-rtu:///dev/ttyUSB0?unit=0", "unit", "from 1 to 247"],
    ["modbus-rtu:///dev/ttyUSB0?parity=mark", "parity", 'expected one of "none"|"even"|"odd"'],
    ["modbus-rtu:///dev/ttyUSB0?stopBits=3", "stopBits", '"1"|"2"'],
    ["modbus-rtu:///dev/ttyUSB0?dataBits=7", "dataBits", "RTU frames carry 8 data bits"],
    ["modbus-rtu:///dev/ttyUSB0?baud=fast", "baud", "expected an integer from 300 to 921600"],
    ["modbus-rtu:///dev/ttyUSB0?maxInFlight=2", "maxInFlight", "unknown parameter"],
    ["modbus-rtu://dev/ttyUSB0", "path", "three slashes"],
    ["modbus-rtu://", "path", "missing serial port"],
    ["modbus-ascii:///dev/ttyUSB0", "scheme", "expected modbus-tcp: or modbus-rtu:"],
  ])("rejects %s naming the field %s", (url, field, message) => {
    const parsed = parseModbusUrl(url);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.field).toBe(field);
    expect(parsed.message).toContain(message);
  });
});

describe("interFrameGapMs", () => {
  it("is 3.5 characters of 11 bits up to 19200 baud and 1.75 ms above (Modbus over Serial Line §2.5.1.1)", () => {
    expect(interFrameGapMs({ baud: 9600, parity: "even", stopBits: 1 })).toBeCloseTo(4.01, 2);
    expect(interFrameGapMs({ baud: 19200, parity: "none", stopBits: 2 })).toBeCloseTo(2.005, 3);
    expect(interFrameGapMs({ baud: 115200, parity: "none", stopBits: 1 })).toBe(1.75);
  });
});
