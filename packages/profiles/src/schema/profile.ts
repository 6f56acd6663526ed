import { z } from "zod";
import { Signal, SignalId } from "./signal.js";
import { ModbusSource, OpcuaSource, registerCount } from "./source.js";
import { SparkplugMapping, signalsOfSparkplugMapping } from "./sparkplug-mapping.js";

/** Current profile format. Bump it with a migration in `migrations.ts` when the format changes. */
export const PROFILE_SCHEMA_VERSION = 1;

export const DeviceClass = z.enum([
  "cnc_machine_tool",
  "plc",
  "robot",
  "injection_molding",
  "press",
  "energy_meter",
  "sensor",
  "gateway",
]);
export type DeviceClass = z.infer<typeof DeviceClass>;

/** INDICATORS §1: production equipment excludes meters, sensors and gateways. */
export const PRODUCTION_CLASSES: readonly DeviceClass[] = [
  "cnc_machine_tool",
  "plc",
  "robot",
  "injection_molding",
  "press",
];

/** Where the map comes from: every profile names a public document, or says it is a template. */
export const ProfileSource = z
  .object({
    kind: z.enum(["vendor-document", "standard", "template"]),
    document: z.string().min(3).max(300),
    section: z.string().max(200).optional(),
    url: z.url().optional(),
    /** Required for templates: what the integrator must fill in. */
    note: z.string().max(2000).optional(),
  })
  .strict()
  .refine((s) => s.kind !== "template" || (s.note ?? "").length > 0, {
    path: ["note"],
    message: "a template must say what the integrator has to map",
  });

/**
 * Device quirks, named (Telegraf's habit): each one a documented behaviour, never a free flag.
 * `readGrouping: one-per-signal` is for devices that refuse multi-register reads.
 */
export const Workarounds = z
  .object({
    maxRegistersPerRead: z.int().min(1).max(125).optional(),
    maxBitsPerRead: z.int().min(1).max(2000).optional(),
    /** Largest hole (registers) the planner may read through to merge two blocks. */
    maxGap: z.int().min(0).max(124).optional(),
    /** Largest hole (bits) the planner may read through in coil/discrete tables. */
    maxBitGap: z.int().min(0).max(1999).optional(),
    readGrouping: z.enum(["coalesce", "one-per-signal"]).optional(),
    pauseBetweenRequestsMs: z.int().min(0).max(10_000).optional(),
    connection: z.enum(["persistent", "close-after-poll"]).optional(),
  })
  .strict();
export type Workarounds = z.infer<typeof Workarounds>;

export const IdentityMethod = z.enum([
  "opcua-certificate",
  "opcua-application-uri",
  "opcua-machine-tool-identification",
  "modbus-device-identification",
  "modbus-serial-register",
  "industrial-internet-identifier",
  /**
   * The device exposes no identity at all: the integrator types the serial number from its rating
   * plate into the agent config (`devices[].identity.nameplateSerial`), the agent sends it with the
   * enrollment, and the fingerprint is derived from vendor, model and that serial. Weaker than a
   * read from the device (anyone can type a serial), so the cloud accepts it only as confirmed at
   * enrollment and says so in the evidence.
   */
  "nameplate",
  /** S7: order number, serial number and module name from the CPU's SZL (IDs 0x0011 and 0x001C). */
  "s7-szl",
  /** MTConnect: the Device element's uuid, manufacturer, model and serial number from /probe. */
  "mtconnect-device",
]);
export type IdentityMethod = z.infer<typeof IdentityMethod>;

