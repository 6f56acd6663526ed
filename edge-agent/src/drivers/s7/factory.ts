import type { DeviceSpec, DriverContext, DriverFactory, DriverResult } from "../driver.js";
import type { HealthPolicy } from "../modbus/health.js";
import { s7Cause } from "./errors.js";
import { S7Driver } from "./s7-driver.js";
import { parseS7Url } from "./url.js";

export const DEFAULT_S7_OPTIONS: HealthPolicy = {
  failedCyclesBeforeDegraded: 3,
  degraded: { initialMs: 1_000, maxMs: 10_000 },
};

export interface S7DriverFactory extends DriverFactory {
  create(spec: DeviceSpec): DriverResult<S7Driver>;
}

/**
 * The factory for `s7:` devices. Each device has its own connection: a CPU counts connections
 * per client, and two devices at one address are two CPUs behind a CP only with different TSAPs.
 */
export function createS7DriverFactory(
  ctx: DriverContext,
  options: Partial<HealthPolicy> = {},
): S7DriverFactory {
  const policy = { ...DEFAULT_S7_OPTIONS, ...options };
  const drivers = new Set<S7Driver>();
  return {
    schemes: ["s7:"],
    create(spec) {
      const where = { device: spec.id, url: spec.url };
      const parsed = parseS7Url(spec.url);
      if (!parsed.ok)
        return {
          ok: false,
          error: s7Cause("ONRAMP_S7_BAD_URL", where, `${parsed.field}: ${parsed.message}`),
        };
      if (spec.profile.profile.protocol !== "s7") {
        const what = `profile ${spec.profile.profile.id} is an ${spec.profile.profile.protocol} profile, not an S7 one`;
        return { ok: false, error: s7Cause("ONRAMP_S7_PROFILE_MISMATCH", where, what) };
      }
      const driver = new S7Driver(spec, parsed.endpoint, policy, ctx);
      drivers.add(driver);
      return { ok: true, value: driver };
    },
    async close() {
      await Promise.all([...drivers].map((driver) => driver.close()));
      drivers.clear();
    },
  };
}
