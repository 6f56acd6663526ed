import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64Url } from "./base64url.js";

describe("decodeBase64Url", () => {
  it("decodes what Node encodes, for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(decodeBase64Url(Buffer.from(bytes).toString("base64url"))).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it.each([
    ["padding", "YQ=="],
    ["the standard alphabet's +", "a+b/"],
    ["whitespace", "YW Jj"],
    ["an impossible length", "YWJjZ"],
    ["non-zero unused bits after one byte", "YR"],
    ["non-zero unused bits after two bytes", "YWJ"],
  ])("rejects text with %s, so one content has one encoding", (_what, text) => {
    expect(decodeBase64Url(text)).toBeUndefined();
  });

  it("accepts the canonical forms of those tails", () => {
    expect(decodeBase64Url("YQ")?.toString()).toBe("a");
    expect(decodeBase64Url("YWI")?.toString()).toBe("ab");
    expect(decodeBase64Url("")?.length).toBe(0);
  });
});
