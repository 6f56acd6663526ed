import { type AddressInfo, createServer as createTcpServer, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { Aedes, type AuthenticateError, type Client, type PublishPacket } from "aedes";
import type { Logger } from "pino";
import type { IngestPipeline } from "../ingest/pipeline.js";
import type { AbuseLimits } from "../limits/abuse-limits.js";
import type { IngestMetrics } from "../metrics/metrics.js";
import { verifyPassword } from "../state/credentials.js";
import type { Registry } from "../state/registry.js";
import type { RejectionLog } from "../verify/rejections.js";
import {
  type GatewayIdentity,
  isPublishAllowed,
  isSubscribeAllowed,
  mqttUsernameOf,
  parseMqttUsername,
} from "./acl.js";
import type { BrokerLink } from "./broker-link.js";
import { guardPacketSizes, type PacketLimits } from "./packet-guard.js";

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  tls?: { cert: Buffer; key: Buffer } | undefined;
  packetLimits: PacketLimits;
  connectTimeoutMs: number;
  limits: AbuseLimits;
  registry: Registry;
  pipeline: IngestPipeline;
  rejections: RejectionLog;
  metrics: IngestMetrics;
  log: Logger;
}

// MQTT 3.1.1 §3.2.2.3 CONNACK return codes.
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

/** Rejected frames are acked (MQTT 3.1.1 has no negative ack) but moved here: never forwarded or retained. */
const QUARANTINE_TOPIC = "$SYS/onramp/rejected";

/**
 * The embedded broker (aedes). The durable write happens inside `authorizePublish`: aedes runs
 * it before `enqueuePublish`, which writes the PUBACK (aedes lib/handlers/publish.js,
 * runSeries([authorizePublish, enqueuePublish])), so a message is acked only once it is stored.
 * While a client's publish is pending aedes stops reading its socket (client.js nextBatch), which
 * is the backpressure: TCP fills, the agent's spool keeps the rest.
 */
