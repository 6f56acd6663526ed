import net from "node:net";
import { Aedes } from "aedes";
import { freePort } from "../../../test/peers/ports.js";

/**
 * An aedes broker on 127.0.0.1 that can go down and come back on the same port. Going down
 * closes the listener and drops every connection, like a broker host losing its network; the
 * aedes instance (with its in-memory sessions) survives, so a clean-session-false subscriber
 * gets what was published while it was away, as with a broker that persists sessions.
 */
export interface TestBroker {
  readonly port: number;
  readonly url: string;
  /** Client ids of every connection the broker accepted, in order. */
  readonly clientIds: readonly string[];
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startAedes(): Promise<TestBroker> {
  const aedes = await Aedes.createBroker();
  const clientIds: string[] = [];
  aedes.on("client", (client) => clientIds.push(client.id));
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const up = async () => {
    const s = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      aedes.handle(socket);
    });
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    server = s;
  };
  const down = async () => {
    const s = server;
    server = undefined;
    if (s === undefined) return;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  await up();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    clientIds,
    up,
    down,
    async close() {
      await down();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    },
  };
}
