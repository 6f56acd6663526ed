import { createServer } from "node:net";
import { type IServiceVector, ServerTCP } from "modbus-serial";
import { type RegisterImage, readRegister } from "./register-image.js";

export interface ModbusServer {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Modbus exception codes (Modbus Application Protocol v1.1b3 §7). */
const ILLEGAL_DATA_ADDRESS = 0x02;
const GATEWAY_TARGET_FAILED = 0x0b;

function exception(code: number, msg: string): Error {
  return Object.assign(new Error(msg), { modbusErrorCode: code, msg });
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Serves one register image per unit id on a Modbus TCP port, like a serial gateway with several
 * devices on its RS-485 bus. A register outside the device's memory answers "illegal data address",
 * as a real device does; an unknown unit answers "gateway target device
 * failed to respond" (§4.4 of the Modbus TCP implementation guide).
 */
export async function serveModbus(options: {
  readonly host?: string;
  readonly port?: number;
  readonly units: ReadonlyMap<number, RegisterImage>;
}): Promise<ModbusServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port === undefined || options.port === 0 ? await freePort(host) : options.port;
  const imageOf = (unit: number) => {
    const image = options.units.get(unit);
    if (image === undefined) throw exception(GATEWAY_TARGET_FAILED, `no device with unit id ${unit}`);
    return image;
  };
  const read = <T>(value: T | undefined, address: number): T => {
    if (value === undefined) throw exception(ILLEGAL_DATA_ADDRESS, `no register at ${address}`);
    return value;
  };
  const word = (unit: number, table: "holding" | "input", address: number) =>
    read(readRegister(imageOf(unit), table, address), address);
  const words = (unit: number, table: "holding" | "input", address: number, length: number) =>
    Array.from({ length }, (_, i) => word(unit, table, address + i));
  const vector: IServiceVector = {
    getHoldingRegister: (address: number, unit: number) => word(unit, "holding", address),
    getInputRegister: (address: number, unit: number) => word(unit, "input", address),
    getMultipleHoldingRegisters: (address: number, length: number, unit: number) =>
      words(unit, "holding", address, length),
    getMultipleInputRegisters: (address: number, length: number, unit: number) =>
      words(unit, "input", address, length),
    getCoil: (address: number, unit: number) => read(imageOf(unit).coil.get(address), address),
    getDiscreteInput: (address: number, unit: number) => read(imageOf(unit).discrete.get(address), address),
  };
  const server = new ServerTCP(vector, { host, port, unitID: 255 });
  await new Promise<void>((resolve, reject) => {
    server.once("initialized", () => resolve());
    server.once("serverError", reject);
  });
  // A client that drops mid-request is the client's problem, never the simulator's.
  server.on("socketError", () => {});
  return {
    host,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
