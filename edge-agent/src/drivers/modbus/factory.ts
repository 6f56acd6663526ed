import type { DeviceSpec, DriverContext, DriverFactory, DriverResult } from "../driver.js";
import type { BackoffPolicy } from "./backoff.js";
import { modbusCause } from "./errors.js";
import type { HealthPolicy } from "./health.js";
import { LinkPool } from "./link-pool.js";
import { ModbusDriver } from "./modbus-driver.js";
import { parseModbusUrl } from "./url.js";

export interface ModbusDriverOptions extends HealthPolicy {
  /** Backoff of reconnection attempts after a connection or serial port failed to open. */
  readonly reconnect: BackoffPolicy;
}

export const DEFAULT_MODBUS_OPTIONS: ModbusDriverOptions = {
  failedCyclesBeforeDegraded: 3,
  degraded: { initialMs: 1_000, maxMs: 10_000 },
  reconnect: { initialMs: 200, maxMs: 5_000 },
};

export interface ModbusDriverFactory extends DriverFactory {
  create(spec: DeviceSpec): DriverResult<ModbusDriver>;
}

/** The factory for `modbus-tcp:` and `modbus-rtu:` devices; its drivers share one link per connection or bus. */
export function createModbusDriverFactory(
  ctx: DriverContext,
  options: Partial<ModbusDriverOptions> = {},
): ModbusDriverFactory {
  const policy = { ...DEFAULT_MODBUS_OPTIONS, ...options };
  const pool = new LinkPool(policy.reconnect);
  const drivers = new Set<ModbusDriver>();
  return {
    schemes: ["modbus-tcp:", "modbus-rtu:"],
    create(spec) {
      const where = { device: spec.id, url: spec.url };
      const parsed = parseModbusUrl(spec.url);
      if (!parsed.ok) {
        return {
          ok: false,
          error: modbusCause("ONRAMP_MODBUS_BAD_URL", where, `${parsed.field}: ${parsed.message}`),
        };
      }
      if (spec.profile.profile.protocol !== "modbus") {
        const what = `profile ${spec.profile.profile.id} is an ${spec.profile.profile.protocol} profile, not a Modbus one`;
        return { ok: false, error: modbusCause("ONRAMP_MODBUS_PROFILE_MISMATCH", where, what) };
      }
      const lease = pool.acquire(parsed.endpoint, spec.id);
      if (!lease.ok) {
        return {
          ok: false,
          error: modbusCause("ONRAMP_MODBUS_BAD_URL", where, `${lease.field}: ${lease.message}`),
        };
      }
      const driver = new ModbusDriver(spec, parsed.endpoint, lease.lease, policy, ctx);
      drivers.add(driver);
      return { ok: true, value: driver };
    },
    async close() {
      await Promise.all([...drivers].map((driver) => driver.close()));
      drivers.clear();
      await pool.close();
    },
  };
}
