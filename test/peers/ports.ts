import net from "node:net";

/**
 * A TCP port free on 127.0.0.1 right now, for servers that cannot bind port 0 themselves
 * (modbus-serial's ServerTCP treats port 0 as "use 502") or must come back on the same port.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
