import { createPublicKey } from "node:crypto";
import { DeviceId, GatewayId, keyIdOf, publicJwk } from "@onramp/contract";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { IngestContext } from "../context.js";
import { IngestError, rateLimited } from "../errors.js";
import { requireAccess } from "./auth.js";
import { EntParams, ErrorBody } from "./schemas.js";
import { publicRoute, securedRoute } from "./typed-route.js";

const MAX_TOKEN_TTL_S = 30 * 86_400;

/** The agent's side of this contract: edge-agent/src/enroll/README.md. */
const EnrollBody = z.object({
  token: z.string().min(8).max(200),
  publicJwk: z.object({
    kty: z.literal("OKP"),
    crv: z.literal("Ed25519"),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "x must be 32 bytes, base64url"),
    kid: z.string().max(256).optional(),
  }),
  agent: z.object({ name: z.string().min(1).max(64), version: z.string().min(1).max(64) }).optional(),
  /**
   * Rating-plate serials the integrator entered for this gateway's devices that expose no identity
   * (profile identity method `nameplate`), with the fingerprint the agent will announce for each.
   * The enrollment is what confirms them: a nameplate fingerprint announced later that is not
   * among these is flagged (IDENTITY_NAMEPLATE_UNCONFIRMED).
   */
  nameplates: z
    .array(
      z.strictObject({
        device: DeviceId,
        serial: z.string().min(1).max(64),
        fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/, "fingerprint must be sha256:<64 hex digits>"),
      }),
    )
    .max(10_000)
    .refine((list) => new Set(list.map((n) => n.device)).size === list.length, "one nameplate per device")
    .optional(),
});

/** Enrollment tokens (integrator) and the enrollment itself (agent, authenticated by the token). */
export function enrollmentRoutes(app: FastifyInstance, ctx: IngestContext): void {
  securedRoute(app, ctx.apiTokens, {
    method: "POST",
    url: "/enterprises/:ent/enrollment-tokens",
    summary: "Create a single-use enrollment token for one gateway; the token is shown only here",
    tags: ["enrollment"],
    params: EntParams,
    body: z.strictObject({
      gatewayId: GatewayId,
      ttlSeconds: z.int().min(60).max(MAX_TOKEN_TTL_S).default(86_400),
    }),
    handler: async ({ principal, params, body }, _request, reply) => {
      requireAccess(principal, params.ent, "manage");
      const [enterprise] = await ctx.registry.listEnterprises(params.ent);
      if (enterprise === undefined) throw new IngestError("ONRAMP_NOT_FOUND", `no enterprise ${params.ent}`);
      const created = await ctx.enrollment.createToken({
        ent: params.ent,
        gatewayId: body.gatewayId,
        ttlMs: body.ttlSeconds * 1000,
        createdBy: `${principal.role}:${principal.name}`,
      });
      reply.code(201);
      return created;
    },
  });

  securedRoute(app, ctx.apiTokens, {
    method: "GET",
    url: "/enterprises/:ent/enrollment-tokens",
    summary: "Enrollment tokens of an enterprise (never the secrets)",
    tags: ["enrollment"],
    params: EntParams,
    handler: async ({ principal, params }) => {
      requireAccess(principal, params.ent, "manage");
      return ctx.enrollment.listTokens(params.ent);
    },
  });

  publicRoute(app, {
    method: "POST",
    url: "/enroll",
    summary: "Enroll a gateway: one-time token + its Ed25519 public JWK → ids and MQTT credentials",
    tags: ["enrollment"],
    body: EnrollBody,
    response: { 401: ErrorBody, 409: ErrorBody, 410: ErrorBody, 429: ErrorBody },
    handler: async ({ body }, request, reply) => {
      // Per source address, whatever the outcome: enrollment is rare, guessing is not.
      const waitMs = ctx.limits.enrollByAddress.take(request.ip, Date.now());
      if (waitMs > 0) throw rateLimited(waitMs, "too many enrollment requests from this address");
      let key: ReturnType<typeof createPublicKey>;
      try {
        key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: body.publicJwk.x }, format: "jwk" });
      } catch {
        throw new IngestError("ONRAMP_ENROLL_KEY_INVALID", "publicJwk.x is not an Ed25519 public key");
      }
      // The kid is recomputed (RFC 7638), never taken from the request.
      if (body.publicJwk.kid !== undefined && body.publicJwk.kid !== keyIdOf(key)) {
        throw new IngestError(
          "ONRAMP_ENROLL_KEY_INVALID",
          "publicJwk.kid is not the RFC 7638 thumbprint of the key",
        );
      }
      const result = await ctx.enrollment.enroll(body.token, publicJwk(key), body.nameplates ?? []);
      ctx.directory.invalidate(result.ent, result.gatewayId);
      // Counts only: the audit trail of the serials themselves is the nameplate_confirmations table.
      request.log.info(
        {
          ent: result.ent,
          gateway: result.gatewayId,
          kid: result.kid,
          nameplates: result.nameplatesConfirmed,
        },
        "gateway enrolled",
      );
      reply.code(201);
      return {
        enterprise: result.ent,
        gateway: result.gatewayId,
        kid: result.kid,
        mqtt: { url: ctx.publicMqttUrl(), ...result.mqtt },
        cmdKeys: ctx.cmdKeys,
        nameplatesConfirmed: result.nameplatesConfirmed,
      };
    },
  });
}
