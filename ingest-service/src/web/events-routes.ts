import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireAccess } from "../api/auth.js";
import { EntParams } from "../api/schemas.js";
import { publicRoute, securedRoute } from "../api/typed-route.js";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import { EventTickets } from "./event-tickets.js";
import { changedPresence, type DevicePresence, presenceSnapshot } from "./presence-feed.js";

/** How often an open stream recomputes presence: stale/offline follow from time passing alone. */
export const PRESENCE_POLL_MS = 1000;
/** A comment line keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * Live updates for the dashboard as server-sent events. The page trades its bearer token for a
 * one-use ticket (POST /events/tickets), then opens `GET /events?ticket=…&ent=…`; the stream is
 * scoped to one enterprise the token may read and sends `presence` events with the devices
 * whose status changed.
 */
export function eventsRoutes(app: FastifyInstance, ctx: IngestContext): void {
  const tickets = new EventTickets();
  const streams = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const stop of streams) stop();
  });

  securedRoute(app, ctx.apiTokens, {
    method: "POST",
    url: "/api/v1/events/tickets",
    summary: "A one-use ticket (30 s) to open the event stream, which cannot carry a bearer header",
    tags: ["dashboard"],
    handler: async ({ principal }, _request, reply) => {
      reply.code(201).header("cache-control", "no-store");
      return tickets.issue(principal);
    },
  });

  publicRoute(app, {
    method: "GET",
    url: "/api/v1/events",
    summary: "Server-sent events for one enterprise: `presence` with the devices whose status changed",
    tags: ["dashboard"],
    querystring: z.strictObject({ ticket: z.string().min(8).max(200), ent: EntParams.shape.ent.optional() }),
    handler: async ({ query }, request, reply) => {
      const principal = tickets.redeem(query.ticket);
      if (principal === undefined) throw new IngestError("ONRAMP_AUTH_MISSING", "unknown or expired ticket");
      const ent = query.ent ?? principal.ent;
      if (ent === null) throw new IngestError("ONRAMP_API_VALIDATION", "query.ent: required for this token");
      requireAccess(principal, ent, "read");
      let last: Map<string, DevicePresence> = await presenceSnapshot(ctx, ent);

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      const send = (event: string, data: unknown) =>
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send("ready", { ent, devices: [...last.values()] });

      let polling = false;
      const poll = setInterval(async () => {
        if (polling) return;
        polling = true;
        try {
          const next = await presenceSnapshot(ctx, ent);
          const changed = changedPresence(last, next);
          last = next;
          if (changed.length > 0) send("presence", changed);
        } catch (error) {
          request.log.warn({ err: error, ent }, "event stream: presence read failed");
        } finally {
          polling = false;
        }
      }, PRESENCE_POLL_MS);
      const keepalive = setInterval(() => res.write(": keepalive\n\n"), KEEPALIVE_MS);
      const stop = () => {
        clearInterval(poll);
        clearInterval(keepalive);
        streams.delete(stop);
        res.end();
      };
      streams.add(stop);
      request.raw.on("close", stop);
    },
  });
}
