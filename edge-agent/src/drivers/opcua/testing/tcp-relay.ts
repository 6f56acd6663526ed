import net from "node:net";

/**
 * Test-only: a TCP relay in front of a real server that can stop forwarding without closing
 * anything — the network device that silently drops traffic while both ends think the
 * connection is up.
 */
export interface TcpRelay {
  readonly port: number;
  /** Stop forwarding in both directions; sockets stay open, bytes wait in the buffers. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpRelay(targetPort: number, host = "127.0.0.1"): Promise<TcpRelay> {
  const pairs = new Set<readonly [net.Socket, net.Socket]>();
  let isPaused = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, host);
    const pair = [client, upstream] as const;
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    if (isPaused) for (const s of pair) s.pause();
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("relay has no port");
  return {
    port: address.port,
    pause() {
      isPaused = true;
      for (const pair of pairs) for (const s of pair) s.pause();
    },
    resume() {
      isPaused = false;
      for (const pair of pairs) for (const s of pair) s.resume();
    },
    async close() {
      for (const pair of pairs) for (const s of pair) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
