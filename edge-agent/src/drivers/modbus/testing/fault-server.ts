import modbusSerial, { type IServiceVector } from "modbus-serial";
import { freePort } from "../../../../../test/peers/ports.js";

/** Test-only: modbus-serial's own ServerTCP on 127.0.0.1, for injecting faults an honest server never shows. */
export interface FaultServer {
  readonly port: number;
  /** Destroys every open client connection (the server keeps listening). */
  dropConnections(): void;
  close(): Promise<void>;
}

/** Starts ServerTCP on `port` (default: a free one; ServerTCP reads port 0 as 502, so it cannot pick its own). */
export async function startFaultServer(vector: IServiceVector, port?: number): Promise<FaultServer> {
  const listenOn = port ?? (await freePort());
  const server = new modbusSerial.ServerTCP(vector, { host: "127.0.0.1", port: listenOn });
  await new Promise<void>((resolve, reject) => {
    server.once("initialized", () => resolve());
    server.once("serverError", reject);
  });
  // A client that vanishes mid-answer makes the socket emit errors: expected here, not a failure.
  server.on("socketError", () => {});
  server.on("error", () => {});
  return {
    port: listenOn,
    dropConnections() {
      for (const socket of server.socks.keys()) socket.destroy();
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A Modbus exception for ServerTCP to answer with: pass it to a handler's callback. */
export function modbusException(code: number): Error & { modbusErrorCode: number } {
  return Object.assign(new Error(`exception ${code}`), { modbusErrorCode: code });
}
