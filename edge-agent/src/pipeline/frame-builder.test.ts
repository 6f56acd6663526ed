import {
  type Body,
  type DataBody,
  DEFAULT_MAX_FRAME_BYTES,
  type DeviceSamples,
  decodeFrame,
  generateGatewayKey,
  type ReplySample,
} from "@onramp/contract";
import { describe, expect, it } from "vitest";
import { createFrameBuilder } from "./frame-builder.js";

const key = generateGatewayKey();
const lookup = (kid: string) => (kid === key.kid ? key.publicKey : undefined);
const builder = (contractVersion?: 1 | 2) =>
  createFrameBuilder({
    ent: "acme-parts",
    gw: "hall-2-gw",
    signer: key,
    agent: { name: "onramp-agent", version: "0.0.0" },
    ...(contractVersion === undefined ? {} : { contractVersion }),
  });

const devices: DeviceSamples[] = [
  {
    dev: "press-1",
    samples: [
      { s: "spindle_speed", v: 1250.5, q: "good", t: 1_767_225_600_100 },
      { s: "part_count", v: 17, q: "good", t: 1_767_225_600_100 },
      { s: "spindle_speed", v: 1251, q: "uncertain", t: 1_767_225_601_100 },
      { s: "part_count", v: 18, q: "good", t: 1_767_225_601_100 },
    ],
  },
];
const replySamples: ReplySample[] = [
  { s: "part_count", v: 18, q: "good", t: 1_767_225_602_000, src: 1_767_225_601_100 },
];

/** The signed body as sent, and the decoder's verdict on the frame. */
function open(frame: { bytes: Buffer; topic: string }) {
  const envelope = JSON.parse(frame.bytes.toString("utf8")) as { payload: string };
  const signed = JSON.parse(Buffer.from(envelope.payload, "base64url").toString("utf8")) as { v: number };
  return { signed, decoded: decodeFrame(frame.bytes, lookup, { topic: frame.topic }) };
}

describe("createFrameBuilder contract versions", () => {
  it("signs data and reply bodies in version 2 by default, which decode to the bodies it was given", () => {
    const frames = builder();
    const data = open(frames.data(devices, undefined, 1_767_225_602_000));
    expect(data.signed.v).toBe(2);
    expect(data.decoded).toMatchObject({ ok: true, version: 2, body: { kind: "data", devices } });

    const reply = open(
      frames.reply(
        { id: "req-1", nonce: "Zm9yLXRoZS1sYXRoZS0z", dev: "press-1", samples: replySamples },
        1_767_225_602_100,
      ),
    );
    expect(reply.signed.v).toBe(2);
    expect(reply.decoded).toMatchObject({
      ok: true,
      version: 2,
      body: { kind: "reply", samples: replySamples },
    });
  });

  it("signs version 1 bodies when configured for an older ingest", () => {
    const frames = builder(1);
    const data = open(frames.data(devices, { frames: 1, samples: 4, since: 1 }, 1_767_225_602_000));
    expect(data.signed).toMatchObject({ v: 1, devices });
    expect(data.decoded).toMatchObject({ ok: true, version: 1 });
    const reply = open(
      frames.reply({ id: "req-1", nonce: "Zm9yLXRoZS1sYXRoZS0z", dev: "press-1", samples: replySamples }, 1),
    );
    expect(reply.signed).toMatchObject({ v: 1, samples: replySamples });
  });

  it("falls back to version 1 for a batch whose v2 form would not fit the receiver's frame limit", () => {
    // Lone samples that are not good, far apart in time, with long ids and numbers: each is a
    // block of its own in v2 (128 JSON bytes) against 112 in v1. 1,600 of them pass the
    // batcher's v1 byte bound; their v2 frame would be over 256 KiB.
    const samples = Array.from({ length: 1_600 }, (_, i) => ({
      s: `signal_${String(i).padStart(33, "0")}`,
      v: -Number.MAX_VALUE,
      q: "uncertain" as const,
      t: (i % 2 === 0 ? 1_000_000_000_000 : 8_000_000_000_000) + i,
    }));
    const lone = [{ dev: "press-1", samples }];
    const frame = open(builder().data(lone, undefined, 1));
    expect(frame.signed.v).toBe(1);
    expect(frame.decoded).toMatchObject({ ok: true, version: 1, body: { devices: lone } });
    expect(builder().data(lone, undefined, 1).bytes.byteLength).toBeLessThanOrEqual(DEFAULT_MAX_FRAME_BYTES);
  });

  it("keeps the other kinds in their one form (v 1) in version 2", () => {
    const frames = builder(2);
    const status = open(frames.status([{ dev: "press-1", state: "connected", t: 1 }], 2));
    const death = open(frames.death("graceful", 3));
    for (const { signed, decoded } of [status, death]) {
      expect(signed.v).toBe(1);
      expect(decoded).toMatchObject({ ok: true, version: 1 });
    }
  });

  it("numbers frames of both versions alike: seq is the same counter", () => {
    const frames = builder();
    const first = open(frames.data(devices, undefined, 10)).decoded;
    const second = open(frames.status([{ dev: "press-1", state: "connected", t: 1 }], 11)).decoded;
    const seqOf = (r: typeof first) => (r.ok ? (r.body as Exclude<Body, { kind: "cmd" }>).seq : -1);
    expect([seqOf(first), seqOf(second)]).toEqual([0, 1]);
    expect((first.ok && (first.body as DataBody).loss) || undefined).toBeUndefined();
  });
});
