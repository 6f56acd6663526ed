import { describe, expect, it } from "vitest";
import {
  cncDevice,
  emptyInput,
  frameEvents,
  HOUR,
  MINUTE,
  MONDAY,
} from "../../../test/indicator-scenarios/fixtures.js";
import { computeEnterpriseReport } from "../enterprise-report.js";
import type { ChallengeResult, IdentityChange, NameplateConfirmation } from "../inputs.js";
import { DEFAULT_PARAMS, resolveParams } from "../params.js";
import {
  auditIdentityChanges,
  CHALLENGE_IDENTITY_CHANGED,
  checkNameplateConfirmed,
} from "./identity-changes.js";

const change = (at: number, previous: string | null, next: string, gateway = "gw-1"): IdentityChange => ({
  device: "lathe-1",
  at,
  gateway,
  previousFingerprint: previous,
  fingerprint: next,
  previousSource: previous === null ? null : "modbus-serial-register",
  source: "modbus-serial-register",
});
const period = { from: 1_000, to: 100_000 };
const params = DEFAULT_PARAMS.identity;

describe("auditIdentityChanges (identity audit trail, issue 14)", () => {
  it("does not count the device's first fingerprint as a change", () => {
    const audit = auditIdentityChanges("lathe-1", [change(2_000, null, "fp-A")], [], period, params);
    expect(audit.changes).toEqual([]);
    expect(audit.flags).toEqual([]);
  });

  it("warns once, with old and new fingerprints, time and gateway, when a machine is replaced", () => {
    const audit = auditIdentityChanges(
      "lathe-1",
      [change(2_000, null, "fp-A"), change(50_000, "fp-A", "fp-B", "gw-2")],
      [],
      period,
      params,
    );
    expect(audit.flags.map((f) => [f.code, f.severity])).toEqual([["IDENTITY_CHANGED", "warning"]]);
    expect(audit.flags[0]?.data).toMatchObject({
      previousFingerprint: "fp-A",
      fingerprint: "fp-B",
      at: 50_000,
      gateway: "gw-2",
    });
    expect(audit.flags[0]?.reason).toContain('gateway "gw-2"');
  });

  it("fails the second change in a period: A→B→A is two machines swapped under one id", () => {
    // Hand-worked: changes at 10 000 (A→B) and 20 000 (B→A); maxChanges 1 → 2 > 1 fails.
    const audit = auditIdentityChanges(
      "lathe-1",
      [change(20_000, "fp-B", "fp-A"), change(10_000, "fp-A", "fp-B")],
      [],
      period,
      params,
    );
    expect(audit.changes.map((c) => c.at)).toEqual([10_000, 20_000]);
    expect(audit.flags.map((f) => [f.code, f.severity])).toEqual([
      ["IDENTITY_CHANGED", "warning"],
      ["IDENTITY_CHANGED", "warning"],
      ["IDENTITY_REPEATED_CHANGES", "failure"],
    ]);
    expect(audit.flags[2]?.data).toEqual({
      changes: 2,
      maxChanges: 1,
      fingerprints: ["fp-A", "fp-B"],
      times: [10_000, 20_000],
      challengeReports: [],
    });
  });

  it("fails a swap on every reconnection over a day, and leaves changes outside the period alone", () => {
    // Six reconnections, each with the other machine; one before the period does not count.
    const swaps = [500, 10_000, 20_000, 30_000, 40_000, 50_000].map((at, i) =>
      change(at, i % 2 === 0 ? "fp-A" : "fp-B", i % 2 === 0 ? "fp-B" : "fp-A"),
    );
    const audit = auditIdentityChanges("lathe-1", swaps, [], period, params);
    expect(audit.changes).toHaveLength(5);
    expect(audit.flags.at(-1)?.data).toMatchObject({ changes: 5 });
  });

  it("takes the allowed number of changes from params (maxChanges 2: two changes only warn)", () => {
    const audit = auditIdentityChanges(
      "lathe-1",
      [change(10_000, "fp-A", "fp-B"), change(20_000, "fp-B", "fp-A")],
      [],
      period,
      resolveParams({ identity: { maxChanges: 2 } }).identity,
    );
    expect(audit.flags.map((f) => f.code)).toEqual(["IDENTITY_CHANGED", "IDENTITY_CHANGED"]);
  });

  it("counts a challenge reply reporting a changed identity that no later birth announced", () => {
    const reply = (id: string, at: number): ChallengeResult => ({
      device: "lathe-1",
      id,
      issuedAt: at - 100,
      nonce: "n",
      deadlineMs: 5_000,
      reply: {
        receivedAt: at,
        signatureValid: true,
        ok: false,
        nonce: "n",
        samples: [],
        error: { code: CHALLENGE_IDENTITY_CHANGED, message: "device identity changed from fp-A to fp-B" },
      },
    });
    // Reply at 5 000 is explained by the birth at 6 000; the reply at 30 000 is not.
    const audit = auditIdentityChanges(
      "lathe-1",
      [change(6_000, "fp-A", "fp-B")],
      [reply("c-1", 5_000), reply("c-2", 30_000)],
      period,
      params,
    );
    expect(audit.unexplainedChallengeReports).toEqual([{ id: "c-2", at: 30_000 }]);
    expect(audit.flags.at(-1)).toMatchObject({
      code: "IDENTITY_REPEATED_CHANGES",
      data: { changes: 2, challengeReports: [{ id: "c-2", at: 30_000 }] },
    });
  });
});

