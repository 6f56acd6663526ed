import type { KeyObject } from "node:crypto";
import { type Body, type DataBody, decodeFrame } from "@onramp/contract";
import mqtt, { type MqttClient } from "mqtt";
import { waitFor } from "../../../test/peers/wait.js";

export interface Received {
  readonly topic: string;
  readonly body: Body;
  readonly retain: boolean;
}

/**
 * The cloud side of the tests: subscribes to everything under onramp/v1/ (QoS 1, persistent
 * session), verifies every frame with the contract decoder and the gateway's public key, and
 * de-duplicates on (sess, seq) as the ledger does. A frame that fails verification fails the test.
 */
export class Collector {
  readonly frames: Received[] = [];
  readonly rejected: string[] = [];
  duplicates = 0;
  readonly #seen = new Set<string>();

  private constructor(
    readonly client: MqttClient,
    keys: ReadonlyMap<string, KeyObject>,
  ) {
    client.on("message", (topic, payload, packet) => {
      const decoded = decodeFrame(payload, (kid) => keys.get(kid), { topic });
      if (!decoded.ok) {
        if (!topic.endsWith("/cmd"))
          this.rejected.push(`${topic}: ${decoded.error.code} ${decoded.error.message}`);
        return;
      }
      const body = decoded.body;
      if (body.kind === "cmd") return;
      const key = `${body.sess}/${body.seq}`;
      if (this.#seen.has(key)) {
        this.duplicates += 1;
        return;
      }
      this.#seen.add(key);
      this.frames.push({ topic, body, retain: packet.retain });
    });
  }

  static async connect(
    url: string,
    keys: ReadonlyMap<string, KeyObject>,
    clientId = "test-collector",
  ): Promise<Collector> {
    const client = await mqtt.connectAsync(url, {
      clientId,
      clean: false,
      reconnectPeriod: 100,
      protocolVersion: 4,
    });
    const collector = new Collector(client, keys);
    await client.subscribeAsync("onramp/v1/#", { qos: 1 });
    return collector;
  }

  ofKind<K extends Body["kind"]>(kind: K): Extract<Body, { kind: K }>[] {
    return this.frames.filter((f) => f.body.kind === kind).map((f) => f.body as Extract<Body, { kind: K }>);
  }

  /** Samples per device, in the order of (session, seq). */
  samplesByDevice(): Map<string, { s: string; v: unknown; t: number }[]> {
    const data = this.ofKind("data").sort((a, b) => (a.sess === b.sess ? a.seq - b.seq : 0));
    const out = new Map<string, { s: string; v: unknown; t: number }[]>();
    for (const frame of data as DataBody[]) {
      for (const device of frame.devices) {
        const list = out.get(device.dev) ?? [];
        list.push(...device.samples);
        out.set(device.dev, list);
      }
    }
    return out;
  }

  sampleCount(): number {
    return this.ofKind("data").reduce((n, f) => n + f.devices.reduce((m, d) => m + d.samples.length, 0), 0);
  }

  async waitFor<T>(what: string, condition: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    return waitFor(what, condition, { timeoutMs, intervalMs: 20 });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
