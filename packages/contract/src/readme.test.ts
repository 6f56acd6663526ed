import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeFrame } from "./frame/decode.js";
import { keyIdOf } from "./frame/keys.js";
import { EXAMPLE_BODIES, EXAMPLE_BODIES_V2 } from "./messages/examples.js";
import { TOPIC_KIND_NAMES } from "./topics.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The JSON code block that follows `heading` in the README. */
function jsonBlockAfter(heading: string): unknown {
  const start = readme.indexOf(heading);
  const block = /```json\n([\s\S]*?)```/.exec(readme.slice(start));
  return JSON.parse(block?.[1] ?? "null");
}

describe("README", () => {
  it.each(TOPIC_KIND_NAMES)("shows the %s example body exactly as the code has it", (kind) => {
    expect(jsonBlockAfter(`#### \`${kind}\``)).toEqual(EXAMPLE_BODIES[kind]);
  });

  it.each(["data", "reply"] as const)("shows the version 2 %s example exactly as the code has it", (kind) => {
    expect(jsonBlockAfter(`#### \`${kind}\`, version 2`)).toEqual(EXAMPLE_BODIES_V2[kind]);
  });

  it("shows a real frame that verifies with the public JWK it shows", () => {
    const frame = Buffer.from(JSON.stringify(jsonBlockAfter("## Frame format")));
    const jwk = jsonBlockAfter("### Verifying a frame without Onramp") as { kid: string };
    const key = createPublicKey({ key: jwk, format: "jwk" });
    expect(keyIdOf(key)).toBe(jwk.kid);
    const result = decodeFrame(frame, (kid) => (kid === jwk.kid ? key : undefined));
    expect(result).toMatchObject({ ok: true, body: EXAMPLE_BODIES.death });
  });
});
