import { setTimeout as sleep } from "node:timers/promises";
import mqtt, { type MqttClient } from "mqtt";
import type { Logger } from "pino";
import type { SparkplugMetrics } from "./metrics.js";
import { encodeRebirthRequest } from "./payload.js";
import type { SparkplugSource } from "./source.js";
import { ncmdTopic, stateTopic, subscriptionsFor } from "./topic.js";

/** How long a stop waits for the offline STATE's PUBACK and for pending commits. */
const CLOSE_TIMEOUT_MS = 5_000;

export interface SparkplugHostOptions {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  ca?: Buffer | undefined;
  clientId: string;
  hostId: string;
  groups: readonly string[];
  /** Commits not yet durable while more QoS 0 messages are read; beyond it reading waits. */
  maxPendingCommits: number;
  log: Logger;
  metrics: SparkplugMetrics;
  now: () => number;
}

export interface SparkplugHost {
  isConnected(): boolean;
  publishRebirth(group: string, edge: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The Sparkplug B 3.0 primary host application's connection (§5.2, §7): its `STATE` is a retained
 * JSON `{online, timestamp}` on `spBv1.0/STATE/{host_id}`, registered as the will (offline) before
 * the connection and published online after it, with the same timestamp; edge nodes configured
 * with this host id hold their data (store-and-forward) while it is offline and send it as
 * `is_historical` metrics when it returns. Clean session, QoS 1 subscriptions (§7.1.1).
 *
 * Messages are taken one at a time in arrival order (seq tracking needs it); a QoS 1 message is
 * acknowledged only once its frames are durable, a QoS 0 one (what most edge nodes send) has no
 * acknowledgement, so at most `maxPendingCommits` of them wait for their commit before reading on.
 */
export async function connectSparkplugHost(
  source: SparkplugSource,
  opts: SparkplugHostOptions,
): Promise<SparkplugHost> {
  const timestamp = opts.now();
  const state = (online: boolean) => JSON.stringify({ online, timestamp });
  const client: MqttClient = mqtt.connect(opts.url, {
    protocolVersion: 4,
    clientId: opts.clientId,
    clean: true,
    username: opts.username,
    password: opts.password,
    ca: opts.ca,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    will: { topic: stateTopic(opts.hostId), payload: Buffer.from(state(false)), qos: 1, retain: true },
  });
  const pending = new Set<Promise<unknown>>();
  client.handleMessage = (packet, done) => {
    const bytes = typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload;
    source
      .prepare(packet.topic, bytes)
      .then(async ({ committed }) => {
        if (packet.qos > 0) await committed;
        else {
          // Only a shutdown fails a commit (the committer retries everything else): a QoS 0 message
          // has no redelivery, so say what was lost rather than leave the rejection unhandled.
          const tracked: Promise<unknown> = committed
            .catch((error: Error) => {
              opts.metrics.lostAtShutdown.inc();
              opts.log.warn(
                { err: error, topic: packet.topic, code: "SPARKPLUG_QOS0_NOT_STORED" },
                "Sparkplug QoS 0 message not stored: the ingest stopped before its commit",
              );
            })
            .finally(() => pending.delete(tracked));
          pending.add(tracked);
          if (pending.size >= opts.maxPendingCommits) await Promise.race(pending);
        }
      })
      .then(
        () => done(),
        // Not stored: no PUBACK; mqtt.js drops the connection and the broker redelivers.
        (error: Error) => done(error),
      );
  };
  client.on("error", (error) => opts.log.error({ err: error }, "sparkplug broker connection error"));
  client.on("offline", () =>
    opts.log.warn({ url: redact(opts.url) }, "sparkplug broker offline; reconnecting"),
  );
  const topics = subscriptionsFor(opts.groups);
  const announce = async () => {
    await client.subscribeAsync(topics, { qos: 1 });
    await client.publishAsync(stateTopic(opts.hostId), state(true), { qos: 1, retain: true });
    opts.log.info(
      { hostId: opts.hostId, topics: topics.length, event: "sparkplug-state-online" },
      "primary host STATE online",
    );
  };
  try {
    await new Promise<void>((resolve, reject) => {
      client.once("error", reject);
      // Clean session: every (re)connect subscribes again and says online again (§7.1.1).
      client.on("connect", () => {
        announce().then(resolve, (error: Error) => {
          opts.log.error({ err: error }, "sparkplug subscribe/STATE failed");
          reject(error);
        });
      });
    });
  } catch (error) {
    await client.endAsync(true);
    throw error;
  }
  return {
    isConnected: () => client.connected,
    publishRebirth: async (group, edge) => {
      await client.publishAsync(ncmdTopic(group, edge), Buffer.from(encodeRebirthRequest(opts.now())), {
        qos: 0,
      });
    },
    close: async () => {
      // A graceful stop says offline itself: the will is only for a crash (§5.3.1 host STATE death).
      // Bounded: with the broker gone the PUBACK never comes, and a stop must not hang on it.
      if (client.connected)
        await Promise.race([
          client
            .publishAsync(stateTopic(opts.hostId), state(false), { qos: 1, retain: true })
            .catch(() => undefined),
          sleep(CLOSE_TIMEOUT_MS),
        ]);
      await Promise.race([Promise.allSettled([...pending]), sleep(CLOSE_TIMEOUT_MS)]);
      await client.endAsync(true);
    },
  };
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}
