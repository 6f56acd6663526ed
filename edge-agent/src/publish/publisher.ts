import { type BirthDevice, buildTopic } from "@onramp/contract";
import mqtt, { type MqttClient } from "mqtt";
import type { Logger } from "pino";
import type { FrameBuilder } from "../pipeline/frame-builder.js";
import type { Spool } from "../spool/spool.js";
import { TokenBucket } from "./token-bucket.js";

export interface PublisherOptions {
  readonly url: string;
  readonly clientId: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly ca?: Buffer | undefined;
  readonly keepaliveSeconds: number;
  readonly connectTimeoutMs: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  readonly maxInflight: number;
  readonly catchUpFramesPerSecond: number;
  readonly spool: Spool;
  readonly frames: FrameBuilder;
  /** The devices for the birth, as they are at the moment of the (re)connect. */
  readonly birthDevices: () => BirthDevice[];
  /** A message on this gateway's cmd topic (verified by the caller). */
  readonly onCmd: (topic: string, payload: Buffer) => void;
  readonly logger: Logger;
  readonly now: () => number;
}

/** The broker URL without any user:password part, for logs and the status page. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "(unparseable broker URL)";
  }
}

export type BrokerState = "connecting" | "connected" | "disconnected" | "stopped";

export interface PublisherStats {
  readonly state: BrokerState;
  readonly since: number;
  readonly connects: number;
  readonly lastError: string | undefined;
  /** Spooled frames published (resends after a reconnect count again). */
  readonly framesSent: number;
  /** Spooled frames the broker acknowledged (PUBACK) and that left the spool. */
  readonly framesAcked: number;
  readonly inflight: number;
  readonly births: number;
  /** Replies that could not be sent because the broker was unreachable. */
  readonly directDropped: number;
}

/**
 * One MQTT connection at a time, each a fresh client (reconnectPeriod 0): the last will is a
 * signed death body whose seq and ts are taken at that connect, so every connect needs its own
 * CONNECT packet. The spool is the only queue: frames are read from it in order, published with
 * QoS 1 and removed after PUBACK; whatever was in flight when a connection dropped is read again
 * from the spool on the next one (at-least-once; the ledger drops the duplicate on (sess, seq)).
 */
export class Publisher {
  readonly #o: PublisherOptions;
  #client: MqttClient | undefined;
  #state: BrokerState = "disconnected";
  #since: number;
  #attempt = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #pumpTimer: NodeJS.Timeout | undefined;
  /** Spool ids published on the current connection and not yet acknowledged. */
  #inflight = new Set<number>();
  /** Highest spool id published on the current connection. */
  #cursor = 0;
  #acked: number[] = [];
  #bucket: TokenBucket;
  #counts = { connects: 0, framesSent: 0, framesAcked: 0, births: 0, directDropped: 0 };
  #lastError: string | undefined;

  constructor(options: PublisherOptions) {
    this.#o = options;
    this.#since = options.now();
    this.#bucket = new TokenBucket(options.catchUpFramesPerSecond, options.now());
  }

  start(): void {
    this.#connect();
  }

  get isConnected(): boolean {
    return this.#state === "connected";
  }

  stats(): PublisherStats {
    return {
      state: this.#state,
      since: this.#since,
      lastError: this.#lastError,
      inflight: this.#inflight.size,
      ...this.#counts,
    };
  }

