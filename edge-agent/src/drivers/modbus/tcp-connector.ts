import net from "node:net";
import type { ModbusFailure, Outcome } from "./errors.js";
import { type Connection, type Connector, ModbusClientClass } from "./link.js";

/** Keepalive probes find a peer that vanished (power cut, cable pulled) on an idle connection. */
const KEEPALIVE_DELAY_MS = 10_000;

/**
 * Opens Modbus TCP connections. The socket is ours, handed to modbus-serial, so that its
 * `close` tells us about a lost connection at once (modbus-serial's own TcpPort stays silent
 * when an error precedes the close) and a refused connection keeps its errno.
 */
export function tcpConnector(host: string, port: number): Connector {
  return {
    open(timeoutMs) {
      return new Promise<Outcome<Connection>>((resolve) => {
        const socket = net.connect({ host, port });
        const timer = setTimeout(() => {
          socket.destroy();
          resolve({
            ok: false,
            failure: {
              kind: "unreachable",
              detail: `no answer to the connection attempt within ${timeoutMs} ms`,
            },
          });
        }, timeoutMs);
        socket.once("error", (error: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          resolve({ ok: false, failure: connectFailure(error) });
        });
        socket.once("connect", () => {
          clearTimeout(timer);
          socket.removeAllListeners("error");
          resolve(connected(socket, host, port));
        });
      });
    },
  };
}

async function connected(socket: net.Socket, host: string, port: number): Promise<Outcome<Connection>> {
  socket.setNoDelay(true);
  socket.setKeepAlive(true, KEEPALIVE_DELAY_MS);
  let lostDetail = "closed by the peer";
  let onLost: ((detail: string) => void) | undefined;
  socket.on("error", (error: NodeJS.ErrnoException) => {
    lostDetail = error.code ?? error.message;
  });
  socket.once("close", () => onLost?.(lostDetail));
  const client = new ModbusClientClass();
  try {
    await client.connectTCP(host, { port, socket });
  } catch (error) {
    // The peer closed the socket between connect and hand-over.
    socket.destroy();
    return {
      ok: false,
      failure: { kind: "lost", detail: error instanceof Error ? error.message : String(error) },
    };
  }
  return {
    ok: true,
    value: {
      client,
      onLost(listener) {
        onLost = listener;
      },
      close() {
        return new Promise<void>((resolve) => {
          if (socket.destroyed) return resolve();
          socket.once("close", () => resolve());
          socket.destroy();
        });
      },
    },
  };
}

function connectFailure(error: NodeJS.ErrnoException): ModbusFailure {
  const code = error.code ?? error.message;
  switch (error.code) {
    case "ECONNREFUSED":
      return { kind: "refused", detail: code };
    case "ECONNRESET":
    case "EPIPE":
      return { kind: "lost", detail: code };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { kind: "unreachable", detail: `${code}: unknown host name` };
    default:
      return { kind: "unreachable", detail: code };
  }
}
