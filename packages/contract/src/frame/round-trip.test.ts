import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXAMPLE_BODIES } from "../messages/examples.js";
import { dataBodyArb } from "../testing/arbitraries.js";
import { sectionRange } from "../testing/frames.js";
import { buildTopic } from "../topics.js";
import { decodeFrame } from "./decode.js";
import { encodeFrame } from "./encode.js";
import { generateGatewayKey } from "./keys.js";

const key = generateGatewayKey();
const lookup = (kid: string) => (kid === key.kid ? key.publicKey : undefined);

describe("encodeFrame → decodeFrame", () => {
  it("returns the body, the kid and the exact signed payload bytes for any valid data body", () => {
    fc.assert(
      fc.property(dataBodyArb, (body) => {
        const frame = encodeFrame(body, key);
        const result = decodeFrame(frame, lookup, { topic: buildTopic(body.ent, body.gw, "data") });
        expect(result).toEqual({
          ok: true,
          // JSON has no -0: the decoded body is the body as JSON carries it.
          body: JSON.parse(JSON.stringify(body)),
          version: 1,
          kid: key.kid,
          payloadBytes: Buffer.from(JSON.stringify(body), "utf8"),
        });
      }),
    );
  });

  it.each(Object.values(EXAMPLE_BODIES))("round-trips the example $kind body on its own topic", (body) => {
    const result = decodeFrame(encodeFrame(body, key), lookup, {
      topic: buildTopic(body.ent, body.gw, body.kind),
    });
    expect(result).toMatchObject({ ok: true, body });
  });

  it("emits a flattened JWS with exactly protected, payload and signature, header alg EdDSA and the kid", () => {
    const frame = JSON.parse(encodeFrame(EXAMPLE_BODIES.status, key).toString("utf8"));
    expect(Object.keys(frame)).toEqual(["protected", "payload", "signature"]);
    expect(JSON.parse(Buffer.from(frame.protected, "base64url").toString())).toEqual({
      alg: "EdDSA",
      kid: key.kid,
    });
    expect(Buffer.from(frame.payload, "base64url").toString()).toBe(JSON.stringify(EXAMPLE_BODIES.status));
    expect(Buffer.from(frame.signature, "base64url")).toHaveLength(64);
  });

  it("refuses to sign with anything but an Ed25519 private key", () => {
    expect(() => encodeFrame(EXAMPLE_BODIES.data, { kid: key.kid, privateKey: key.publicKey })).toThrow(
      TypeError,
    );
  });
});

describe("tampering", () => {
  const frame = encodeFrame(EXAMPLE_BODIES.data, key);

  it("rejects every single-bit flip anywhere in a frame", () => {
    for (let index = 0; index < frame.length; index++) {
      for (let bit = 0; bit < 8; bit++) {
        const tampered = Buffer.from(frame);
        tampered[index] = (tampered[index] ?? 0) ^ (1 << bit);
        expect(decodeFrame(tampered, lookup).ok, `byte ${index} bit ${bit}`).toBe(false);
      }
    }
    // About 7,000 verifications: seconds on a machine shared by several test runs.
  }, 60_000);

  it("rejects any byte changed in the payload or signature of any data frame", () => {
    const tamper = fc.record({
      body: dataBodyArb,
      section: fc.constantFrom("payload" as const, "signature" as const),
      position: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      mask: fc.integer({ min: 1, max: 255 }),
    });
    fc.assert(
      fc.property(tamper, ({ body, section, position, mask }) => {
        const tampered = encodeFrame(body, key);
        const [start, end] = sectionRange(tampered, section);
        const index = start + Math.floor(position * (end - start));
        tampered[index] = (tampered[index] ?? 0) ^ mask;
        const result = decodeFrame(tampered, lookup);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
