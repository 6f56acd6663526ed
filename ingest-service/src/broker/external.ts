import mqtt, { type MqttClient } from "mqtt";
import type { Logger } from "pino";
import type { IngestPipeline } from "../ingest/pipeline.js";
import type { IngestMetrics } from "../metrics/metrics.js";
import type { BrokerLink } from "./broker-link.js";

export interface ExternalBrokerOptions {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Stable per instance: with `clean: false` the broker keeps this instance's queue while it is away. */
  clientId: string;
  /**
   * Shared-subscription group: instances in one group split the messages between them. Absent:
   * a plain subscription, queued by the broker while this (single) instance is away.
   */
  group?: string | undefined;
  /** Connections (sessions) of this instance in the group; absent: see `connectionCount`. */
  connections?: number | undefined;
  ca?: Buffer | undefined;
  pipeline: IngestPipeline;
  metrics: IngestMetrics;
  log: Logger;
}

const SESSION_EXPIRY_S = 7 * 24 * 3600;

/** Every gateway topic of every enterprise; cmd is filtered out by the pipeline. */
export const INGEST_FILTER = "onramp/v1/+/+/+";

/**
 * Connections per instance when a group is set and `--broker-connections` is not. mqtt.js handles
 * one message per connection at a time (the PUBACK waits for the commit), so one connection feeds
 * the group committer one frame per SQL + InfluxDB round trip. Measured with
 * test/bench/ingest-scale.ts (BENCH_CONNECTIONS=1/2/4/8, BENCH_RUNS=3, two sweeps; 2 shared cores,
 * PostgreSQL and InfluxDB on loopback; one instance, points/s): 1 → 57k / 60k, 2 → 86k / 98k,
 * 4 → 83k / 93k, 8 → 93k / 119k. The step is 1 → 2; from 2 on the machine is CPU-bound (1.8–2.0
 * cores busy, and the 4 and 8 runs shared it with 0.6–1 core of other load), so 2, 4 and 8 are
 * not told apart here. 4: twice the in-flight frames of 2 for real deployments, where each commit
 * waits on network round trips rather than loopback, while keeping few sessions per instance to
 * size broker queues for (README "Connections per instance").
 */
export const DEFAULT_GROUP_CONNECTIONS = 4;

/** 1 without a group: N plain subscriptions would each receive every message (config.ts refuses it). */
export const connectionCount = (opts: Pick<ExternalBrokerOptions, "group" | "connections">): number =>
  opts.connections ?? (opts.group === undefined ? 1 : DEFAULT_GROUP_CONNECTIONS);

/**
 * Connection 0 keeps the instance's own client id, so an instance that had one connection resumes
 * its session (and the messages queued in it) when it moves to several; the others are
 * `{clientId}-c{i}`, stable across restarts for the same reason.
 */
export const connectionClientId = (clientId: string, index: number): string =>
  index === 0 ? clientId : `${clientId}-c${index}`;

/**
 * Consumes an external broker (Mosquitto, EMQX) through a shared subscription
 * (`$share/{group}/…`, MQTT 5 §4.8.2) over MQTT 5; gateways may stay on 3.1.1. The PUBACK
 * is sent by mqtt.js only when `customHandleAcks` calls back, and we call back after the commit.
 * mqtt.js handles one incoming packet at a time per connection, so while a commit is pending it
 * reads nothing more from that connection: the broker holds the backlog. MQTT 5 §4.6 wants a
 * connection's PUBACKs in receipt order, so one connection cannot pipeline; several connections
 * in the same group can, each with its own session and one message in flight.
 */
export async function connectExternalBroker(opts: ExternalBrokerOptions): Promise<BrokerLink> {
  const filter = opts.group === undefined ? INGEST_FILTER : `$share/${opts.group}/${INGEST_FILTER}`;
  const count = connectionCount(opts);
  const clients: MqttClient[] = [];
  try {
    for (let index = 0; index < count; index++) clients.push(await connectOne(opts, filter, index));
  } catch (error) {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    throw error;
  }
  opts.log.info(
    { url: redact(opts.url), filter, clientId: opts.clientId, connections: count },
    "consuming external broker",
  );
  return {
    kind: "external",
    address: () => undefined,
    connectedClients: () => clients.filter((c) => c.connected).length,
    disconnectGateway: () => undefined,
    // One connection is enough for cmd; a connected one if any, else mqtt.js keeps the QoS 1
    // message in connection 0's outgoing store until it reconnects.
    publish: async (topic, payload) => {
      const client = clients.find((c) => c.connected) ?? (clients[0] as MqttClient);
      await client.publishAsync(topic, payload, { qos: 1, retain: false });
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.endAsync(true)));
    },
  };
}

async function connectOne(opts: ExternalBrokerOptions, filter: string, index: number): Promise<MqttClient> {
  const clientId = connectionClientId(opts.clientId, index);
  const connection = String(index);
  const log = opts.log.child({ connection: index, clientId });
  const client = mqtt.connect(opts.url, {
    // mqtt.js honours customHandleAcks only with MQTT 5 (client.js: `protocolVersion === 5 &&
    // options.customHandleAcks`); under 3.1.1 it would ack every message itself, before storage.
    protocolVersion: 5,
    clientId,
    clean: false,
    // MQTT 5 §3.1.2.11.2: without a Session Expiry Interval the broker ends the session when the
    // connection drops, and whatever arrives before the reconnect has no subscriber. A week
    // covers any planned outage; the broker's own queue limit (Mosquitto max_queued_messages)
    // must be sized for it — see the README.
    properties: { sessionExpiryInterval: SESSION_EXPIRY_S },
    username: opts.username,
    password: opts.password,
    ca: opts.ca,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    customHandleAcks(topic, message, _packet, done) {
      opts.metrics.brokerMessages.inc({ connection });
      opts.pipeline.accept(topic, message).then(
        () => done(0),
        // Not stored: no PUBACK. mqtt.js drops the connection; the broker redelivers on reconnect.
        (error: Error) => done(error),
      );
    },
  });
  client.on("error", (error) => log.error({ err: error }, "external broker connection error"));
  client.on("offline", () => log.warn({ url: redact(opts.url) }, "external broker offline; reconnecting"));
  try {
    // Resolves at the first SUBACK: from then on the broker holds the subscription in this
    // session, and deals it messages even while the instance is stopped (README "Scale-out").
    await new Promise<void>((resolve, reject) => {
      client.once("error", reject);
      // With clean: false the broker keeps the subscription; subscribing again on every connect
      // is harmless and covers a broker that lost its session state.
      client.on("connect", () => {
        client.subscribe(filter, { qos: 1 }, (error) => {
          if (error) log.error({ err: error, filter }, "shared subscription refused");
          resolve();
        });
      });
    });
  } catch (error) {
    await client.endAsync(true);
    throw error;
  }
  return client;
}

/** Credentials never reach a log line. */
function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}
