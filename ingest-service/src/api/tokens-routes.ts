import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import { requireRole } from "./auth.js";
import { EntParams, RoleSchema } from "./schemas.js";
import { securedRoute } from "./typed-route.js";

/** API tokens: who am I, and (admin) issue a token. */
export function tokenRoutes(app: FastifyInstance, ctx: IngestContext): void {
  securedRoute(app, ctx.apiTokens, {
    method: "GET",
    url: "/me",
    summary: "The calling token's role and enterprise scope",
    tags: ["tokens"],
    handler: async ({ principal }) => ({
      role: principal.role,
      enterprise: principal.ent,
      name: principal.name,
    }),
  });

  securedRoute(app, ctx.apiTokens, {
    method: "POST",
    url: "/tokens",
    summary: "Issue an API token (admin); the secret is shown only in this answer",
    tags: ["tokens"],
    body: z.strictObject({
      role: RoleSchema,
      enterprise: EntParams.shape.ent.optional(),
      name: z.string().min(1).max(100),
    }),
    handler: async ({ principal, body }, _request, reply) => {
      requireRole(principal, "admin");
      const ent = body.enterprise ?? null;
      const needsScope = body.role === "integrator" || body.role === "enterprise";
      if (needsScope !== (ent !== null)) {
        throw new IngestError(
          "ONRAMP_API_VALIDATION",
          "integrator and enterprise tokens need an enterprise; admin and bureau tokens have none",
        );
      }
      if (ent !== null && (await ctx.registry.listEnterprises(ent)).length === 0) {
        throw new IngestError("ONRAMP_NOT_FOUND", `no enterprise ${ent}`);
      }
      const created = await ctx.apiTokens.create({ role: body.role, ent, name: body.name });
      reply.code(201);
      return {
        id: created.id,
        token: created.token,
        role: created.role,
        enterprise: created.ent,
        name: created.name,
      };
    },
  });
}
