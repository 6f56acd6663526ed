import type { DeviceSpec, Driver, DriverContext, DriverFactory, DriverResult } from "./driver.js";
import { createModbusDriverFactory } from "./modbus/factory.js";
import { createOpcuaDriverFactory } from "./opcua/factory.js";

/** Makes a protocol's factory for one agent. */
export type MakeDriverFactory = (ctx: DriverContext) => DriverFactory;

/** The protocols this agent speaks: one line per driver folder. */
export const BUILTIN_DRIVERS: readonly MakeDriverFactory[] = [
  (ctx) => createModbusDriverFactory(ctx),
  (ctx) => createOpcuaDriverFactory(ctx),
];

/** Picks the driver of a device by its URL scheme; the only place that knows the concrete drivers. */
export interface DriverRegistry {
  readonly schemes: readonly string[];
  create(spec: DeviceSpec): DriverResult<Driver>;
  /** Closes every factory and, with them, every shared connection. */
  close(): Promise<void>;
}

export function createDriverRegistry(
  ctx: DriverContext,
  factories: readonly MakeDriverFactory[] = BUILTIN_DRIVERS,
): DriverRegistry {
  const byScheme = new Map<string, DriverFactory>();
  const made = factories.map((make) => make(ctx));
  for (const factory of made) {
    for (const scheme of factory.schemes) {
      if (byScheme.has(scheme)) throw new Error(`two drivers claim the URL scheme ${scheme}`);
      byScheme.set(scheme, factory);
    }
  }
  const schemes = [...byScheme.keys()];
  return {
    schemes,
    create(spec) {
      const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(spec.url)?.[0].toLowerCase();
      const factory = scheme === undefined ? undefined : byScheme.get(scheme);
      if (factory) return factory.create(spec);
      const got = scheme === undefined ? "no scheme" : `scheme "${scheme}"`;
      return {
        ok: false,
        error: {
          code: "ONRAMP_DRIVER_UNKNOWN_SCHEME",
          message: `device "${spec.id}" at ${spec.url}: ${got}; this agent speaks ${schemes.join(", ")}`,
        },
      };
    },
    async close() {
      await Promise.all(made.map((factory) => factory.close()));
    },
  };
}