export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<BrokerLink> {
  const identities = new WeakMap<Client, GatewayIdentity>();
  const connected = new Map<string, Client>();
  const refuse = (code: number, message: string): AuthenticateError =>
    Object.assign(new Error(message), { returnCode: code }) as AuthenticateError;

  const broker = await Aedes.createBroker({
    // client id = MQTT username = "{ent}/{gw}", up to 129 characters.
    maxClientsIdLength: 160,
    connectTimeout: opts.connectTimeoutMs,
    authenticate(client, username, password, done) {
      const { mqttFailuresByAddress: byAddress, mqttFailuresByClient: byClient } = opts.limits;
      const address = (client.conn as Socket).remoteAddress ?? "unknown";
      const isBlocked = () => {
        const now = Date.now();
        return byAddress.blockedForMs(address, now) > 0 || byClient.blockedForMs(client.id, now) > 0;
      };
      const backOff = () => {
        opts.metrics.authFailures.inc({ code: "ONRAMP_RATE_LIMITED" });
        done(refuse(NOT_AUTHORIZED, "too many failed logins; back off"), false);
      };
      // Refused before the password is hashed: a blocked guess costs no scrypt (issue 17). Checked
      // again when its turn at the password check comes: a burst of CONNECTs queued before the
      // first failures were counted is then refused without hashing too.
      if (isBlocked()) return backOff();
      const check = async () => {
        if (isBlocked()) return "blocked";
        opts.limits.mqttPasswordsChecked++;
        return authenticateGateway(opts.registry, client.id, username, password);
      };
      opts.limits.passwordChecks.run(check).then(
        (identity) => {
          if (identity === "blocked") return backOff();
          if (identity === undefined) {
            opts.metrics.authFailures.inc({ code: "ONRAMP_BROKER_AUTH_FAILED" });
            const now = Date.now();
            const blockedMs = Math.max(byAddress.fail(address, now), byClient.fail(client.id, now));
            if (blockedMs > 0) {
              opts.log.warn(
                { code: "ONRAMP_RATE_LIMITED", clientId: client.id, address, blockedMs },
                "repeated MQTT login failures: further CONNECTs refused unchecked for a while",
              );
            }
            return done(refuse(BAD_USERNAME_OR_PASSWORD, "bad username or password"), false);
          }
          byClient.succeed(client.id);
          identities.set(client, identity);
          done(null, true);
        },
        (error: unknown) => {
          opts.log.error({ err: error }, "gateway authentication failed on a state store error");
          done(refuse(NOT_AUTHORIZED, "authentication unavailable"), false);
        },
      );
    },
    authorizePublish(client, packet, callback) {
      if (client === null) return callback(new Error("no client"));
      const identity = identities.get(client);
      if (identity === undefined || !isPublishAllowed(identity, packet.topic)) {
        const who = identity ?? { ent: null, gw: null };
        opts.metrics.rejections.inc({ code: "ONRAMP_ACL_PUBLISH_DENIED" });
        opts.rejections.record({
          at: Date.now(),
          code: "ONRAMP_ACL_PUBLISH_DENIED",
          message: `gateway ${who.ent}/${who.gw} may not publish on ${packet.topic}; connection closed`,
          topic: packet.topic,
          ent: who.ent,
          gw: who.gw,
        });
        return callback(new Error("publish denied by ACL"));
      }
      opts.pipeline.accept(packet.topic, packet.payload as Buffer).then(
        (outcome) => {
          if (outcome === "rejected") quarantine(packet);
          callback(null);
        },
        // Not stored (shutting down): no PUBACK; closing the connection makes the agent resend.
        (error: Error) => callback(error),
      );
    },
    authorizeSubscribe(client, subscription, callback) {
      const identity = identities.get(client);
      if (identity !== undefined && isSubscribeAllowed(identity, subscription.topic)) {
        return callback(null, subscription);
      }
      opts.metrics.rejections.inc({ code: "ONRAMP_ACL_SUBSCRIBE_DENIED" });
      callback(null, null);
    },
  });
  broker.on("clientReady", (client) => {
    const identity = identities.get(client);
    if (identity !== undefined) connected.set(mqttUsernameOf(identity.ent, identity.gw), client);
  });
  broker.on("clientDisconnect", (client) => {
    const identity = identities.get(client);
    if (identity === undefined) return;
    const key = mqttUsernameOf(identity.ent, identity.gw);
    if (connected.get(key) === client) connected.delete(key);
  });

  const handle = (socket: Socket) => {
    guardPacketSizes(socket, opts.packetLimits, ({ declaredBytes, limitBytes }) => {
      opts.metrics.rejections.inc({ code: "ONRAMP_BROKER_PACKET_TOO_LARGE" });
      opts.log.warn(
        { code: "ONRAMP_BROKER_PACKET_TOO_LARGE", address: socket.remoteAddress, declaredBytes, limitBytes },
        "MQTT packet over the size limit: connection closed before its body was read",
      );
    });
    broker.handle(socket);
  };
  const server: Server = opts.tls ? createTlsServer(opts.tls, handle) : createTcpServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  opts.log.info(
    { host: address.address, port: address.port, tls: opts.tls !== undefined },
    "embedded MQTT broker listening",
  );

  return {
    kind: "embedded",
    address: () => ({ host: address.address, port: address.port }),
    connectedClients: () => broker.connectedClients,
    disconnectGateway(ent, gw) {
      connected.get(mqttUsernameOf(ent, gw))?.close();
    },
    publish(topic, payload) {
      return new Promise<void>((resolve, reject) =>
        broker.publish({ cmd: "publish", topic, payload, qos: 1, retain: false, dup: false }, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    },
    async close() {
      // The broker first: it closes client connections, which server.close() would wait for.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await closed;
    },
  };
}

function quarantine(packet: PublishPacket): void {
  packet.topic = QUARANTINE_TOPIC;
  packet.retain = false;
  packet.payload = Buffer.alloc(0);
}

/** Username `{ent}/{gw}`, password from enrollment (scrypt-checked), client id = username. */
async function authenticateGateway(
  registry: Registry,
  clientId: string,
  username: string | undefined,
  password: Buffer | undefined,
): Promise<GatewayIdentity | undefined> {
  if (username === undefined || password === undefined || clientId !== username) return undefined;
  const identity = parseMqttUsername(username);
  if (identity === undefined) return undefined;
  const gateway = await registry.getGatewayByUsername(username);
  if (gateway === undefined || gateway.revokedAt !== null) return undefined;
  return (await verifyPassword(password.toString("utf8"), gateway.passwordHash)) ? identity : undefined;
}
