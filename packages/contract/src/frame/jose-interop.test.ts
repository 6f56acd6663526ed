import { createPublicKey } from "node:crypto";
import {
  calculateJwkThumbprint,
  exportJWK,
  FlattenedSign,
  flattenedVerify,
  generateKeyPair,
  importJWK,
} from "jose";
import { describe, expect, it } from "vitest";
import { EXAMPLE_BODIES, EXAMPLE_BODIES_V2 } from "../messages/examples.js";
import { expandBodyV2 } from "../messages/versions.js";
import { decodeFrame } from "./decode.js";
import { encodeFrame } from "./encode.js";
import { generateGatewayKey, keyIdOf, publicJwk } from "./keys.js";

// The evidence argument of DESIGN §4: an independent JOSE implementation, given only the public
// JWK, must verify our frames, and we must accept frames it produces.
describe("interoperability with jose", () => {
  it("verifies an Onramp frame with jose.flattenedVerify and the public JWK alone", async () => {
    const key = generateGatewayKey();
    const frame = JSON.parse(encodeFrame(EXAMPLE_BODIES.data, key).toString("utf8"));
    const jwk = publicJwk(key.publicKey);

    const { payload, protectedHeader } = await flattenedVerify(frame, await importJWK(jwk, "EdDSA"));

    expect(protectedHeader).toEqual({ alg: "EdDSA", kid: key.kid });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(EXAMPLE_BODIES.data);
  });

  it("agrees with jose on the RFC 7638 thumbprint used as kid", async () => {
    const key = generateGatewayKey();
    expect(await calculateJwkThumbprint(publicJwk(key.publicKey))).toBe(key.kid);
  });

  it("lets jose reject a tampered Onramp frame too", async () => {
    const key = generateGatewayKey();
    const frame = JSON.parse(encodeFrame(EXAMPLE_BODIES.data, key).toString("utf8"));
    const other = JSON.parse(encodeFrame(EXAMPLE_BODIES.status, key).toString("utf8"));
    const spliced = { ...frame, payload: other.payload };
    await expect(
      flattenedVerify(spliced, await importJWK(publicJwk(key.publicKey), "EdDSA")),
    ).rejects.toThrow();
  });

  it("decodes a frame that jose.FlattenedSign produced with an Ed25519 key", async () => {
    const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const nodePublicKey = createPublicKey({ key: await exportJWK(publicKey), format: "jwk" });
    const kid = keyIdOf(nodePublicKey);
    const payload = new TextEncoder().encode(JSON.stringify(EXAMPLE_BODIES.birth));

    const jws = await new FlattenedSign(payload).setProtectedHeader({ alg: "EdDSA", kid }).sign(privateKey);
    const result = decodeFrame(
      Buffer.from(JSON.stringify(jws)),
      (k) => (k === kid ? nodePublicKey : undefined),
      {
        topic: "onramp/v1/acme-parts/hall-2-gw/birth",
      },
    );

    expect(result).toMatchObject({ ok: true, kid, body: EXAMPLE_BODIES.birth });
  });

  // Version 2 changes the body, not the envelope: the same two directions hold for it.
  it.each(Object.values(EXAMPLE_BODIES_V2))("verifies a v2 $kind frame with jose alone", async (body) => {
    const key = generateGatewayKey();
    const frame = JSON.parse(encodeFrame(body, key).toString("utf8"));

    const { payload } = await flattenedVerify(frame, await importJWK(publicJwk(key.publicKey), "EdDSA"), {
      algorithms: ["EdDSA"],
    });

    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(body);
  });

  it.each(Object.values(EXAMPLE_BODIES_V2))(
    "decodes a v2 $kind frame that jose.FlattenedSign produced, in its v1 form",
    async (body) => {
      const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
      const nodePublicKey = createPublicKey({ key: await exportJWK(publicKey), format: "jwk" });
      const kid = keyIdOf(nodePublicKey);
      const payload = new TextEncoder().encode(JSON.stringify(body));

      const jws = await new FlattenedSign(payload).setProtectedHeader({ alg: "EdDSA", kid }).sign(privateKey);
      const result = decodeFrame(
        Buffer.from(JSON.stringify(jws)),
        (k) => (k === kid ? nodePublicKey : undefined),
        {
          topic: `onramp/v1/acme-parts/hall-2-gw/${body.kind}`,
        },
      );

      expect(result).toMatchObject({ ok: true, kid, version: 2, body: expandBodyV2(body) });
    },
  );
});
