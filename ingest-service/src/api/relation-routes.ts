import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import { DeviceRelationSchema } from "../indicators/inputs.js";
import { DeviceRelations } from "../state/device-relations.js";
import { requireAccess } from "./auth.js";
import { EntParams } from "./schemas.js";
import { securedRoute } from "./typed-route.js";

/**
 * The class the `from` side of each relation must have: a `feeds` relation starts at an energy
 * meter, a `runs` relation at a PLC (issue 14). The `to` side is any other device.
 */
const FROM_CLASS = { feeds: "energy_meter", runs: "plc" } as const;

/** Relations between an enterprise's devices, declared by the enterprise or its integrator (issue 14). */
export function relationRoutes(app: FastifyInstance, ctx: IngestContext): void {
  const relations = new DeviceRelations(ctx.sql);

  securedRoute(app, ctx.apiTokens, {
    method: "GET",
    url: "/enterprises/:ent/relations",
    summary:
      "Relations declared between the enterprise's devices (this meter feeds that machine; this PLC runs that line)",
    tags: ["registry"],
    params: EntParams,
    handler: async ({ principal, params }) => {
      requireAccess(principal, params.ent, "read");
      return relations.list(params.ent);
    },
  });

  securedRoute(app, ctx.apiTokens, {
    method: "POST",
    url: "/enterprises/:ent/relations",
    summary:
      "Declare that a meter feeds a machine (kind feeds) or that a PLC runs a line (kind runs); both devices must be announced by a gateway",
    tags: ["registry"],
    params: EntParams,
    body: DeviceRelationSchema,
    handler: async ({ principal, params, body }, _request, reply) => {
      requireAccess(principal, params.ent, "declare");
      if (body.from === body.to)
        throw new IngestError(
          "ONRAMP_RELATION_INVALID",
          `a device cannot ${body.kind === "feeds" ? "feed" : "run"} itself`,
        );
      const devices = await ctx.registry.listDevices(params.ent);
      const from = devices.find((d) => d.id === body.from);
      const to = devices.find((d) => d.id === body.to);
      if (from === undefined || to === undefined) {
        const missing = from === undefined ? body.from : body.to;
        throw new IngestError("ONRAMP_RELATION_INVALID", `enterprise ${params.ent} has no device ${missing}`);
      }
      const expected = FROM_CLASS[body.kind];
      if (from.class !== expected)
        throw new IngestError(
          "ONRAMP_RELATION_INVALID",
          `a ${body.kind} relation starts at a device of class ${expected}; ${from.id} is ${from.class}`,
        );
      const stored = await relations.declare(
        { ent: params.ent, ...body },
        `${principal.role}:${principal.name}`,
      );
      if (stored === undefined)
        throw new IngestError("ONRAMP_CONFLICT", `${body.from} ${body.kind} ${body.to} is already declared`);
      reply.code(201);
      return stored;
    },
  });

  securedRoute(app, ctx.apiTokens, {
    method: "DELETE",
    url: "/enterprises/:ent/relations",
    summary: "Withdraw a declared relation",
    tags: ["registry"],
    params: EntParams,
    querystring: z.strictObject(DeviceRelationSchema.shape),
    handler: async ({ principal, params, query }) => {
      requireAccess(principal, params.ent, "declare");
      if (!(await relations.remove({ ent: params.ent, ...query })))
        throw new IngestError("ONRAMP_NOT_FOUND", `${query.from} ${query.kind} ${query.to} is not declared`);
      return { removed: true };
    },
  });
}
