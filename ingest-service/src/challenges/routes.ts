import { DeviceId, EnterpriseId, GatewayId, SignalId } from "@onramp/contract";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireAccess, requireRole } from "../api/auth.js";
import { EntParams, WindowQuery, windowOf } from "../api/schemas.js";
import { securedRoute } from "../api/typed-route.js";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import type { ChallengeService } from "./challenge-service.js";

/**
 * Challenges are the bureau's (and admin's) tool only. Liveness uses the *last* challenge of a
 * period (INDICATORS §5), so a party being checked that could challenge its own devices could
 * follow a failed bureau challenge with one timed to pass; integrators read the results instead.
 */
export function challengeRoutes(app: FastifyInstance, ctx: IngestContext, service: ChallengeService): void {
  const tokens = ctx.apiTokens;

  securedRoute(app, tokens, {
    method: "POST",
    url: "/devices/:dev/challenge",
    summary:
      "Challenge a device: signed cmd with a fresh nonce, wait for the signed reply, judge and record it",
    tags: ["challenges"],
    params: z.strictObject({ dev: DeviceId }),
    body: z
      .strictObject({
        enterprise: EnterpriseId.optional(),
        gateway: GatewayId.optional(),
        deadlineMs: z.int().min(500).max(60_000).default(10_000),
        signals: z
          .array(SignalId)
          .min(1)
          .max(100)
          .optional()
          .describe(
            "Signals the device must read; default: its cumulative counters, its execution state and two others at random",
          ),
      })
      .prefault({}),
    handler: async ({ principal, params, body }) => {
      requireRole(principal, "bureau", "admin");
      const devices = await ctx.sql.query<{ ent: string; gw: string }>(
        `SELECT ent, gw FROM devices WHERE id = $1 AND ($2::text IS NULL OR ent = $2) AND ($3::text IS NULL OR gw = $3)`,
        [params.dev, body.enterprise ?? null, body.gateway ?? null],
      );
      if (devices.length === 0) throw new IngestError("ONRAMP_NOT_FOUND", `no device ${params.dev}`);
      if (devices.length > 1)
        throw new IngestError("ONRAMP_DEVICE_AMBIGUOUS", `${devices.length} devices are named ${params.dev}`);
      const [key] = devices as [{ ent: string; gw: string }];
      const device = (await ctx.registry.listDevices(key.ent, key.gw)).find((d) => d.id === params.dev);
      if (device === undefined) throw new IngestError("ONRAMP_NOT_FOUND", `no device ${params.dev}`);
      return service.challenge(device, body.deadlineMs, `${principal.role}:${principal.name}`, body.signals);
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/challenges",
    summary: "Recorded challenge results of an enterprise in a period",
    tags: ["challenges"],
    params: EntParams,
    querystring: WindowQuery,
    handler: async ({ principal, params, query }) => {
      requireAccess(principal, params.ent, "read");
      const period = windowOf(query);
      return ctx.sql.query(
        `SELECT id, ent, gw, dev, issued_at AS "issuedAt", deadline_ms AS "deadlineMs", signals, outcome, causes, reply,
           requested_by AS "requestedBy" FROM challenges
         WHERE ent = $1 AND issued_at >= $2 AND issued_at < $3 ORDER BY issued_at DESC LIMIT 1000`,
        [params.ent, period.from, period.to],
      );
    },
  });
}