  /** Sends what the spool holds, within the in-flight window and the catch-up rate. */
  pump(): void {
    const client = this.#client;
    if (client === undefined || this.#state !== "connected" || this.#pumpTimer !== undefined) return;
    const room = this.#o.maxInflight - this.#inflight.size;
    if (room <= 0) return;
    for (const frame of this.#o.spool.readAfter(this.#cursor, room)) {
      const now = this.#o.now();
      if (!this.#bucket.tryTake(now)) {
        this.#pumpTimer = setTimeout(() => {
          this.#pumpTimer = undefined;
          this.pump();
        }, this.#bucket.waitMs(now));
        return;
      }
      this.#cursor = frame.id;
      this.#inflight.add(frame.id);
      this.#o.spool.claim(frame.id);
      this.#counts.framesSent += 1;
      client.publish(frame.topic, frame.bytes, { qos: 1, retain: false }, (error) => {
        if (client !== this.#client) return;
        this.#inflight.delete(frame.id);
        if (error) {
          this.#o.spool.release(frame.id);
          return;
        }
        this.#acked.push(frame.id);
        if (this.#acked.length === 1) setImmediate(() => this.#removeAcked());
      });
    }
  }

  /** Publishes a frame outside the spool (challenge replies, re-births); false when not connected. */
  async publishDirect(topic: string, bytes: Buffer, retain = false): Promise<boolean> {
    const client = this.#client;
    if (client === undefined || this.#state !== "connected") {
      this.#counts.directDropped += 1;
      return false;
    }
    try {
      await client.publishAsync(topic, bytes, { qos: 1, retain });
      return true;
    } catch {
      this.#counts.directDropped += 1;
      return false;
    }
  }

  /** A new birth on the live connection (device list or identity changed); same will, same willSeq. */
  async republishBirth(willSeq: number): Promise<void> {
    const birth = this.#o.frames.birth(this.#o.birthDevices(), willSeq, this.#o.now());
    if (await this.publishDirect(birth.topic, birth.bytes, true)) this.#counts.births += 1;
  }

  #willSeq = 0;
  /**
   * The will of an attempt that never connected, kept for the next attempt: a refused or failed
   * CONNECT never registered it, so it can neither fire nor be named by a birth, and signing a
   * fresh one each time would leave one unused seq per attempt, which the ingest's ledger cannot
   * tell from a lost data frame (issue 17: 12–15 "gaps" per run during an outage).
   */
  #unusedWill: ReturnType<PublisherOptions["frames"]["death"]> | undefined;
  get willSeq(): number {
    return this.#willSeq;
  }

  /**
   * Graceful end: waits up to `drainMs` for frames in flight, publishes a signed `graceful`
   * death (retained) and disconnects cleanly, so the broker does not publish the will.
   */
  async stop(drainMs: number): Promise<void> {
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#pumpTimer);
    const client = this.#client;
    const deadline = this.#o.now() + drainMs;
    while (client && this.#state === "connected" && this.#inflight.size > 0 && this.#o.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.#removeAcked();
    this.#state = "stopped";
    if (client === undefined) return;
    if (client.connected) {
      const death = this.#o.frames.death("graceful", this.#o.now());
      await Promise.race([
        client.publishAsync(death.topic, death.bytes, { qos: 1, retain: true }).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, Math.max(drainMs, 500))),
      ]);
    }
    this.#client = undefined;
    await client.endAsync(!client.connected).catch(() => undefined);
  }

  #removeAcked(): void {
    const ids = this.#acked;
    this.#acked = [];
    if (ids.length === 0) return;
    this.#o.spool.remove(ids);
    this.#counts.framesAcked += ids.length;
    this.pump();
  }

  #connect(): void {
    if (this.#state === "stopped") return;
    const o = this.#o;
    this.#setState("connecting");
    const will = this.#unusedWill ?? o.frames.death("lwt", o.now());
    this.#unusedWill = will;
    this.#willSeq = will.seq;
    const client = mqtt.connect(o.url, {
      clientId: o.clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 0,
      keepalive: o.keepaliveSeconds,
      connectTimeout: o.connectTimeoutMs,
      username: o.username,
      password: o.password,
      ...(o.ca === undefined ? {} : { ca: o.ca }),
      will: { topic: will.topic, payload: will.bytes, qos: 1, retain: true },
      // Not mqtt-packet's cache of 65,536 two-byte Buffers for packet ids and lengths: 6.1 MiB
      // of live heap in a heap snapshot of the agent (100 devices × 50 signals), for a client
      // that writes a few frames a second.
      writeCache: false,
    });
    this.#client = client;
    client.on("connect", () => {
      if (client !== this.#client) return;
      // Registered with the broker now: it fires or its seq is named by this birth.
      this.#unusedWill = undefined;
      this.#attempt = 0;
      this.#counts.connects += 1;
      this.#inflight.clear();
      this.#cursor = 0;
      this.#setState("connected");
      client.subscribe(buildTopic(o.frames.ent, o.frames.gw, "cmd"), { qos: 1 }, (error) => {
        if (error)
          o.logger.error(
            { code: "ONRAMP_MQTT_SUBSCRIBE_FAILED", err: error.message },
            "cannot subscribe to cmd",
          );
      });
      const birth = o.frames.birth(o.birthDevices(), will.seq, o.now());
      client.publish(birth.topic, birth.bytes, { qos: 1, retain: true }, (error) => {
        if (!error) this.#counts.births += 1;
      });
      this.pump();
    });
    client.on("message", (topic, payload) => o.onCmd(topic, payload));
    client.on("error", (error) => {
      this.#lastError = error.message;
      o.logger.warn(
        { code: "ONRAMP_MQTT_ERROR", err: error.message, broker: o.url },
        "broker connection error",
      );
    });
    client.on("close", () => {
      if (client !== this.#client) return;
      this.#dropConnection(client);
    });
  }

  #dropConnection(client: MqttClient): void {
    for (const id of this.#inflight) this.#o.spool.release(id);
    this.#inflight.clear();
    this.#removeAcked();
    clearTimeout(this.#pumpTimer);
    this.#pumpTimer = undefined;
    this.#client = undefined;
    client.end(true);
    if (this.#state === "stopped") return;
    this.#setState("disconnected");
    const delay = Math.min(this.#o.reconnectMaxMs, this.#o.reconnectMinMs * 2 ** Math.min(this.#attempt, 16));
    this.#attempt += 1;
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
  }

  #setState(state: BrokerState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#since = this.#o.now();
    this.#o.logger.info({ broker: redactUrl(this.#o.url), state }, `broker ${state}`);
  }
}
