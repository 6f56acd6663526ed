import { describe, expect, it } from "vitest";
import { type EvidenceFacts, evidenceLevel } from "./evidence-level.js";
import { makeFlag } from "./flags.js";
import { DEFAULT_PARAMS } from "./params.js";

const blocking = DEFAULT_PARAMS.evidence.blockingChecks;
const facts = (overrides: Partial<EvidenceFacts> = {}): EvidenceFacts => ({
  device: "lathe-1",
  sentValidTelemetry: true,
  fingerprintRead: true,
  flags: [],
  challengePassed: true,
  challenged: true,
  ...overrides,
});
const flag = (code: Parameters<typeof makeFlag>[0]) => makeFlag(code, "lathe-1", "reason", {});

describe("evidenceLevel (INDICATORS §4)", () => {
  it("reaches live-verified with every requirement met", () => {
    const evidence = evidenceLevel(facts(), blocking);
    expect(evidence.level).toBe("live-verified");
    expect(evidence.requirements.every((r) => r.met)).toBe(true);
  });

  it("stops at declared without frames, and at declared without a fingerprint read from the device", () => {
    expect(evidenceLevel(facts({ sentValidTelemetry: false }), blocking).level).toBe("declared");
    expect(evidenceLevel(facts({ fingerprintRead: false }), blocking).level).toBe("declared");
  });

  it("stops at connected on a failed plausibility, uniqueness or replay check, naming it", () => {
    for (const code of [
      "PLAUSIBILITY_PERIODIC_SIGNAL",
      "UNIQUENESS_FINGERPRINT_DUPLICATE",
      "REPLAY_SEQ_REPEATED",
    ] as const) {
      const evidence = evidenceLevel(facts({ flags: [flag(code)] }), blocking);
      expect(evidence.level).toBe("connected");
      expect(evidence.blockingFlags).toEqual([code]);
    }
  });

  it("holds a device whose last challenge failed below consistent, naming the failure (INDICATORS §4)", () => {
    for (const code of [
      "LIVENESS_NO_REPLY",
      "LIVENESS_STALE_VALUES",
      "LIVENESS_INCONSISTENT_WITH_STREAM",
    ] as const) {
      const evidence = evidenceLevel(facts({ flags: [flag(code)], challengePassed: false }), blocking);
      expect(evidence.level).toBe("connected");
      expect(evidence.blockingFlags).toEqual([code]);
      expect(evidence.requirements.find((r) => r.requirement === "NO_FAILED_CHALLENGE")).toEqual({
        level: "consistent",
        requirement: "NO_FAILED_CHALLENGE",
        met: false,
        detail: `the last challenge failed: ${code}`,
      });
    }
    // A later challenge that passed leaves no liveness failure: the device is back at the top.
    expect(evidenceLevel(facts(), blocking).level).toBe("live-verified");
  });

  it("is consistent but not live-verified without a passed challenge", () => {
    const evidence = evidenceLevel(facts({ challengePassed: false, challenged: false }), blocking);
    expect(evidence.level).toBe("consistent");
    expect(evidence.requirements.at(-1)).toMatchObject({
      met: false,
      detail: "not challenged in the period",
    });
  });

  it("caps at consistent an OPC UA device that announced no certificate and passed its challenge without a proof", () => {
    const evidence = evidenceLevel(
      facts({ identitySource: "opcua-machine-tool-identification", isUnprovableOpcua: true }),
      blocking,
    );
    expect(evidence.level).toBe("consistent");
    expect(evidence.blockingFlags).toEqual([]);
    expect(evidence.requirements.at(-1)).toEqual({
      level: "live-verified",
      requirement: "DEVICE_PROOF_POSSIBLE",
      met: false,
      detail:
        "an OPC UA device that announced no server certificate cannot prove itself in a challenge: at most consistent",
    });
    // Any other device's requirements are as they were: the cap is not listed.
    const other = evidenceLevel(facts({ isUnprovableOpcua: false }), blocking);
    expect(other.requirements.map((r) => r.requirement)).not.toContain("DEVICE_PROOF_POSSIBLE");
    expect(other.level).toBe("live-verified");
  });

  it("does not let info and warning flags, or non-blocking checks, lower the level", () => {
    const flags = [
      flag("MAPPING_PROMOTED_TO_PRODUCTION"),
      flag("LIVENESS_DEVICE_CLOCK_SKEW"),
      flag("MAPPING_CHANGED"),
    ];
    expect(evidenceLevel(facts({ flags }), blocking).level).toBe("live-verified");
  });

  it("follows INDICATORS §4 to the letter when replay is removed from the blocking checks", () => {
    const evidence = evidenceLevel(facts({ flags: [flag("REPLAY_SEQ_REPEATED")] }), [
      "uniqueness",
      "plausibility",
    ]);
    expect(evidence.level).toBe("live-verified");
  });

  it("never skips a level: a passed challenge does not lift a device with a failed check", () => {
    const evidence = evidenceLevel(facts({ flags: [flag("PLAUSIBILITY_OUT_OF_RANGE")] }), blocking);
    expect(evidence.level).toBe("connected");
  });

  it("holds data from an unsigned source (Sparkplug B) at connected, with the reason, whatever else holds (issue 20)", () => {
    const evidence = evidenceLevel(facts({ identitySource: "sparkplug-b" }), blocking);
    expect(evidence.level).toBe("connected");
    expect(evidence.unsignedSource).toBe("sparkplug-b");
    const signed = evidence.requirements.find((r) => r.requirement === "SIGNED_SOURCE");
    expect(signed).toMatchObject({ level: "consistent", met: false });
    expect(signed?.detail).toContain("unsigned source: Sparkplug B");
    expect(evidence.countsAsVerified).toBe(false);
  });

  it("counts an otherwise consistent unsigned device as verified only under policy count, never a failing one", () => {
    const clean = evidenceLevel(facts({ identitySource: "sparkplug-b" }), blocking, "count");
    expect(clean).toMatchObject({ level: "connected", countsAsVerified: true });
    const failing = evidenceLevel(
      facts({ identitySource: "sparkplug-b", flags: [flag("PLAUSIBILITY_PERIODIC_SIGNAL")] }),
      blocking,
      "count",
    );
    expect(failing.countsAsVerified).toBe(false);
  });

  it("adds no signature requirement for signed sources, and counts consistent ones as verified", () => {
    const evidence = evidenceLevel(facts(), blocking);
    expect(evidence.requirements.map((r) => r.requirement)).not.toContain("SIGNED_SOURCE");
    expect(evidence.countsAsVerified).toBe(true);
    expect(evidence.unsignedSource).toBeUndefined();
  });
});
