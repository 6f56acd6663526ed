import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../errors.js";
import { compactDataBody } from "../messages/data-v2.js";
import { EXAMPLE_BODIES, EXAMPLE_BODIES_V2 } from "../messages/examples.js";
import { expandBodyV2, toWireBody } from "../messages/versions.js";
import { denseDataBody, ISSUE_16_SHAPE } from "../testing/frame-shape.js";
import { forgeFrame } from "../testing/frames.js";
import {
  type DecodeResult,
  type DecodeResultKeepingBlocks,
  decodeFrame,
  decodeFrameAsync,
} from "./decode.js";
import { encodeFrame } from "./encode.js";
import { generateGatewayKey } from "./keys.js";

const key = generateGatewayKey();
const lookup = (kid: string) => (kid === key.kid ? key.publicKey : undefined);
const header = { alg: "EdDSA", kid: key.kid };
const dataTopic = "onramp/v1/acme-parts/hall-2-gw/data";

function expectError(result: DecodeResult | DecodeResultKeepingBlocks, code: ErrorCode, path?: string): void {
  expect(result.ok ? "ok" : result.error.code).toBe(code);
  if (!result.ok) expect(result.error.path).toBe(path);
}

describe("decodeFrame with contract version 2 bodies", () => {
  it("hands a v2 data body on in its v1 form, with version 2 and the signed v2 bytes", () => {
    const result = decodeFrame(encodeFrame(EXAMPLE_BODIES_V2.data, key), lookup, { topic: dataTopic });
    expect(result).toEqual({
      ok: true,
      body: expandBodyV2(EXAMPLE_BODIES_V2.data),
      version: 2,
      kid: key.kid,
      payloadBytes: Buffer.from(JSON.stringify(EXAMPLE_BODIES_V2.data)),
    });
  });

  it("gives the same body for a frame sent in v1 and in v2 (polled samples: order included)", () => {
    const body = denseDataBody(ISSUE_16_SHAPE);
    const v1 = decodeFrame(encodeFrame(body, key), lookup, { topic: dataTopic });
    const v2 = decodeFrame(encodeFrame(toWireBody(body, 2), key), lookup, { topic: dataTopic });
    expect(v1).toMatchObject({ ok: true, version: 1, body });
    expect(v2).toMatchObject({ ok: true, version: 2, body });
  });

  it("takes a v2 body with a loss block (the schema's path) as well", () => {
    const result = decodeFrame(encodeFrame(compactDataBody(EXAMPLE_BODIES.data), key), lookup);
    expect(result.ok && result.body.kind === "data" && result.body.loss).toEqual(EXAMPLE_BODIES.data.loss);
  });

  it("decodes a v2 reply into the v1 reply, src included", () => {
    const result = decodeFrame(encodeFrame(EXAMPLE_BODIES_V2.reply, key), lookup, {
      topic: "onramp/v1/acme-parts/hall-2-gw/reply",
    });
    expect(result).toMatchObject({ ok: true, version: 2, body: EXAMPLE_BODIES.reply });
  });

  it("names the path of a schema error in the v2 body as signed", () => {
    const body = structuredClone(EXAMPLE_BODIES_V2.data);
    body.devices[0]?.blocks[0]?.v[1]?.pop();
    const result = decodeFrame(forgeFrame(header, JSON.stringify(body), key.privateKey), lookup);
    expectError(result, "ONRAMP_FRAME_SCHEMA", "devices[0].blocks[0].v[1]");
  });

  it("judges a body saying v 2 as version 2 only: a v1-shaped body with v 2 is refused", () => {
    const body = { ...EXAMPLE_BODIES.data, v: 2 };
    expectError(
      decodeFrame(forgeFrame(header, JSON.stringify(body), key.privateKey), lookup),
      "ONRAMP_FRAME_SCHEMA",
      "t0",
    );
  });

  it("refuses kinds that have no version 2 (birth, death, status, cmd)", () => {
    const body = { ...EXAMPLE_BODIES.status, v: 2 };
    expectError(
      decodeFrame(forgeFrame(header, JSON.stringify(body), key.privateKey), lookup),
      "ONRAMP_FRAME_SCHEMA",
      "kind",
    );
  });

  it("checks a v2 body against its topic", () => {
    expectError(
      decodeFrame(encodeFrame(EXAMPLE_BODIES_V2.data, key), lookup, {
        topic: "onramp/v1/acme-parts/hall-3-gw/data",
      }),
      "ONRAMP_FRAME_TOPIC_MISMATCH",
      "gw",
    );
  });

  it("hands a v2 data body on as signed when asked to keep the blocks (fast path and schema path)", async () => {
    const dense = toWireBody(denseDataBody(ISSUE_16_SHAPE), 2);
    const withLoss = compactDataBody(EXAMPLE_BODIES.data);
    for (const body of [dense, withLoss, EXAMPLE_BODIES_V2.data]) {
      const frame = encodeFrame(body, key);
      const kept = decodeFrame(frame, lookup, { topic: dataTopic, keepDataBlocks: true });
      expect(kept).toMatchObject({ ok: true, version: 2, body });
      // The blocks expand to the very body the default decode gives.
      const expanded = decodeFrame(frame, lookup, { topic: dataTopic });
      expect(kept.ok && expanded.ok && expandBodyV2(kept.body as Parameters<typeof expandBodyV2>[0])).toEqual(
        expanded.ok && expanded.body,
      );
      expect(await decodeFrameAsync(frame, lookup, { topic: dataTopic, keepDataBlocks: true })).toEqual(kept);
    }
  });

  it("keeps the v1 form of v1 data bodies and of v2 replies when asked to keep data blocks", () => {
    const v1 = decodeFrame(encodeFrame(EXAMPLE_BODIES.data, key), lookup, { keepDataBlocks: true });
    expect(v1).toMatchObject({ ok: true, version: 1, body: EXAMPLE_BODIES.data });
    const reply = decodeFrame(encodeFrame(EXAMPLE_BODIES_V2.reply, key), lookup, { keepDataBlocks: true });
    expect(reply).toMatchObject({ ok: true, version: 2, body: EXAMPLE_BODIES.reply });
  });

  it("refuses a broken v2 data body alike when asked to keep the blocks", () => {
    const body = structuredClone(EXAMPLE_BODIES_V2.data);
    body.devices[0]?.blocks[0]?.v[1]?.pop();
    const frame = forgeFrame(header, JSON.stringify(body), key.privateKey);
    expectError(
      decodeFrame(frame, lookup, { keepDataBlocks: true }),
      "ONRAMP_FRAME_SCHEMA",
      "devices[0].blocks[0].v[1]",
    );
  });

  it("gives the same result through decodeFrameAsync", async () => {
    const frame = encodeFrame(EXAMPLE_BODIES_V2.data, key);
    expect(await decodeFrameAsync(frame, lookup, { topic: dataTopic })).toEqual(
      decodeFrame(frame, lookup, { topic: dataTopic }),
    );
  });
});
