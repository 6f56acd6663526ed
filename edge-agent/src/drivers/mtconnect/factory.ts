import type { DeviceSpec, DriverContext, DriverFactory, DriverResult } from "../driver.js";
import type { HealthPolicy } from "../modbus/health.js";
import { mtconnectCause } from "./errors.js";
import { MtconnectDriver } from "./mtconnect-driver.js";
import { parseMtconnectUrl } from "./url.js";

export const DEFAULT_MTCONNECT_OPTIONS: HealthPolicy = {
  failedCyclesBeforeDegraded: 3,
  degraded: { initialMs: 1_000, maxMs: 30_000 },
};

export interface MtconnectDriverFactory extends DriverFactory {
  create(spec: DeviceSpec): DriverResult<MtconnectDriver>;
}

/** The factory for `mtconnect:` devices: HTTP requests need no shared connection. */
export function createMtconnectDriverFactory(
  ctx: DriverContext,
  options: Partial<HealthPolicy> = {},
): MtconnectDriverFactory {
  const policy = { ...DEFAULT_MTCONNECT_OPTIONS, ...options };
  const drivers = new Set<MtconnectDriver>();
  return {
    schemes: ["mtconnect:"],
    create(spec) {
      const where = { device: spec.id, url: spec.url };
      const parsed = parseMtconnectUrl(spec.url);
      if (!parsed.ok)
        return {
          ok: false,
          error: mtconnectCause("ONRAMP_MTCONNECT_BAD_URL", where, `${parsed.field}: ${parsed.message}`),
        };
      if (spec.profile.profile.protocol !== "mtconnect") {
        const what = `profile ${spec.profile.profile.id} is an ${spec.profile.profile.protocol} profile, not an MTConnect one`;
        return { ok: false, error: mtconnectCause("ONRAMP_MTCONNECT_PROFILE_MISMATCH", where, what) };
      }
      const driver = new MtconnectDriver(spec, parsed.endpoint, policy, ctx);
      drivers.add(driver);
      return { ok: true, value: driver };
    },
    async close() {
      await Promise.all([...drivers].map((driver) => driver.close()));
      drivers.clear();
    },
  };
}
