import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MqttPacketSizes } from "./packet-guard.js";

/** A QoS 1 PUBLISH (MQTT 3.1.1 §3.3): topic length, topic, packet id, payload. */
function publish(payloadBytes: number): Buffer {
  const topic = Buffer.from("onramp/v1/acme/gw/data");
  const body = Buffer.concat([
    Buffer.from([topic.length >> 8, topic.length & 0xff]),
    topic,
    Buffer.from([0, 1]),
    Buffer.alloc(payloadBytes, 0x61),
  ]);
  return Buffer.concat([Buffer.from([0x32, ...varint(body.length)]), body]);
}
/** A CONNECT (§3.1) for client id "acme/gw", clean session, keep-alive 30 s. */
const connectBody = Buffer.concat([
  Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 30, 0, 7]),
  Buffer.from("acme/gw"),
]);
const connect = Buffer.concat([Buffer.from([0x10, ...varint(connectBody.length)]), connectBody]);

/** Feeds `stream` in pieces cut at `cuts`; the first refusal, if any. */
function feed(sizes: MqttPacketSizes, stream: Buffer, cuts: number[]) {
  let from = 0;
  for (const cut of [
    ...cuts.filter((c) => c > 0 && c < stream.length).sort((a, b) => a - b),
    stream.length,
  ]) {
    const refused = sizes.inspect(stream.subarray(from, cut));
    if (refused !== undefined) return refused;
    from = cut;
  }
  return undefined;
}

describe("MqttPacketSizes", () => {
  it("reads every packet's declared size, however the stream is split, and refuses only one over its limit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40_000 }), { maxLength: 6 }),
        fc.array(fc.nat(300_000), { maxLength: 20 }),
        (payloads, cuts) => {
          const limit = 20_000;
          const packets = payloads.map(publish);
          const stream = Buffer.concat([connect, ...packets]);
          const refused = feed(new MqttPacketSizes({ firstPacket: 200, otherPackets: limit }), stream, cuts);
          const over = packets.find((p) => p.length - headerLength(p) > limit);
          if (over === undefined) expect(refused).toBeUndefined();
          else
            expect(refused).toEqual({ declaredBytes: over.length - headerLength(over), limitBytes: limit });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses a CONNECT that declares 250 MiB from its first 5 bytes", () => {
    const header = Buffer.from([0x10, ...varint(250 * 1024 * 1024)]);
    expect(new MqttPacketSizes({ firstPacket: 16_384, otherPackets: 1 << 20 }).inspect(header)).toEqual({
      declaredBytes: 250 * 1024 * 1024,
      limitBytes: 16_384,
    });
  });

  it("refuses a remaining length longer than the 4 bytes MQTT allows", () => {
    const sizes = new MqttPacketSizes({ firstPacket: 1 << 30, otherPackets: 1 << 30 });
    expect(sizes.inspect(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01]))?.declaredBytes).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});

/** Fixed-header length of a generated packet: the type byte plus the remaining-length bytes. */
function headerLength(packet: Buffer): number {
  let i = 1;
  while ((packet[i] as number) & 0x80) i++;
  return i + 1;
}

function varint(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}
