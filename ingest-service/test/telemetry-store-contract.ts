import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../test/peers/wait.js";
import {
  batchOfPoints,
  type SignalPoint,
  type SignalQuery,
  type TelemetryPoint,
  type TelemetryStore,
} from "../src/store/telemetry-store.js";

export interface StoreUnderTest {
  store: TelemetryStore;
  close(): Promise<void>;
}

export interface ContractOptions {
  /** VictoriaMetrics keeps numbers only: string fields are dropped, booleans become 0/1. */
  isNumericOnly?: boolean;
}

/**
 * The behaviour every TelemetryStore adapter must have (CONVENTIONS habit 9, after MQTT.js's
 * abstract_store): durable on resolve, idempotent rewrite, series isolation, time windows. Reads
 * poll with a deadline because some servers make writes visible a moment later.
 */
export function describeTelemetryStoreContract(
  name: string,
  makeStore: () => Promise<StoreUnderTest>,
  options: ContractOptions = {},
): void {
  describe(`TelemetryStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    // Current timestamps: VictoriaMetrics drops points outside its retention without an error.
    const t0 = Date.now() - 60_000;
    const run = randomBytes(4).toString("hex");
    const point = (over: Partial<TelemetryPoint>): TelemetryPoint => ({
      ent: `acme${run}`,
      gw: "gw-1",
      dev: "lathe-3",
      profile: "dmg-mori/ctx-450@1.0.0",
      signal: "spindle_speed",
      t: t0,
      value: 1,
      quality: "good",
      ...over,
    });
    const query = (over: Partial<SignalQuery>): SignalQuery => ({
      ent: `acme${run}`,
      gw: "gw-1",
      dev: "lathe-3",
      signal: "spindle_speed",
      from: t0 - 1000,
      to: t0 + 3_600_000,
      limit: 1000,
      ...over,
    });
    // Points are the readable way to state a case; the store takes them as a batch of runs.
    const write = (points: TelemetryPoint[]) => subject.store.write(batchOfPoints(points));
    const readUntil = (q: SignalQuery, count: number) =>
      waitFor(
        `${count} points of ${q.signal}`,
        async () => {
          const points = await subject.store.readSignal(q);
          return points.length >= count ? points : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 200 },
      );

    beforeAll(async () => {
      subject = await makeStore();
    });
    afterAll(async () => {
      await subject?.close();
    });

    it("reads back written numbers in time order, integers and fractions in one field", async () => {
      await write([
        point({ t: t0 + 2000, value: 1250.5 }),
        point({ t: t0, value: 1200 }),
        point({ t: t0 + 1000, value: 0 }),
      ]);
      const points = await readUntil(query({}), 3);
      expect(points.map((p: SignalPoint) => [p.t - t0, p.value])).toEqual([
        [0, 1200],
        [1000, 0],
        [2000, 1250.5],
      ]);
    });

    it("stores a point written twice once", async () => {
      const twice = [point({ signal: "feed_rate", t: t0 + 5000, value: 7 })];
      await write(twice);
      await write(twice);
      await readUntil(query({ signal: "feed_rate" }), 1);
      expect(await subject.store.readSignal(query({ signal: "feed_rate" }))).toHaveLength(1);
    });

    it("returns only the asked device, enterprise and time window", async () => {
      await write([
        point({ signal: "part_count", t: t0 + 100, value: 1 }),
        point({ signal: "part_count", t: t0 + 200, value: 2, dev: "lathe-4" }),
        point({ signal: "part_count", t: t0 + 300, value: 3, ent: `other${run}` }),
        point({ signal: "part_count", t: t0 + 7_200_000, value: 4 }),
      ]);
      const points = await readUntil(query({ signal: "part_count" }), 1);
      expect(points.map((p) => p.value)).toEqual([1]);
      const other = await readUntil(query({ signal: "part_count", ent: `other${run}` }), 1);
      expect(other.map((p) => p.value)).toEqual([3]);
    });

    it("honours the limit", async () => {
      await write(Array.from({ length: 10 }, (_, i) => point({ signal: "load", t: t0 + i * 10, value: i })));
      await readUntil(query({ signal: "load" }), 10);
      expect(
        (await subject.store.readSignal(query({ signal: "load", limit: 4 }))).map((p) => p.value),
      ).toEqual([0, 1, 2, 3]);
    });

    if (!options.isNumericOnly) {
      it("keeps booleans, strings and qualities, and a null value with its quality", async () => {
        await write([
          point({ signal: "door_open", t: t0, value: true }),
          point({ signal: "execution", t: t0, value: "ACTIVE", quality: "uncertain" }),
          point({ signal: "temperature", t: t0, value: null, quality: "bad" }),
          point({ signal: "program", t: t0, value: 'O1000 "main", part=3\\x', quality: "good" }),
        ]);
        expect(await readUntil(query({ signal: "door_open" }), 1)).toEqual([
          { t: t0, value: true, quality: "good" },
        ]);
        expect(await readUntil(query({ signal: "execution" }), 1)).toEqual([
          { t: t0, value: "ACTIVE", quality: "uncertain" },
        ]);
        expect(await readUntil(query({ signal: "temperature" }), 1)).toEqual([
          { t: t0, value: null, quality: "bad" },
        ]);
        expect((await readUntil(query({ signal: "program" }), 1))[0]?.value).toBe('O1000 "main", part=3\\x');
      });
    }

    it("answers isReachable", async () => {
      expect(await subject.store.isReachable()).toBe(true);
    });
  });
}
