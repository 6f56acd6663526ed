import type { FastifyInstance } from "fastify";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import type { ProfileSignalList } from "../profiles/signal-list.js";
import { requireAccess } from "./auth.js";
import { DeviceParams } from "./schemas.js";
import { securedRoute } from "./typed-route.js";

/** How far back the last value is looked for: every signal reports at least once per heartbeat. */
const LAST_VALUE_WINDOW_MS = 3_600_000;

/** The device page's signal picker: the device's signals from its profile, each with its last value. */
export function deviceSignalsRoutes(
  app: FastifyInstance,
  ctx: IngestContext,
  signalList: ProfileSignalList,
): void {
  securedRoute(app, ctx.apiTokens, {
    method: "GET",
    url: "/enterprises/:ent/gateways/:gw/devices/:dev/signals",
    summary:
      "The device's signals from its profile (id, name, role, unit, type) with the last value of the past hour; isProfileKnown false when the profile is not in the library",
    tags: ["observe"],
    params: DeviceParams,
    handler: async ({ principal, params }) => {
      requireAccess(principal, params.ent, "read");
      const device = (await ctx.registry.listDevices(params.ent, params.gw)).find((d) => d.id === params.dev);
      if (device === undefined)
        throw new IngestError("ONRAMP_NOT_FOUND", `no device ${params.dev} on ${params.ent}/${params.gw}`);
      const listed = signalList(device.profile);
      const to = Date.now() + 1;
      try {
        const signals = await Promise.all(
          (listed ?? []).map(async (signal) => {
            const points = await ctx.store.readSignal({
              ...params,
              signal: signal.id,
              from: to - LAST_VALUE_WINDOW_MS,
              to,
              limit: 10_000,
            });
            return { ...signal, last: points.at(-1) ?? null };
          }),
        );
        return { profile: device.profile, isProfileKnown: listed !== undefined, signals };
      } catch (error) {
        throw new IngestError(
          "ONRAMP_TELEMETRY_UNAVAILABLE",
          `telemetry read failed: ${(error as Error).message}`,
        );
      }
    },
  });
}
