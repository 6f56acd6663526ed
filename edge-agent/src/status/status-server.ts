import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { formatMetrics } from "./metrics.js";
import type { AgentSnapshot } from "./snapshot.js";

export interface StatusServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The integrator's local view (loopback by default): `/healthz` (the process serves),
 * `/status` (JSON snapshot), `/metrics` (Prometheus). Read-only: GET and HEAD only.
 */
export async function startStatusServer(
  host: string,
  port: number,
  snapshot: () => AgentSnapshot,
): Promise<StatusServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const path = new URL(req.url ?? "/", "http://status").pathname;
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (path === "/healthz") send(200, "text/plain; charset=utf-8", "ok\n");
    else if (path === "/status") send(200, "application/json", `${JSON.stringify(snapshot(), null, 2)}\n`);
    else if (path === "/metrics")
      send(200, "text/plain; version=0.0.4; charset=utf-8", formatMetrics(snapshot()));
    else send(404, "text/plain; charset=utf-8", "not found: try /healthz, /status or /metrics\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
