import type { FastifyInstance } from "fastify";
import type { IngestContext } from "../context.js";

/** Liveness, readiness and Prometheus metrics; unauthenticated (they carry no tenant data). */
export function healthRoutes(app: FastifyInstance, ctx: IngestContext): void {
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

  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    reply.type("text/plain; version=0.0.4; charset=utf-8");
    return ctx.metrics.render();
  });
}
