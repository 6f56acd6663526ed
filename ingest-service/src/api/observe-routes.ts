import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import { readLedger } from "../state/ledger.js";
import { DEFAULT_HEARTBEAT_MS, observedState, presenceKey } from "../state/presence-rules.js";
import { readPresence, readTransitions } from "../state/presence-store.js";
import { requireAccess, requireRole } from "./auth.js";
import { DeviceParams, EntParams, GatewayParams, SignalParams, WindowQuery, windowOf } from "./schemas.js";
import { securedRoute } from "./typed-route.js";

const LimitQuery = z.coerce.number().int().min(1).max(10_000).default(1000);

/** What the ingest observed: presence, ledger, rejections, signal history. */
export function observeRoutes(app: FastifyInstance, ctx: IngestContext): void {
  const tokens = ctx.apiTokens;

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/presence",
    summary: "Per device: never | online | stale | offline (INDICATORS §3), first/last seen, cause",
    tags: ["observe"],
    params: EntParams,
    handler: async ({ principal, params }) => {
      requireAccess(principal, params.ent, "read");
      const now = Date.now();
      const [devices, rows] = await Promise.all([
        ctx.registry.listDevices(params.ent),
        readPresence(ctx.sql, params.ent),
      ]);
      const byKey = new Map(rows.map((r) => [presenceKey(r.ent, r.gw, r.dev), r]));
      const out = devices.map((d) => {
        const row = byKey.get(presenceKey(d.ent, d.gw, d.id));
        byKey.delete(presenceKey(d.ent, d.gw, d.id));
        const heartbeatMs = d.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
        return {
          gw: d.gw,
          dev: d.id,
          state: observedState(row, heartbeatMs, now),
          heartbeatMs,
          since: row?.stateSince ?? null,
          cause: row?.cause ?? null,
          firstSeen: row?.firstSeen ?? null,
          lastSeen: row?.lastSeen ?? null,
        };
      });
      // Devices heard from but never announced in a birth.
      for (const row of byKey.values()) {
        const state = observedState(row, DEFAULT_HEARTBEAT_MS, now);
        out.push({
          gw: row.gw,
          dev: row.dev,
          state,
          heartbeatMs: DEFAULT_HEARTBEAT_MS,
          since: row.stateSince,
          cause: row.cause,
          firstSeen: row.firstSeen,
          lastSeen: row.lastSeen,
        });
      }
      return out;
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/gateways/:gw/devices/:dev/transitions",
    summary: "Online/offline transitions of a device, with their causes",
    tags: ["observe"],
    params: DeviceParams,
    querystring: WindowQuery,
    handler: async ({ principal, params, query }) => {
      requireAccess(principal, params.ent, "read");
      return readTransitions(ctx.sql, { ...params, ...windowOf(query) });
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/ledger",
    summary:
      "Hourly ledger: frames, samples, expected samples, gaps, rejections per device (dev '' = gateway)",
    tags: ["observe"],
    params: EntParams,
    // dev= (empty) selects the gateways' own rows.
    querystring: WindowQuery.extend({
      gw: GatewayParams.shape.gw.optional(),
      dev: z.union([DeviceParams.shape.dev, z.literal("")]).optional(),
    }),
    handler: async ({ principal, params, query }) => {
      requireAccess(principal, params.ent, "read");
      return readLedger(ctx.sql, { ent: params.ent, gw: query.gw, dev: query.dev, ...windowOf(query) });
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/rejections",
    summary: "Recent frames refused on this enterprise's topics, newest first (kept in memory, bounded)",
    tags: ["observe"],
    params: EntParams,
    querystring: z.strictObject({ limit: LimitQuery }),
    handler: async ({ principal, params, query }) => {
      requireAccess(principal, params.ent, "read");
      return ctx.rejections.recent({ ent: params.ent, limit: query.limit });
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/rejections",
    summary: "Recent refused frames of every enterprise, and totals per code (admin, bureau)",
    tags: ["observe"],
    querystring: z.strictObject({ limit: LimitQuery }),
    handler: async ({ principal, query }) => {
      requireRole(principal, "admin", "bureau");
      return {
        totals: Object.fromEntries(ctx.rejections.countsByCode()),
        recent: ctx.rejections.recent({ limit: query.limit }),
      };
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/gateways/:gw/devices/:dev/signals/:signal",
    summary: "Signal history from the telemetry store (InfluxQL or embedded), oldest first",
    tags: ["observe"],
    params: SignalParams,
    querystring: WindowQuery.extend({ limit: LimitQuery }),
    handler: async ({ principal, params, query }) => {
      requireAccess(principal, params.ent, "read");
      try {
        return await ctx.store.readSignal({ ...params, ...windowOf(query), limit: query.limit });
      } catch (error) {
        throw new IngestError(
          "ONRAMP_TELEMETRY_UNAVAILABLE",
          `telemetry read failed: ${(error as Error).message}`,
        );
      }
    },
  });
}
