import { DeviceClass, DeviceId } from "@onramp/contract";
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

  equipmentRoutes(app, ctx);
}

const EquipmentParams = z.strictObject({ ent: EntParams.shape.ent, dev: DeviceId });

/** What an enterprise declares of one piece of equipment (INDICATORS §1, §2; issue 14). */
const EquipmentBody = z.strictObject({
  name: z.string().min(1).max(200),
  /** Device class, as profiles name them: `cnc_machine_tool`, `plc`, `press`, `energy_meter`, … */
  class: DeviceClass,
  /** Serves a key process (关键工序). */
  keyProcess: z.boolean(),
  /** Declared digital (INDICATORS §2.2). */
  digital: z.boolean(),
  /** Declared networked (INDICATORS §2.1). */
  networked: z.boolean(),
  /** Declared numerically controlled (process industries: under PLC/DCS control, §2.3). */
  cnc: z.boolean(),
});

/**
 * The enterprise's own equipment register (issue 14): equipment exists before, or without, any
 * gateway announcing it, so unconnected machines count against the verified rates. A birth for a
 * declared id attaches to the declaration.
 */
function equipmentRoutes(app: FastifyInstance, ctx: IngestContext): void {
  const tokens = ctx.apiTokens;

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/equipment",
    summary:
      "Equipment declared by the enterprise, with the gateways that announced it (none: declared only)",
    tags: ["registry"],
    params: EntParams,
    handler: async ({ principal, params }) => {
      requireAccess(principal, params.ent, "read");
      const announcedBy = new Map<string, string[]>();
      for (const d of await ctx.registry.listDevices(params.ent))
        announcedBy.set(d.id, [...(announcedBy.get(d.id) ?? []), d.gw]);
      return (await ctx.registry.listDeclaredEquipment(params.ent)).map((e) => ({
        ...e,
        announcedBy: announcedBy.get(e.id) ?? [],
      }));
    },
  });

  securedRoute(app, tokens, {
    method: "PUT",
    url: "/enterprises/:ent/equipment/:dev",
    summary:
      "Declare a piece of equipment (class, key process, digital, networked, CNC), before or without any gateway announcing it",
    tags: ["registry"],
    params: EquipmentParams,
    body: EquipmentBody,
    handler: async ({ principal, params, body }, _request, reply) => {
      requireAccess(principal, params.ent, "declare");
      const exists = (await ctx.registry.listEnterprises(params.ent)).length > 0;
      if (!exists) throw new IngestError("ONRAMP_NOT_FOUND", `no enterprise ${params.ent}`);
      const { equipment, created } = await ctx.registry.declareEquipment(
        { ent: params.ent, id: params.dev },
        {
          name: body.name,
          class: body.class,
          keyProcess: body.keyProcess,
          declaredDigital: body.digital,
          declaredNetworked: body.networked,
          declaredCnc: body.cnc,
        },
        `${principal.role}:${principal.name}`,
      );
      reply.code(created ? 201 : 200);
      return equipment;
    },
  });

  securedRoute(app, tokens, {
    method: "DELETE",
    url: "/enterprises/:ent/equipment/:dev",
    summary: "Retire declared equipment (scrapped, sold): it is judged only up to now",
    tags: ["registry"],
    params: EquipmentParams,
    handler: async ({ principal, params }) => {
      requireAccess(principal, params.ent, "declare");
      const retired = await ctx.registry.retireEquipment({ ent: params.ent, id: params.dev });
      if (retired === undefined)
        throw new IngestError("ONRAMP_NOT_FOUND", `no declared equipment ${params.dev} in ${params.ent}`);
      return retired;
    },
  });
}
