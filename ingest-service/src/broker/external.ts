import mqtt from "mqtt";
import type { Logger } from "pino";
import type { IngestPipeline } from "../ingest/pipeline.js";
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
  ca?: Buffer | undefined;
  pipeline: IngestPipeline;
  log: Logger;
}

const SESSION_EXPIRY_S = 7 * 24 * 3600;

/** Every gateway topic of every enterprise; cmd is filtered out by the pipeline. */
export const INGEST_FILTER = "onramp/v1/+/+/+";

/**
 * Consumes an external broker (Mosquitto, EMQX) through a shared subscription
 * (`$share/{group}/…`, MQTT 5 §4.8.2) over MQTT 5; gateways may stay on 3.1.1. The PUBACK
 * is sent by mqtt.js only when `customHandleAcks` calls back, and we call back after the commit.
 * mqtt.js handles one incoming packet at a time per connection, so while a commit is pending it
 * reads nothing more: the broker holds the backlog.
 */
export async function connectExternalBroker(opts: ExternalBrokerOptions): Promise<BrokerLink> {
  const filter = opts.group === undefined ? INGEST_FILTER : `$share/${opts.group}/${INGEST_FILTER}`;
  const client = mqtt.connect(opts.url, {
    // mqtt.js honours customHandleAcks only with MQTT 5 (client.js: `protocolVersion === 5 &&
    // options.customHandleAcks`); under 3.1.1 it would ack every message itself, before storage.
    protocolVersion: 5,
    clientId: opts.clientId,
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
      opts.pipeline.accept(topic, message).then(
        () => done(0),
        // Not stored: no PUBACK. mqtt.js drops the connection; the broker redelivers on reconnect.
        (error: Error) => done(error),
      );
    },
  });
  client.on("error", (error) => opts.log.error({ err: error }, "external broker connection error"));
  client.on("offline", () =>
    opts.log.warn({ url: redact(opts.url) }, "external broker offline; reconnecting"),
  );
  // With clean: false the broker keeps the subscription; subscribing again on every connect is
  // harmless and covers a broker that lost its session state.
  client.on("connect", () => {
    client.subscribe(filter, { qos: 1 }, (error) => {
      if (error) opts.log.error({ err: error, filter }, "shared subscription refused");
    });
  });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", () => resolve());
    client.once("error", reject);
  });
  opts.log.info({ url: redact(opts.url), filter, clientId: opts.clientId }, "consuming external broker");
  return {
    kind: "external",
    address: () => undefined,
    connectedClients: () => (client.connected ? 1 : 0),
    disconnectGateway: () => undefined,
    publish: async (topic, payload) => {
      await client.publishAsync(topic, payload, { qos: 1, retain: false });
    },
    close: () => client.endAsync(true),
  };
}

/** Credentials never reach a log line. */
function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}
