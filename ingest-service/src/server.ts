import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildApp, parseConfig } from "./app.js";
import type { IngestConfigInput } from "./config.js";

/**
 * Runs the service: builds the app, listens, and closes everything on SIGTERM/SIGINT (in-flight
 * commits get a few seconds; anything unacknowledged is redelivered by the broker or the agents).
 */
export async function startServer(config: IngestConfigInput): Promise<FastifyInstance> {
  const parsed = parseConfig(config);
  const app = await buildApp({ config: parsed });
  await app.listen({ host: parsed.http.host, port: parsed.http.port });
  const http = app.server.address() as AddressInfo;
  app.log.info(
    { http: `http://${http.address}:${http.port}`, mqtt: app.ingest.broker?.address() ?? null },
    "ingest ready",
  );
  let isClosing = false;
  const shutdown = (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    app.log.info({ signal }, "shutting down");
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  return app;
}
