import { readFile } from "node:fs/promises";
import type { parseArgs } from "node:util";
import type { IngestConfigInput } from "../config.js";

/** Flags of `serve`; secrets come from the environment, never argv (visible in `ps`). */
export const SERVE_OPTIONS = {
  config: { type: "string" },
  "data-dir": { type: "string" },
  "http-host": { type: "string" },
  "http-port": { type: "string" },
  "mqtt-host": { type: "string" },
  "mqtt-port": { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  broker: { type: "string" },
  "broker-username": { type: "string" },
  "broker-client-id": { type: "string" },
  "broker-group": { type: "string" },
  "broker-connections": { type: "string" },
  "broker-ca": { type: "string" },
  "public-mqtt-url": { type: "string" },
  postgres: { type: "string" },
  telemetry: { type: "string" },
  "influx-url": { type: "string" },
  "influx-db": { type: "string" },
  "influx-username": { type: "string" },
  "influx-org": { type: "string" },
  "influx-bucket": { type: "string" },
  profiles: { type: "string" },
  "max-skew-ms": { type: "string" },
  "challenge-every": { type: "string" },
  "frame-log-days": { type: "string" },
  "frame-log-raw-bytes": { type: "string" },
  help: { type: "boolean" },
} as const;

export const SERVE_HELP = `onramp-ingest serve [options]
  --config FILE             JSON config (flags override it)
  --data-dir DIR            embedded state, telemetry and cmd key (default .onramp-data)
  --http-host H --http-port P          API (default 127.0.0.1:8080)
  --mqtt-host H --mqtt-port P          embedded broker (default 127.0.0.1:1883)
  --tls-cert FILE --tls-key FILE       embedded broker over TLS
  --broker URL              consume an external broker instead (mqtt[s]://host:port)
  --broker-username U --broker-client-id ID --broker-group G --broker-ca FILE
  --broker-connections N    connections (sessions) of this instance in the group, 1–64
                            (default 4 with --broker-group, else 1; more than 1 needs a group)
  --public-mqtt-url URL     MQTT URL handed to gateways at enrollment
  --postgres URL            PostgreSQL state store (default: embedded PGlite)
  --telemetry embedded|influx-v1|influx-v2
  --influx-url URL --influx-db DB --influx-username U --influx-org O --influx-bucket B
  --profiles DIR            device-profile library (expected samples, heartbeats)
  --max-skew-ms MS          clock-skew flag bound (default 300000)
  --challenge-every SEC     challenge a random online device about every SEC s (±50 %); off by default
  --frame-log-days N        keep the frame log (replay checks, bundles) N days (default 400)
  --frame-log-raw-bytes B   raw frame bytes kept per device and hour (default 524288)
environment: ONRAMP_BROKER_PASSWORD, ONRAMP_INFLUX_PASSWORD, ONRAMP_INFLUX_TOKEN, ONRAMP_POSTGRES_URL`;

type Values = ReturnType<typeof parseArgs<{ options: typeof SERVE_OPTIONS }>>["values"];

const num = (text: string | undefined) => (text === undefined ? undefined : Number(text));
const defined = <T extends object>(obj: T) =>
  Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Merges a JSON config file, flags and environment into the config input; zod validates it later. */
export async function serveConfig(values: Values, env: NodeJS.ProcessEnv): Promise<IngestConfigInput> {
  const file =
    values.config === undefined
      ? {}
      : (JSON.parse(await readFile(values.config, "utf8")) as Record<string, unknown>);
  const config: Record<string, unknown> = { ...file };
  Object.assign(
    config,
    defined({
      dataDir: values["data-dir"],
      publicMqttUrl: values["public-mqtt-url"],
      profilesDir: values.profiles,
      maxSkewMs: num(values["max-skew-ms"]),
    }),
  );
  const every = num(values["challenge-every"]);
  if (every !== undefined) config.challenges = { ...(config.challenges as object), everyMs: every * 1000 };
  const frameLog = defined({
    retentionDays: num(values["frame-log-days"]),
    maxRawBytesPerDeviceHour: num(values["frame-log-raw-bytes"]),
  });
  if (Object.keys(frameLog).length > 0) config.frameLog = { ...(config.frameLog as object), ...frameLog };
  config.postgresUrl = values.postgres ?? env.ONRAMP_POSTGRES_URL ?? config.postgresUrl;
  config.http = {
    ...(config.http as object),
    ...defined({ host: values["http-host"], port: num(values["http-port"]) }),
  };
  if (values.broker !== undefined) {
    config.broker = defined({
      mode: "external",
      url: values.broker,
      username: values["broker-username"],
      password: env.ONRAMP_BROKER_PASSWORD,
      clientId: values["broker-client-id"],
      group: values["broker-group"],
      connections: num(values["broker-connections"]),
      caFile: values["broker-ca"],
    });
  } else {
    const base = (config.broker as object | undefined) ?? { mode: "embedded" };
    config.broker = {
      ...base,
      ...defined({
        host: values["mqtt-host"],
        port: num(values["mqtt-port"]),
        tlsCertFile: values["tls-cert"],
        tlsKeyFile: values["tls-key"],
      }),
    };
  }
  if (values.telemetry === "influx-v1") {
    config.telemetry = defined({
      kind: "influx-v1",
      url: values["influx-url"],
      db: values["influx-db"],
      username: values["influx-username"],
      password: env.ONRAMP_INFLUX_PASSWORD,
    });
  } else if (values.telemetry === "influx-v2") {
    config.telemetry = defined({
      kind: "influx-v2",
      url: values["influx-url"],
      token: env.ONRAMP_INFLUX_TOKEN,
      org: values["influx-org"],
      bucket: values["influx-bucket"],
      influxqlDb: values["influx-db"],
    });
  } else if (values.telemetry !== undefined) {
    config.telemetry = { kind: values.telemetry };
  }
  return defined(config) as IngestConfigInput;
}
