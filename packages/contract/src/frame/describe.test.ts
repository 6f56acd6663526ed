import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXAMPLE_BODIES, EXAMPLE_BODIES_V2 } from "../messages/examples.js";
import { envelope, forgeFrame } from "../testing/frames.js";
import { describeFrame } from "./describe.js";
import { encodeFrame } from "./encode.js";
import { generateGatewayKey } from "./keys.js";

const key = generateGatewayKey();

describe("describeFrame", () => {
  it("shows the header, the signature size and the pretty-printed body, and says nothing was verified", () => {
    const text = describeFrame(encodeFrame(EXAMPLE_BODIES.status, key));
    expect(text).toContain("NOT verified");
    expect(text).toContain(`protected header: {"alg":"EdDSA","kid":"${key.kid}"}`);
    expect(text).toContain("signature: 64 bytes");
    expect(text).toContain("a valid status body of acme-parts/hall-2-gw, sent 2026-01-01T00:00:06.000Z");
    expect(text).toContain(JSON.stringify(EXAMPLE_BODIES.status, null, 2));
  });

  it("shows a version 2 body as signed, and says which version it is", () => {
    const text = describeFrame(encodeFrame(EXAMPLE_BODIES_V2.data, key));
    expect(text).toContain("a valid data body of acme-parts/hall-2-gw");
    expect(text).toContain("contract version 2");
    expect(text).toContain(JSON.stringify(EXAMPLE_BODIES_V2.data, null, 2));
  });

  it("still shows a body that fails the schema, with the offending path", () => {
    const body = { ...EXAMPLE_BODIES.death, reason: "crash" };
    const text = describeFrame(
      forgeFrame({ alg: "EdDSA", kid: key.kid }, JSON.stringify(body), key.privateKey),
    );
    expect(text).toContain("NOT a valid body (reason:");
    expect(text).toContain('"reason": "crash"');
  });

  it("explains what is wrong with something that is not a frame", () => {
    expect(describeFrame(Buffer.from("hello"))).toContain("not a frame: the frame is not JSON");
    expect(describeFrame(envelope({ protected: "e30" }))).toContain("not a frame");
    expect(describeFrame(Buffer.from("[".repeat(10_000)))).toContain("nests deeper than 16 levels");
    expect(describeFrame(envelope({ protected: "!", payload: "", signature: "" }))).toContain("not a frame");
  });

  it("never throws, whatever the bytes", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.json().map((text) => Buffer.from(text)),
        ),
        (bytes) => {
          expect(typeof describeFrame(bytes)).toBe("string");
        },
      ),
      { numRuns: 300 },
    );
  });
});