describe("checkNameplateConfirmed (nameplate serial confirmed at enrollment)", () => {
  const confirmed: NameplateConfirmation = {
    device: "press-1",
    gateway: "gw-1",
    serial: "PR-0042",
    fingerprint: "sha256:np-42",
    confirmedAt: 500,
  };
  const press = (fingerprint: string, identitySource = "nameplate") => ({
    id: "press-1",
    fingerprint,
    identitySource,
  });

  it("accepts the fingerprint the enrollment confirmed", () => {
    expect(checkNameplateConfirmed(press("sha256:np-42"), [confirmed])).toEqual([]);
  });

  it("fails a nameplate fingerprint that no enrollment confirmed", () => {
    const flags = checkNameplateConfirmed(press("sha256:np-42"), []);
    expect(flags.map((f) => [f.code, f.severity])).toEqual([["IDENTITY_NAMEPLATE_UNCONFIRMED", "failure"]]);
    expect(flags[0]?.reason).toContain("no enrollment");
  });

  it("fails a serial changed after enrollment, naming the confirmed one", () => {
    const flags = checkNameplateConfirmed(press("sha256:np-43"), [confirmed]);
    expect(flags[0]?.reason).toContain('serial "PR-0042" by gateway "gw-1"');
    expect(flags[0]?.data).toEqual({ fingerprint: "sha256:np-43", confirmed: [{ ...confirmed }] });
  });

  it("leaves identities read from the device to the other checks", () => {
    expect(checkNameplateConfirmed(press("sha256:x", "modbus-serial-register"), [])).toEqual([]);
  });
});

describe("identity in the enterprise report", () => {
  const period = { from: MONDAY, to: MONDAY + 24 * HOUR };
  const online = frameEvents("lathe-1", MONDAY - HOUR, MONDAY + 24 * HOUR, MINUTE);

  it("keeps a device whose identity swaps twice from consistent, and reports the changes", () => {
    const report = computeEnterpriseReport(
      emptyInput({
        period,
        devices: [cncDevice("lathe-1", { fingerprint: "fp-A" })],
        presence: online,
        identityChanges: [change(MONDAY + HOUR, "fp-A", "fp-B"), change(MONDAY + 2 * HOUR, "fp-B", "fp-A")],
      }),
    );
    const device = report.devices[0];
    expect(device?.identityChanges).toHaveLength(2);
    expect(device?.evidence.level).toBe("connected");
    expect(device?.evidence.blockingFlags).toEqual(["IDENTITY_REPEATED_CHANGES"]);
  });

  it("lets one replacement through as a warning: the device stays consistent", () => {
    const report = computeEnterpriseReport(
      emptyInput({
        period,
        devices: [cncDevice("lathe-1", { fingerprint: "fp-B" })],
        presence: online,
        identityChanges: [change(MONDAY + HOUR, "fp-A", "fp-B")],
      }),
    );
    expect(report.devices[0]?.evidence.level).toBe("consistent");
    expect(report.flags.map((f) => f.code)).toEqual(["IDENTITY_CHANGED"]);
  });

  it("says a confirmed nameplate identity is weaker than a device read, and refuses an unconfirmed one", () => {
    const nameplated = cncDevice("lathe-1", { fingerprint: "sha256:np-1", identitySource: "nameplate" });
    const confirmation = {
      device: "lathe-1",
      gateway: "gw-1",
      serial: "S-1",
      fingerprint: "sha256:np-1",
      confirmedAt: MONDAY - HOUR,
    };
    const withConfirmation = computeEnterpriseReport(
      emptyInput({ period, devices: [nameplated], presence: online, nameplates: [confirmation] }),
    );
    const requirement = (r: typeof withConfirmation) =>
      r.devices[0]?.evidence.requirements.find((q) => q.requirement === "FINGERPRINT_READ");
    expect(withConfirmation.devices[0]?.evidence.level).toBe("consistent");
    expect(requirement(withConfirmation)?.detail).toContain("weaker than a read from the device");
    const without = computeEnterpriseReport(emptyInput({ period, devices: [nameplated], presence: online }));
    expect(without.devices[0]?.evidence.level).toBe("declared");
    expect(requirement(without)).toMatchObject({ met: false });
  });
});