/** How to read the device's identity, which becomes its fingerprint (INDICATORS §5 uniqueness). */
export const Identity = z
  .object({
    method: IdentityMethod,
    /** Named identity fields read like signals (serial number registers, Identification variables). */
    fields: z
      .record(
        SignalId,
        z.union([z.object({ modbus: ModbusSource }).strict(), z.object({ opcua: OpcuaSource }).strict()]),
      )
      .optional(),
  })
  .strict()
  .refine(
    (i) => !["modbus-serial-register", "opcua-machine-tool-identification"].includes(i.method) || i.fields,
    {
      path: ["fields"],
      message: "this identity method reads named fields: list them",
    },
  )
  .refine((i) => i.method !== "nameplate" || i.fields === undefined, {
    path: ["fields"],
    message: "a nameplate identity reads nothing from the device: the serial comes from the agent config",
  });

export const Profile = z
  .object({
    schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
    /** `vendor/model`, lower-case slug; with `version` it forms the profile reference `id@version`. */
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9.-]*$/,
        "expected vendor/model in lower-case (e.g. eastron/sdm630)",
      ),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, "expected a semantic version (e.g. 1.0.0)"),
    vendor: z.string().min(1).max(100),
    model: z.string().min(1).max(200),
    class: DeviceClass,
    description: z.string().max(2000).optional(),
    protocol: z.enum(["modbus", "opcua", "s7", "mtconnect"]),
    source: ProfileSource,
    defaults: z
      .object({
        pollIntervalMs: z.int().min(10).max(86_400_000).default(1000),
        heartbeatMs: z.int().min(100).max(86_400_000).default(60_000),
      })
      .strict()
      .default({ pollIntervalMs: 1000, heartbeatMs: 60_000 }),
    /** OPC UA: alias → namespace URI, used by browse paths. */
    namespaces: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), z.string().min(1)).optional(),
    /** OPC UA: browse path from the Objects folder to the device root when the device config does not give one. */
    root: z.string().optional(),
    workarounds: Workarounds.optional(),
    identity: Identity.optional(),
    signals: z.array(Signal).min(1).max(5000),
    /** Metric name (or template member) → signal, for devices behind a Sparkplug B gateway (issue 20). */
    sparkplug: SparkplugMapping.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.sparkplug !== undefined) {
      const ids = new Set(p.signals.map((s) => s.id));
      for (const id of signalsOfSparkplugMapping(p.sparkplug)) {
        if (!ids.has(id))
          ctx.addIssue({
            code: "custom",
            path: ["sparkplug"],
            message: `sparkplug maps to unknown signal "${id}"`,
          });
      }
    }
    const seen = new Map<string, number>();
    p.signals.forEach((s, i) => {
      const first = seen.get(s.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["signals", i, "id"],
          message: `duplicate signal id "${s.id}" (first at signals[${first}])`,
        });
      } else {
        seen.set(s.id, i);
      }
      if (!(p.protocol in s.source)) {
        ctx.addIssue({
          code: "custom",
          path: ["signals", i, "source"],
          message: `a ${p.protocol} profile needs ${p.protocol} sources`,
        });
      }
      const maxRegisters = p.workarounds?.maxRegistersPerRead;
      if (
        "modbus" in s.source &&
        maxRegisters !== undefined &&
        registerCount(s.source.modbus) > maxRegisters
      ) {
        // The planner never splits one value over two requests (it would tear on a changing value).
        ctx.addIssue({
          code: "custom",
          path: ["signals", i, "source", "modbus"],
          message: `this value spans ${registerCount(s.source.modbus)} registers, more than workarounds.maxRegistersPerRead (${maxRegisters})`,
        });
      }
      if ("opcua" in s.source && s.source.opcua.browsePath) {
        const aliases = new Set(
          s.source.opcua.browsePath.split("/").map((seg) => seg.slice(0, seg.indexOf(":"))),
        );
        for (const alias of aliases) {
          if (!p.namespaces?.[alias]) {
            ctx.addIssue({
              code: "custom",
              path: ["signals", i, "source", "opcua", "browsePath"],
              message: `namespace alias "${alias}" is not declared in namespaces`,
            });
          }
        }
      }
    });
  });
export type Profile = z.infer<typeof Profile>;
export type ProfileInput = z.input<typeof Profile>;
