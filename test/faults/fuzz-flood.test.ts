import { encodeFrame } from "@onramp/contract";
import fc from "fast-check";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDirs } from "../../ingest-service/test/helpers/data-dir.js";
import { samples, TestGateway } from "../../ingest-service/test/helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "../../ingest-service/test/helpers/harness.js";
import { waitFor } from "../peers/wait.js";

/** A gateway's normal rate: 10 frames/s (100 ms batches). The flood is 10× that, for 10 s. */
const NORMAL_PER_SECOND = 10;
const FLOOD_PER_SECOND = 10 * NORMAL_PER_SECOND;
const FLOOD_FRAMES = 1_000;
const WARM_UP_FRAMES = 300;
/** Heap growth allowed between after the warm-up and after the flood (both after a full GC). */
const HEAP_TOLERANCE_BYTES = 8 * 1024 ** 2;

type Kind = "malformed" | "truncated" | "oversized" | "random";

const gc = (globalThis as { gc?: () => void }).gc;

describe("malformed, truncated, oversized and random frames at 10× the normal rate", () => {
  let h: Harness;
  let client: MqttClient;
  const gw = new TestGateway("acme", "hall-1");

  beforeAll(async () => {
    h = await startHarness();
    await gw.enroll(h.http, await enrollmentToken(h, "acme", "hall-1"));
    client = await gw.connect(h.mqtt);
  });
  afterAll(async () => {
    await client?.endAsync(true);
    await h?.close();
    await removeDataDirs();
  });

  /** One bad frame of `kind`, built from fast-check's values. */
  const badFrame = (kind: Kind, cut: number, bytes: Uint8Array): Buffer => {
    const valid = gw.sign(gw.data([{ dev: "meter-1", samples: samples("power_active", 5) }]));
    switch (kind) {
      case "malformed": {
        // Signed by the gateway, but the body breaks the contract's schema.
        const body = { ...gw.data([]), devices: "not-a-list" } as unknown as Parameters<
          typeof encodeFrame
        >[0];
        return encodeFrame(body, gw.key);
      }
      case "truncated":
        return valid.subarray(0, 1 + (cut % (valid.length - 1)));
      case "oversized":
        return Buffer.concat([valid, Buffer.alloc(262_144, 0x20)]);
      case "random":
        return Buffer.from(bytes);
    }
  };
  const frames = (n: number, seed: number): { kind: Kind; payload: Buffer }[] =>
    fc
      .sample(
        fc.record({
          kind: fc.constantFrom<Kind>("malformed", "truncated", "oversized", "random"),
          cut: fc.nat(),
          bytes: fc.uint8Array({ minLength: 0, maxLength: 4096 }),
        }),
        { numRuns: n, seed },
      )
      .map(({ kind, cut, bytes }) => ({ kind, payload: badFrame(kind, cut, bytes) }));

  /** Publishes at FLOOD_PER_SECOND: a burst every 100 ms (a pace, not a wait for a condition). */
  const flood = async (batch: { payload: Buffer }[]) => {
    const perTick = FLOOD_PER_SECOND / 10;
    for (let i = 0; i < batch.length; i += perTick) {
      const tick = new Promise((resolve) => setTimeout(resolve, 100));
      await Promise.all(
        batch.slice(i, i + perTick).map((f) => client.publishAsync(gw.topic("data"), f.payload, { qos: 1 })),
      );
      await tick;
    }
  };
  async function metrics(): Promise<Map<string, number>> {
    const text = await (await fetch(`${h.http}/metrics`)).text();
    const out = new Map<string, number>();
    for (const line of text.split("\n")) {
      const match = /^(onramp_ingest_(?:rejections|frames)_total)\{(\w+)="([^"]+)"\} (\d+)$/.exec(line);
      if (match) out.set(`${match[1]}/${match[3]}`, Number(match[4]));
    }
    return out;
  }
  const heapAfterGc = () => {
    if (gc === undefined) throw new Error("run with --expose-gc (the faults project's execArgv)");
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };

  it("rejects every one, counts them per reason, stores nothing and does not grow the heap", async () => {
    const warmUp = frames(WARM_UP_FRAMES, 1);
    await flood(warmUp);
    await waitFor(
      "the warm-up to be counted",
      async () => ((await metrics()).get("onramp_ingest_frames_total/rejected") ?? 0) >= WARM_UP_FRAMES,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const heapBefore = heapAfterGc();
    const before = await metrics();

    const batch = frames(FLOOD_FRAMES, 2);
    await flood(batch);
    const after = await waitFor(
      "the flood to be counted",
      async () => {
        const m = await metrics();
        return (
          (m.get("onramp_ingest_frames_total/rejected") ?? 0) -
            (before.get("onramp_ingest_frames_total/rejected") ?? 0) >=
            FLOOD_FRAMES && m
        );
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const heapAfter = heapAfterGc();

    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    const byReason = [...after.keys()]
      .filter((k) => k.startsWith("onramp_ingest_rejections_total/"))
      .map((k) => [k.slice("onramp_ingest_rejections_total/".length), delta(k)] as const)
      .filter(([, n]) => n > 0);
    const sent = (kind: Kind) => batch.filter((f) => f.kind === kind).length;
    expect(delta("onramp_ingest_frames_total/rejected")).toBe(FLOOD_FRAMES);
    expect(delta("onramp_ingest_frames_total/stored")).toBe(0);
    expect(byReason.reduce((n, [, c]) => n + c, 0)).toBe(FLOOD_FRAMES);
    expect(delta("onramp_ingest_rejections_total/ONRAMP_FRAME_TOO_LARGE")).toBe(sent("oversized"));
    expect(heapAfter - heapBefore).toBeLessThan(HEAP_TOLERANCE_BYTES);
    console.info(
      `rejections per reason: ${JSON.stringify(Object.fromEntries(byReason))}; heap ${((heapAfter - heapBefore) / 1024 ** 2).toFixed(2)} MiB`,
    );
  });
});
