import type { DeviceSpec, Driver, DriverContext, DriverFactory, DriverResult } from "./driver.js";

/** Makes a protocol's factory for one agent. */
export type MakeDriverFactory = (ctx: DriverContext) => DriverFactory;

/** A driver folder as the registry knows it before loading it: its URL schemes and its loader. */
export interface DriverEntry {
  /** Must equal the loaded factory's `schemes`; checked at load. */
  readonly schemes: readonly string[];
  readonly load: () => Promise<MakeDriverFactory>;
}

/**
 * The protocols this agent speaks: one entry per driver folder. Each driver's module is imported
 * only when a device first uses one of its schemes: node-opcua alone adds ≈ 90 MiB of RSS at
 * import (132.8 vs 41.1 MiB for a bare `node`; 235 vs ≈ 105 MiB for the agent's CLI under tsx),
 * which a gateway with Modbus devices only never needs.
 */
export const BUILTIN_DRIVERS: readonly DriverEntry[] = [
  {
    schemes: ["modbus-tcp:", "modbus-rtu:"],
    load: async () => (await import("./modbus/factory.js")).createModbusDriverFactory,
  },
  {
    schemes: ["s7:"],
    load: async () => (await import("./s7/factory.js")).createS7DriverFactory,
  },
  {
    schemes: ["mtconnect:"],
    load: async () => (await import("./mtconnect/factory.js")).createMtconnectDriverFactory,
  },
  {
    schemes: ["opc.tcp:"],
    load: async () => (await import("./opcua/factory.js")).createOpcuaDriverFactory,
  },
];

/** Picks the driver of a device by its URL scheme; the only place that knows the concrete drivers. */
export interface DriverRegistry {
  readonly schemes: readonly string[];
  /** Loads the scheme's driver on first use, then lets its factory validate the URL and create the driver. */
  create(spec: DeviceSpec): Promise<DriverResult<Driver>>;
  /** Closes every factory loaded so far and, with them, every shared connection. */
  close(): Promise<void>;
}

export function createDriverRegistry(
  ctx: DriverContext,
  entries: readonly DriverEntry[] = BUILTIN_DRIVERS,
): DriverRegistry {
  const byScheme = new Map<string, DriverEntry>();
  for (const entry of entries) {
    for (const scheme of entry.schemes) {
      if (byScheme.has(scheme)) throw new Error(`two drivers claim the URL scheme ${scheme}`);
      byScheme.set(scheme, entry);
    }
  }
  const schemes = [...byScheme.keys()];
  const loaded = new Map<DriverEntry, Promise<DriverFactory>>();
  const factoryOf = (entry: DriverEntry): Promise<DriverFactory> => {
    let factory = loaded.get(entry);
    if (factory === undefined) {
      factory = entry.load().then(
        (make) => {
          const made = make(ctx);
          if (made.schemes.join() !== entry.schemes.join())
            throw new Error(
              `the driver loaded for ${entry.schemes.join(", ")} claims ${made.schemes.join(", ")}: fix BUILTIN_DRIVERS`,
            );
          return made;
        },
        // An installation fault (a dependency missing from node_modules), not a device's: it aborts.
        (error: unknown) => {
          throw new Error(
            `the driver for ${entry.schemes.join(", ")} could not be loaded: ${String(error)}`,
            {
              cause: error,
            },
          );
        },
      );
      loaded.set(entry, factory);
    }
    return factory;
  };
  return {
    schemes,
    async create(spec) {
      const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(spec.url)?.[0].toLowerCase();
      const entry = scheme === undefined ? undefined : byScheme.get(scheme);
      if (entry) return (await factoryOf(entry)).create(spec);
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
      const factories = await Promise.allSettled(loaded.values());
      loaded.clear();
      await Promise.all(factories.map((f) => (f.status === "fulfilled" ? f.value.close() : undefined)));
    },
  };
}
