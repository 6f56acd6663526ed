import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toWireBody } from "../messages/versions.js";
import { denseDataBody, ISSUE_16_SHAPE } from "../testing/frame-shape.js";
import { encodeFrame } from "./encode.js";
import { generateGatewayKey } from "./keys.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

// Issue 16's target: a data frame of 10 devices × 20 times × 10 numeric signals takes at most
// 15 bytes per value on the wire, envelope and signature included. Sizes are deterministic (the
// shape is seeded; every kid is 43 chars), so the README's figures are checked too.
describe("frame size for issue 16's shape (2,000 values)", () => {
  const key = generateGatewayKey();
  const body = denseDataBody(ISSUE_16_SHAPE);
  const values = 2_000;
  const perValue = (frame: Buffer) => (frame.byteLength / values).toFixed(1);
  const v1 = encodeFrame(body, key);
  const v2 = encodeFrame(toWireBody(body, 2), key);

  it("is at most 15 bytes per value in version 2", () => {
    expect(v2.byteLength / values).toBeLessThanOrEqual(15);
  });

  it("is what the README says, for both versions", () => {
    const cells = (version: number) =>
      new RegExp(`^\\| ${version} +\\| ([\\d,]+) +\\| ([\\d.]+) +\\|$`, "m").exec(readme)?.slice(1);
    expect(cells(1)).toEqual([v1.byteLength.toLocaleString("en"), perValue(v1)]);
    expect(cells(2)).toEqual([v2.byteLength.toLocaleString("en"), perValue(v2)]);
  });
});
