import { DeviceId, EnterpriseId, GatewayId } from "@onramp/contract";
import { Deadband, SignalId } from "@onramp/profiles";
import { z } from "zod";

/**
 * The agent's YAML config. Relative paths are resolved against the config file's folder; strings
 * may hold `${ENV_VAR}` (resolved before validation, see secrets.ts). Ids and credentials that
 * enrollment stored in the data dir may be left out here.
 */

const MiB = 1024 * 1024;

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const SignalOverride = z.strictObject({
  pollIntervalMs: z.int().min(10).max(86_400_000).optional(),
  heartbeatMs: z.int().min(100).max(86_400_000).optional(),
  deadband: Deadband.optional(),
});

/** Per-device changes to the profile's sampling; they change the device's mapping hash in the birth. */
export const DeviceOverrides = z.strictObject({
  pollIntervalMs: z.int().min(10).max(86_400_000).optional(),
  heartbeatMs: z.int().min(100).max(86_400_000).optional(),
  signals: z.record(SignalId, SignalOverride).optional(),
});
export type DeviceOverrides = z.infer<typeof DeviceOverrides>;

export const DeviceConfig = z.strictObject({
  id: DeviceId,
  profile: z.string().min(1).describe("Path to the device profile YAML"),
  /** Connection URL; its scheme selects the driver (`modbus-tcp://host:502?unit=1`, `s7://…`, `mtconnect://…`, `opc.tcp://…`). */
  connection: z
    .string()
    .refine((url) => URL.canParse(url), "expected a URL such as modbus-tcp://10.0.0.7:502")
    .describe(
      "Connection URL; its scheme selects the driver (modbus-tcp://host:502?unit=1, modbus-rtu://…, s7://host?rack=0&slot=1, mtconnect://host:5000/device, opc.tcp://…)",
    ),
  enabled: z.boolean().default(true),
  overrides: DeviceOverrides.optional(),
  /** Only for a profile with `identity.method: nameplate`: a device that exposes no identity itself. */
  identity: z
    .strictObject({
      nameplateSerial: z
        .string()
        .regex(
          /^[\x21-\x7e](?:[\x20-\x7e]{0,62}[\x21-\x7e])?$/,
          "printable ASCII, 1–64 characters, no surrounding spaces",
        )
        .describe(
          "Serial number from the device's rating plate, for a profile with identity.method nameplate; sent with the enrollment, which confirms it",
        ),
    })
    .optional()
    .describe("Identity the device cannot tell itself (profile identity.method nameplate)"),
});
export type DeviceConfig = z.infer<typeof DeviceConfig>;

export const BrokerConfig = z
  .strictObject({
    /** Default: the URL enrollment stored. */
    url: z
      .string()
      .regex(/^(mqtt|mqtts|tcp|tls):\/\/[^\s]+$/, "expected mqtt://host:port or mqtts://host:port")
      .optional()
      .describe("Broker URL; default: the one enrollment stored"),
    username: z.string().min(1).max(256).optional().describe("Default: the one enrollment stored"),
    password: z.string().min(1).max(1024).optional(),
    /** A file holding the password (e.g. a container secret); trailing newline ignored. */
    passwordFile: z
      .string()
      .min(1)
      .optional()
      .describe("A file holding the password (e.g. a container secret); trailing newline ignored"),
    /** PEM CA bundle for mqtts. */
    caFile: z.string().min(1).optional().describe("PEM CA bundle for mqtts"),
    clientId: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe(
        "Default: the client id enrollment stored (the ingest's broker requires {ent}/{gw}), else onramp-{ent}-{gw}",
      ),
    keepaliveSeconds: z.int().min(5).max(3600).default(30),
    connectTimeoutMs: z.int().min(1000).max(120_000).default(10_000),
    reconnectMinMs: z.int().min(100).max(600_000).default(1000),
    reconnectMaxMs: z.int().min(100).max(600_000).default(30_000),
    /** Frames awaiting PUBACK at once. Mosquitto's default max_inflight_messages is 20. */
    maxInflight: z.int().min(1).max(1000).default(20).describe("Frames awaiting PUBACK at once"),
    /** Replay rate of a spooled backlog, so a long outage does not swamp the broker on reconnect. */
    catchUpFramesPerSecond: z
      .int()
      .min(1)
      .max(100_000)
      .default(200)
      .describe("Replay rate of a spooled backlog after an outage"),
  })
  .refine((b) => b.password === undefined || b.passwordFile === undefined, {
    message: "give password or passwordFile, not both",
    path: ["passwordFile"],
  })
  .refine((b) => b.reconnectMinMs <= b.reconnectMaxMs, {
    message: "reconnectMinMs must not exceed reconnectMaxMs",
    path: ["reconnectMinMs"],
  });
export type BrokerConfig = z.infer<typeof BrokerConfig>;

export const AgentConfig = z
  .strictObject({
    gateway: z.strictObject({
      /** Default: the ids enrollment stored in the data dir. */
      id: GatewayId.optional(),
      enterprise: EnterpriseId.optional(),
      /** Key, enrollment record and spool live here. */
      dataDir: z.string().min(1).describe("Key, enrollment record and spool live here"),
    }),
    broker: BrokerConfig.default(BrokerConfig.parse({})),
    batch: z
      .strictObject({
        /** A data frame is closed at this many samples… */
        maxSamples: z.int().min(1).max(3000).default(2000),
        /** …or when its oldest sample is this old. */
        maxAgeMs: z.int().min(10).max(600_000).default(1000),
      })
      .default({ maxSamples: 2000, maxAgeMs: 1000 }),
    frames: z
      .strictObject({
        /**
         * Contract version of data and reply bodies. 2 (compact: signals named once per block,
         * times as offsets) is about an eighth of version 1's bytes per value; an ingest older
         * than contract v2 accepts only 1, so an agent reporting to one must say so here.
         */
        version: z
          .union([z.literal(2), z.literal(1)])
          .default(2)
          .describe(
            "Contract version of data and reply bodies: 2 (compact, the default) or 1 for an ingest older than contract v2",
          ),
      })
      .default({ version: 2 }),
    spool: z
      .strictObject({
        /** Default: `<dataDir>/spool.db`. */
        path: z.string().min(1).optional(),
        /** Frame bytes kept unsent before the oldest are evicted (counted and reported). */
        maxBytes: z
          .int()
          .min(64 * 1024)
          .max(64 * 1024 * MiB)
          .default(256 * MiB),
        /** Frames older than this are evicted (counted and reported) even when there is room. */
        maxAgeHours: z
          .number()
          .positive()
          .max(24 * 366)
          .default(24 * 7),
      })
      .default({ maxBytes: 256 * MiB, maxAgeHours: 24 * 7 }),
    status: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Loopback by default: the page is for the integrator standing at the gateway. */
        host: z.string().min(1).default("127.0.0.1"),
        port: z.int().min(0).max(65_535).default(8089),
      })
      .default({ enabled: true, host: "127.0.0.1", port: 8089 }),
    log: z.strictObject({ level: z.enum(LOG_LEVELS).default("info") }).default({ level: "info" }),
    devices: z.array(DeviceConfig).max(10_000),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    for (const [index, device] of config.devices.entries()) {
      const first = seen.get(device.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["devices", index, "id"],
          message: `duplicate device id "${device.id}" (first at devices[${first}])`,
        });
      } else seen.set(device.id, index);
    }
  });
export type AgentConfig = z.infer<typeof AgentConfig>;
