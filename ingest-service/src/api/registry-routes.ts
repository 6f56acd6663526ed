import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import { requireAccess, requireRole } from "./auth.js";
import { DeviceParams, EntParams, GatewayParams } from "./schemas.js";
import { securedRoute } from "./typed-route.js";

/** Enterprises, gateways and devices. */
export function registryRoutes(app: FastifyInstance, ctx: IngestContext): void {
  const tokens = ctx.apiTokens;

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises",
    summary: "Enterprises visible to the token (all for admin and bureau, its own otherwise)",
    tags: ["registry"],
    handler: async ({ principal }) => {
      if (principal.role === "admin" || principal.role === "bureau") return ctx.registry.listEnterprises();
      return principal.ent === null ? [] : ctx.registry.listEnterprises(principal.ent);
    },
  });

  securedRoute(app, tokens, {
    method: "POST",
    url: "/enterprises",
    summary: "Register an enterprise (admin)",
    tags: ["registry"],
    body: z.strictObject({ id: EntParams.shape.ent, name: z.string().min(1).max(200) }),
    handler: async ({ principal, body }, _request, reply) => {
      requireRole(principal, "admin");
      const created = await ctx.registry.createEnterprise(body.id, body.name);
      if (created === undefined)
        throw new IngestError("ONRAMP_CONFLICT", `enterprise ${body.id} already exists`);
      reply.code(201);
      return created;
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/gateways",
    summary: "Gateways of an enterprise",
    tags: ["registry"],
    params: EntParams,
    handler: async ({ principal, params }) => {
      requireAccess(principal, params.ent, "read");
      return ctx.registry.listGateways(params.ent);
    },
  });

  securedRoute(app, tokens, {
    method: "POST",
    url: "/enterprises/:ent/gateways/:gw/revoke",
    summary: "Revoke a gateway: its connection is dropped and its frames refused from now on",
    tags: ["registry"],
    params: GatewayParams,
    handler: async ({ principal, params }) => {
      requireAccess(principal, params.ent, "manage");
      const gateway = await ctx.registry.revokeGateway(params.ent, params.gw);
      if (gateway === undefined)
        throw new IngestError("ONRAMP_NOT_FOUND", `no gateway ${params.ent}/${params.gw}`);
      ctx.directory.invalidate(params.ent, params.gw);
      ctx.broker?.disconnectGateway(params.ent, params.gw);
      return gateway;
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/devices",
    summary: "Devices of an enterprise, as announced by gateway births, with their declarations",
    tags: ["registry"],
    params: EntParams,
    querystring: z.strictObject({ gw: GatewayParams.shape.gw.optional() }),
    handler: async ({ principal, params, query }) => {
      requireAccess(principal, params.ent, "read");
      return ctx.registry.listDevices(params.ent, query.gw);
    },
  });

  securedRoute(app, tokens, {
    method: "PATCH",
    url: "/enterprises/:ent/gateways/:gw/devices/:dev",
    summary: "Declare a device as key-process equipment and/or numerically controlled (INDICATORS §1, §2.3)",
    tags: ["registry"],
    params: DeviceParams,
    body: z.strictObject({ keyProcess: z.boolean().optional(), cnc: z.boolean().optional() }),
    handler: async ({ principal, params, body }) => {
      requireAccess(principal, params.ent, "declare");
      const who = `${principal.role}:${principal.name}`;
      const device = await ctx.registry.declareDevice(
        { ent: params.ent, gw: params.gw, id: params.dev },
        body,
        who,
      );
      if (device === undefined)
        throw new IngestError("ONRAMP_NOT_FOUND", `no device ${params.dev} on ${params.ent}/${params.gw}`);
      return device;
    },
  });
}
