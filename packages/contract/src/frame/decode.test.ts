import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../errors.js";
import { EXAMPLE_BODIES } from "../messages/examples.js";
import { envelope, forgeFrame, forgeHs256Frame } from "../testing/frames.js";
import { DEFAULT_MAX_FRAME_BYTES, type DecodeResult, decodeFrame, decodeFrameAsync } from "./decode.js";
import { encodeFrame } from "./encode.js";
import { generateGatewayKey } from "./keys.js";

const key = generateGatewayKey();
const lookup = (kid: string) => (kid === key.kid ? key.publicKey : undefined);
const header = { alg: "EdDSA", kid: key.kid };
const dataJson = JSON.stringify(EXAMPLE_BODIES.data);
const dataTopic = "onramp/v1/acme-parts/hall-2-gw/data";

function expectError(result: DecodeResult, code: ErrorCode, path?: string): void {
  expect(result.ok ? "ok" : result.error.code).toBe(code);
  if (!result.ok) {
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(result.error.path).toBe(path);
  }
}

describe("decodeFrame never throws", () => {
  it("returns ok: false for arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(decodeFrame(bytes, lookup).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("returns ok: false for arbitrary JSON as a frame, a protected header or a signed payload", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom("frame", "header", "payload"), (value, place) => {
        const text = JSON.stringify(value) ?? "null";
        const bytes =
          place === "frame"
            ? Buffer.from(text)
            : place === "header"
              ? forgeFrame(value, dataJson, key.privateKey)
              : forgeFrame(header, text, key.privateKey);
        expect(decodeFrame(bytes, lookup).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("rejects a value that is not a byte array at all", () => {
    expectError(decodeFrame("frame" as unknown as Uint8Array, lookup), "ONRAMP_FRAME_MALFORMED");
  });
});

describe("decodeFrame bounds", () => {
  it("rejects a frame over maxBytes before reading it", () => {
    expectError(decodeFrame(new Uint8Array(DEFAULT_MAX_FRAME_BYTES + 1), lookup), "ONRAMP_FRAME_TOO_LARGE");
    expectError(
      decodeFrame(encodeFrame(EXAMPLE_BODIES.data, key), lookup, { maxBytes: 100 }),
      "ONRAMP_FRAME_TOO_LARGE",
    );
  });

  it("rejects 10,000 levels of nesting in the frame, the header or the signed payload before JSON.parse", () => {
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    expectError(decodeFrame(Buffer.from(deep), lookup), "ONRAMP_FRAME_TOO_DEEP");
    const deepHeaderB64 = Buffer.from(`{"alg":"EdDSA","x":${deep}}`).toString("base64url");
    expectError(
      decodeFrame(envelope({ protected: deepHeaderB64, payload: "", signature: "" }), lookup),
      "ONRAMP_FRAME_TOO_DEEP",
    );
    expectError(decodeFrame(forgeFrame(header, deep, key.privateKey), lookup), "ONRAMP_FRAME_TOO_DEEP");
  });

  it("refuses a duplicate key in the signed payload, the protected header or the envelope, though the signature holds", () => {
    // The Onramp body with "seq" written twice: JSON.parse would keep the second value.
    const twice = dataJson.replace('"seq":', '"seq":999,"seq":');
    expect(twice).not.toBe(dataJson);
    expectError(decodeFrame(forgeFrame(header, twice, key.privateKey), lookup), "ONRAMP_FRAME_DUPLICATE_KEY");
    const sample = dataJson.replace('"q":"good"', '"q":"bad","q":"good"');
    expectError(
      decodeFrame(forgeFrame(header, sample, key.privateKey), lookup),
      "ONRAMP_FRAME_DUPLICATE_KEY",
    );
    const headerTwice = Buffer.from(`{"alg":"none","alg":"EdDSA","kid":"${key.kid}"}`).toString("base64url");
    expectError(
      decodeFrame(envelope({ protected: headerTwice, payload: "", signature: "" }), lookup),
      "ONRAMP_FRAME_DUPLICATE_KEY",
    );
    const frame = encodeFrame(EXAMPLE_BODIES.data, key).toString("utf8");
    const envelopeTwice = frame.replace('{"protected":', '{"payload":"","protected":');
    expectError(decodeFrame(Buffer.from(envelopeTwice), lookup), "ONRAMP_FRAME_DUPLICATE_KEY");
  });

  it("honours a smaller maxDepth", () => {
    expectError(
      decodeFrame(encodeFrame(EXAMPLE_BODIES.data, key), lookup, { maxDepth: 4 }),
      "ONRAMP_FRAME_TOO_DEEP",
    );
  });

  it("does not count brackets inside string values towards the depth", () => {
    const body = structuredClone(EXAMPLE_BODIES.data);
    body.devices[0]?.samples.push({ s: "program", v: `${"[{".repeat(500)}"\\`, q: "good", t: 1 });
    expect(decodeFrame(encodeFrame(body, key), lookup).ok).toBe(true);
  });
});

describe("decodeFrame envelope and header", () => {
  const good = JSON.parse(encodeFrame(EXAMPLE_BODIES.data, key).toString());

  it.each([
    ["a JSON array", [good.protected, good.payload, good.signature]],
    ["a missing signature", { protected: good.protected, payload: good.payload }],
    ["an extra unprotected header", { ...good, header: { kid: "other" } }],
    ["a numeric payload", { ...good, payload: 1 }],
    ["padded base64url", { ...good, signature: `${good.signature}==` }],
  ])("rejects an envelope with %s as malformed", (_what, parts) => {
    expectError(decodeFrame(envelope(parts as Record<string, unknown>), lookup), "ONRAMP_FRAME_MALFORMED");
  });

  it("rejects a signature whose unused trailing bits are set, as non-canonical base64url", () => {
    // 64 bytes encode to 86 characters; the last one carries 4 unused bits that must be zero.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(good.signature.at(-1));
    const signature = `${good.signature.slice(0, -1)}${alphabet[last | 1]}`;
    expect(Buffer.from(signature, "base64url")).toEqual(Buffer.from(good.signature, "base64url"));
    expectError(decodeFrame(envelope({ ...good, signature }), lookup), "ONRAMP_FRAME_MALFORMED");
  });

  it("rejects a protected header without kid as malformed (RFC 8037 A.4, validly signed)", () => {
    const rfc = {
      protected: "eyJhbGciOiJFZERTQSJ9",
      payload: "RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc",
      signature: "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg",
    };
    expectError(decodeFrame(envelope(rfc), lookup), "ONRAMP_FRAME_MALFORMED");
  });

  it('rejects alg "none" with an empty signature', () => {
    const none = Buffer.from(JSON.stringify({ alg: "none", kid: key.kid })).toString("base64url");
    const frame = envelope({ protected: none, payload: good.payload, signature: "" });
    expectError(decodeFrame(frame, lookup), "ONRAMP_FRAME_BAD_ALGORITHM");
  });

  it("rejects HS256 keyed with the public key (algorithm confusion)", () => {
    expectError(
      decodeFrame(forgeHs256Frame(key.kid, dataJson, key.publicKey), lookup),
      "ONRAMP_FRAME_BAD_ALGORITHM",
    );
  });

  it.each([
    ["missing", { kid: key.kid }],
    ["lowercase", { alg: "eddsa", kid: key.kid }],
    ["Ed25519 (RFC 9864 name, not the one Onramp pins)", { alg: "Ed25519", kid: key.kid }],
    ["EdDSA with crit", { alg: "EdDSA", kid: key.kid, crit: ["b64"], b64: false }],
  ])("rejects an alg that is %s, even with a valid Ed25519 signature", (_what, protectedHeader) => {
    expectError(
      decodeFrame(forgeFrame(protectedHeader, dataJson, key.privateKey), lookup),
      "ONRAMP_FRAME_BAD_ALGORITHM",
    );
  });
});

describe("decodeFrame keys and signatures", () => {
  it("rejects a kid that no enrolled key has", () => {
    expectError(
      decodeFrame(encodeFrame(EXAMPLE_BODIES.data, key), () => undefined),
      "ONRAMP_FRAME_UNKNOWN_KEY",
    );
  });

  it("rejects a key of another type enrolled under the kid rather than verify with it", () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expectError(
      decodeFrame(encodeFrame(EXAMPLE_BODIES.data, key), () => publicKey),
      "ONRAMP_FRAME_UNKNOWN_KEY",
    );
  });

  it("rejects a frame signed by another gateway's key under this kid", () => {
    const other = generateGatewayKey();
    const frame = encodeFrame(EXAMPLE_BODIES.data, { kid: key.kid, privateKey: other.privateKey });
    expectError(decodeFrame(frame, lookup), "ONRAMP_FRAME_BAD_SIGNATURE");
  });

  it("rejects a signature that is not 64 bytes", () => {
    const good = JSON.parse(encodeFrame(EXAMPLE_BODIES.data, key).toString());
    const short = Buffer.from(good.signature, "base64url").subarray(0, 63).toString("base64url");
    expectError(decodeFrame(envelope({ ...good, signature: short }), lookup), "ONRAMP_FRAME_BAD_SIGNATURE");
  });
});

describe("decodeFrame body", () => {
  it("rejects a signed payload that is not UTF-8 JSON", () => {
    expectError(
      decodeFrame(forgeFrame(header, Uint8Array.of(0x7b, 0xff, 0x7d), key.privateKey), lookup),
      "ONRAMP_FRAME_MALFORMED",
    );
    expectError(
      decodeFrame(forgeFrame(header, "{not json", key.privateKey), lookup),
      "ONRAMP_FRAME_MALFORMED",
    );
  });

  it("names the path of a schema error in the signed body", () => {
    const body = structuredClone(EXAMPLE_BODIES.data) as { devices: { samples: { t: unknown }[] }[] };
    const sample = body.devices[0]?.samples[1];
    if (sample) sample.t = "yesterday";
    const result = decodeFrame(forgeFrame(header, JSON.stringify(body), key.privateKey), lookup);
    expectError(result, "ONRAMP_FRAME_SCHEMA", "devices[0].samples[1].t");
    if (!result.ok) expect(result.error.message).toContain("devices[0].samples[1].t");
  });

  it("accepts the body on its own topic", () => {
    expect(decodeFrame(encodeFrame(EXAMPLE_BODIES.data, key), lookup, { topic: dataTopic }).ok).toBe(true);
  });

  it.each([
    ["another enterprise", "onramp/v1/other/hall-2-gw/data", "ent"],
    ["another gateway", "onramp/v1/acme-parts/hall-3-gw/data", "gw"],
    ["another kind", "onramp/v1/acme-parts/hall-2-gw/status", "kind"],
  ])("rejects a body replayed onto %s's topic", (_what, topic, path) => {
    expectError(
      decodeFrame(encodeFrame(EXAMPLE_BODIES.data, key), lookup, { topic }),
      "ONRAMP_FRAME_TOPIC_MISMATCH",
      path,
    );
  });

  it("binds a cloud cmd to its gateway's topic too", () => {
    const cmdTopic = "onramp/v1/acme-parts/hall-3-gw/cmd";
    expectError(
      decodeFrame(encodeFrame(EXAMPLE_BODIES.cmd, key), lookup, { topic: cmdTopic }),
      "ONRAMP_FRAME_TOPIC_MISMATCH",
      "gw",
    );
  });

  it("reports an unparseable topic as ONRAMP_TOPIC_INVALID", () => {
    const result = decodeFrame(encodeFrame(EXAMPLE_BODIES.data, key), lookup, {
      topic: "onramp/v1/+/hall-2-gw/data",
    });
    expectError(result, "ONRAMP_TOPIC_INVALID");
  });
});

describe("decodeFrameAsync", () => {
  const frame = encodeFrame(EXAMPLE_BODIES.data, key);

  it("accepts what decodeFrame accepts, with the same body", async () => {
    const fromPool = await decodeFrameAsync(frame, lookup, { topic: dataTopic });
    expect(fromPool.ok).toBe(true);
    expect(fromPool).toEqual(decodeFrame(frame, lookup, { topic: dataTopic }));
  });

  it("gives decodeFrame's result for any single flipped bit, byte for byte", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: frame.length * 8 - 1 }), async (bit) => {
        const flipped = Buffer.from(frame);
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
        expect(await decodeFrameAsync(flipped, lookup)).toEqual(decodeFrame(flipped, lookup));
      }),
      { numRuns: 400 },
    );
  });

  it("refuses another gateway's signature under this kid as a bad signature", async () => {
    const other = generateGatewayKey();
    const forged = encodeFrame(EXAMPLE_BODIES.data, { kid: key.kid, privateKey: other.privateKey });
    expectError(await decodeFrameAsync(forged, lookup), "ONRAMP_FRAME_BAD_SIGNATURE");
  });
});
