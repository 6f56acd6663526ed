import { DeviceId, ProfileRef } from "@onramp/contract";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireAccess, requireRole } from "../api/auth.js";
import { GatewayParams } from "../api/schemas.js";
import { securedRoute } from "../api/typed-route.js";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import type { SparkplugMappings } from "./mappings.js";
import type { SparkplugProfiles } from "./profile-library.js";

/** Sparkplug ids are free UTF-8 in the spec (§4.1.1); we take what MQTT topics can carry safely. */
const SparkplugId = z
  .string()
  .regex(/^[^/+#\s]{1,128}$/, "a Sparkplug id: 1..128 characters without /, +, # or spaces");

const EdgeBody = z.strictObject({ group: SparkplugId, edge: SparkplugId, ...GatewayParams.shape });
const DeviceParams = z.strictObject({ ...GatewayParams.shape, spDevice: SparkplugId });
const DeviceBody = z.strictObject({ dev: DeviceId, profile: ProfileRef });

export interface SparkplugRouteDeps {
  mappings: SparkplugMappings;
  profiles: SparkplugProfiles;
  /** Drops this instance's cached mapping of an edge node at once. */
  invalidate: (group: string, edge: string) => void;
}

/**
 * Mapping an existing Sparkplug B gateway into the registry (issue 20): an admin or the
 * enterprise's integrator maps an edge node (group/edge) to a gateway of the enterprise, then each
 * Sparkplug device of it to an Onramp device with a profile that has a `sparkplug` section.
 */
export function sparkplugRoutes(app: FastifyInstance, ctx: IngestContext, deps: SparkplugRouteDeps): void {
  const tokens = ctx.apiTokens;

  securedRoute(app, tokens, {
    method: "POST",
    url: "/sparkplug/edges",
    summary: "Map a Sparkplug B edge node (group/edge) to a gateway of an enterprise (admin or integrator)",
    tags: ["sparkplug"],
    body: EdgeBody,
    handler: async ({ principal, body }, _request, reply) => {
      requireRole(principal, "admin", "integrator");
      requireAccess(principal, body.ent, "manage");
      if ((await ctx.registry.listEnterprises(body.ent)).length === 0)
        throw new IngestError("ONRAMP_NOT_FOUND", `no enterprise ${body.ent}`);
      const result = await deps.mappings.mapEdge(
        { ...body, registeredBy: `${principal.role}:${principal.name}` },
        Date.now(),
      );
      if (!result.ok) throw new IngestError("ONRAMP_CONFLICT", result.reason);
      deps.invalidate(body.group, body.edge);
      reply.code(result.created ? 201 : 200);
      return result.mapping;
    },
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/sparkplug/edges",
    summary:
      "Sparkplug B edge nodes mapped to gateways, with their devices (scoped to the token's enterprise)",
    tags: ["sparkplug"],
    handler: async ({ principal }) => {
      const scope = principal.role === "admin" || principal.role === "bureau" ? null : principal.ent;
      if (scope === null && principal.role !== "admin" && principal.role !== "bureau") return [];
      const edges = await deps.mappings.edgesOf(scope);
      return Promise.all(
        edges.map(async (e) => ({ ...e, devices: await deps.mappings.devicesOf(e.ent, e.gw) })),
      );
    },
  });

  securedRoute(app, tokens, {
    method: "PUT",
    url: "/enterprises/:ent/gateways/:gw/sparkplug-devices/:spDevice",
    summary:
      "Map a Sparkplug B device of a mapped edge node to an Onramp device with a profile (admin or integrator)",
    tags: ["sparkplug"],
    params: DeviceParams,
    body: DeviceBody,
    handler: async ({ principal, params, body }) => {
      requireRole(principal, "admin", "integrator");
      requireAccess(principal, params.ent, "manage");
      const edge = (await deps.mappings.edgesOf(params.ent)).find((e) => e.gw === params.gw);
      if (edge === undefined)
        throw new IngestError(
          "ONRAMP_NOT_FOUND",
          `gateway ${params.ent}/${params.gw} maps no Sparkplug edge node`,
        );
      if (deps.profiles(body.profile) === undefined)
        throw new IngestError(
          "ONRAMP_SPARKPLUG_PROFILE_UNMAPPED",
          `profile ${body.profile} is not in the library or has no sparkplug section`,
        );
      const mapping = await deps.mappings.mapDevice(
        {
          ent: params.ent,
          gw: params.gw,
          spDevice: params.spDevice,
          ...body,
          registeredBy: `${principal.role}:${principal.name}`,
        },
        Date.now(),
      );
      deps.invalidate(edge.group, edge.edge);
      return mapping;
    },
  });
}
