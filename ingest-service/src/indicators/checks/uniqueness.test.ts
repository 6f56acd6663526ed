import { describe, expect, it } from "vitest";
import { checkFingerprintUniqueness } from "./uniqueness.js";

const device = (id: string, fingerprint?: string, enterprise = "acme") => ({
  id,
  enterprise,
  ...(fingerprint === undefined ? {} : { fingerprint }),
});

describe("checkFingerprintUniqueness (INDICATORS §5 uniqueness)", () => {
  it("flags both registrations of one machine in the same enterprise", () => {
    const flags = checkFingerprintUniqueness(
      [device("lathe-1", "sha256:aa"), device("lathe-1b", "sha256:aa")],
      [],
    );
    expect(flags.map((f) => [f.device, f.code, f.severity])).toEqual([
      ["lathe-1", "UNIQUENESS_FINGERPRINT_DUPLICATE", "failure"],
      ["lathe-1b", "UNIQUENESS_FINGERPRINT_DUPLICATE", "failure"],
    ]);
    expect(flags[0]?.reason).toContain('"lathe-1b"');
    expect(flags[0]?.data).toEqual({
      fingerprint: "sha256:aa",
      others: [{ device: "lathe-1b", enterprise: "acme", fingerprint: "sha256:aa" }],
    });
  });

  it("flags a machine also registered under another enterprise", () => {
    const flags = checkFingerprintUniqueness(
      [device("lathe-1", "88.123.99/lathe-1")],
      [{ device: "cnc-7", enterprise: "other-co", fingerprint: "88.123.99/lathe-1" }],
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ code: "UNIQUENESS_FINGERPRINT_OTHER_ENTERPRISE", device: "lathe-1" });
    expect(flags[0]?.reason).toContain('"cnc-7" of enterprise "other-co"');
  });

  it("passes distinct fingerprints, devices without one, and a peer list that repeats the device itself", () => {
    expect(
      checkFingerprintUniqueness(
        [
          device("lathe-1", "sha256:aa"),
          device("lathe-2", "sha256:bb"),
          device("lathe-3"),
          device("lathe-4"),
        ],
        [{ device: "lathe-1", enterprise: "acme", fingerprint: "sha256:aa" }],
      ),
    ).toEqual([]);
  });
});
