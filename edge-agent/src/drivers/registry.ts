import type { DeviceSpec, Driver, DriverContext, DriverFactory, DriverResult } from "./driver.js";

/** Makes a protocol's factory for one agent. */
export type MakeDriverFactory = (ctx: DriverContext) => DriverFactory;

/** A driver folder as the registry knows it before loading it: its URL schemes and its loader. */
export interface DriverEntry {
  /** Must equal the loaded factory's `schemes`; checked at load. */
  readonly schemes: readonly string[];
  readonly load: () => Promise<MakeDriverFactory>;
  /**
   * `probe --help`'s lines for this driver's connection URL: its form, then every query option
   * with its range and default, then an example. A test checks that each option the URL parser
   * accepts is named here, so a new option cannot stay undocumented.
   */
  readonly urlHelp: readonly string[];
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
    urlHelp: [
      "modbus-tcp://host[:port]?unit=&timeout=&retries=&maxInFlight=",
      "modbus-rtu:///dev/ttyUSB0?unit=&baud=&parity=&stopBits=&dataBits=&timeout=&retries=",
      "  unit=0–255 on TCP (default 1), 1–247 on RTU; timeout=10–60000 ms per request (1000);",
      "  retries=0–5 re-sends after a garbled answer or a dropped link (1); maxInFlight=1–16",
      "  requests outstanding on one TCP connection (1); baud=300–921600 (9600);",
      "  parity=none|even|odd (even); stopBits=1|2 (1, or 2 with parity=none); dataBits=8",
      "  e.g. modbus-tcp://192.168.1.20:502?unit=3&timeout=2000",
    ],
  },
  {
    schemes: ["s7:"],
    load: async () => (await import("./s7/factory.js")).createS7DriverFactory,
    urlHelp: [
      "s7://host[:102]?rack=&slot=&type=&localTsap=&remoteTsap=&pduSize=&timeout=",
      "  rack=0–7 (0) and slot=0–31 (1) for S7-300/400/1200/1500; type=pg|op|basic picks the",
      "  connection resource (pg), type=s7-200-smart|logo a fixed-TSAP CPU (no rack/slot);",
      "  localTsap/remoteTsap=0–0xffff override the type's TSAPs; pduSize=240–960 asked of the",
      "  CPU (the smaller of it and the CPU's wins); timeout=50–60000 ms per request",
      "  e.g. s7://192.168.0.1?rack=0&slot=1   s7://192.168.2.1?type=s7-200-smart",
    ],
  },
  {
    schemes: ["mtconnect:"],
    load: async () => (await import("./mtconnect/factory.js")).createMtconnectDriverFactory,
    urlHelp: [
      "mtconnect://host[:port]/DEVICE?interval=&count=&timeout=&tls=",
      "  DEVICE is the Device name (or uuid) the agent serves (default: its first device);",
      "  interval=ms between /sample polls (1000); count=observations per /sample (1000);",
      "  timeout=ms per HTTP request (5000); tls=true reads over https",
      "  e.g. mtconnect://10.0.0.9:5000/Mazak01?interval=1000",
    ],
  },
  {
    schemes: ["opc.tcp:"],
    load: async () => (await import("./opcua/factory.js")).createOpcuaDriverFactory,
    urlHelp: [
      "opc.tcp://host:port[/path]?root=&security=&policy=&user=&password=&tofu=&mode=&…",
      "  root=ns:Name/… browse path from Objects to the device (a profile with root-relative",
      "  browse paths, e.g. OPC 40501 machines, needs it: root=machinery:Machines/mt:Lathe1);",
      "  security=None|Sign|SignAndEncrypt (None); policy=Basic256Sha256|Aes128_Sha256_RsaOaep|",
      "  Aes256_Sha256_RsaPss; user=NAME with password=env:VAR or password=file:PATH (never the",
      "  password itself); tofu=1 trusts the server certificate on first use (0);",
      "  mode=subscribe|poll (subscribe); publishingIntervalMs=10–3600000 (shortest signal",
      "  interval); keepAliveCount=1–1000 (10); timeoutMs=1000–600000 per call (10000);",
      "  batchSize=1–1000 monitored items per call (1000); reconnectRestartMs=1000–3600000 (60000)",
      "  e.g. opc.tcp://10.0.0.5:4840?root=machinery:Machines/mt:Lathe1&security=SignAndEncrypt",
    ],
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
