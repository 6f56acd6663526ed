import { describe, expect, it } from "vitest";
import { IDENTITY_RETRY_MAX_MS, identityRetryDelayMs } from "./identity-retry.js";

describe("identityRetryDelayMs", () => {
  it("retries a failed identity read after 2 s, then doubles the wait", () => {
    expect([0, 1, 2, 3, 4].map(identityRetryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  it("never waits more than a minute, however many reads failed", () => {
    expect(identityRetryDelayMs(5)).toBe(IDENTITY_RETRY_MAX_MS);
    expect(identityRetryDelayMs(1_000)).toBe(IDENTITY_RETRY_MAX_MS);
  });
});
