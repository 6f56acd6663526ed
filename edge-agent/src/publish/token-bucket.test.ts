import { describe, expect, it } from "vitest";
import { TokenBucket } from "./token-bucket.js";

describe("catch-up rate", () => {
  it("allows a one-second burst, then one frame per 1/rate seconds", () => {
    const bucket = new TokenBucket(10, 0);
    let sent = 0;
    while (bucket.tryTake(0)) sent += 1;
    expect(sent).toBe(10);
    expect(bucket.waitMs(0)).toBe(100);
    expect(bucket.tryTake(50)).toBe(false);
    expect(bucket.tryTake(100)).toBe(true);
    expect(bucket.tryTake(100)).toBe(false);
  });
});
