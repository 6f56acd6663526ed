import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";

/**
 * Liveness and readiness, unauthenticated (they say only "up"), and Prometheus metrics: those
 * name gateways and counts, so by default only a scraper on the same host (loopback) gets them;
 * with `metricsToken` set, any address that sends it as a bearer token.
 */
export function healthRoutes(app: FastifyInstance, ctx: IngestContext, metricsToken?: string): void {
  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));

  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    const [state, telemetry] = await Promise.all([
      ctx.sql.query("SELECT 1").then(
        () => true,
        () => false,
      ),
      ctx.store.isReachable(),
    ]);
    const broker = ctx.broker !== undefined;
    const ready = state && telemetry && broker;
    reply.code(ready ? 200 : 503);
    return { status: ready ? "ready" : "not ready", state, telemetry, broker };
  });

  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (!mayScrape(request, metricsToken)) {
      throw new IngestError(
        "ONRAMP_AUTH_FORBIDDEN",
        metricsToken === undefined
          ? "/metrics answers loopback only; set metricsToken to scrape from another host"
          : "/metrics needs the configured metricsToken as a bearer token",
      );
    }
    reply.type("text/plain; version=0.0.4; charset=utf-8");
    return ctx.metrics.render();
  });
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function mayScrape(request: FastifyRequest, token: string | undefined): boolean {
  if (token === undefined) return LOOPBACK.has(request.socket.remoteAddress ?? "");
  const given = Buffer.from(request.headers.authorization ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
