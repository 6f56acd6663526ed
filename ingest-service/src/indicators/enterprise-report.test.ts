import { describe, expect, it } from "vitest";
import {
  cncDevice,
  DAY,
  emptyInput,
  frameEvents,
  HOUR,
  local,
  MINUTE,
  MONDAY,
  meterDevice,
  SECOND,
} from "../../test/indicator-scenarios/fixtures.js";
import { canonicalReportJson, computeEnterpriseReport } from "./enterprise-report.js";
import type { EnterpriseInput, HourlyLedgerRow, SignalSeries } from "./inputs.js";
import { resolveParams } from "./params.js";

/** Ledger rows meeting every heartbeat of five 60 s signals: 300 samples per online hour. */
function fullLedger(
  device: string,
  fromHour: number,
  toHour: number,
  tailMinutes: number,
): HourlyLedgerRow[] {
  const rows: HourlyLedgerRow[] = [];
  for (let h = fromHour; h < toHour; h++) {
    rows.push({
      device,
      hourStart: MONDAY + h * HOUR,
      frames: 120,
      samples: 300,
      gaps: 0,
      duplicates: 0,
      rejections: 0,
    });
  }
  rows.push({
    device,
    hourStart: MONDAY + toHour * HOUR,
    frames: 1,
    samples: 5 * tailMinutes,
    gaps: 0,
    duplicates: 0,
    rejections: 0,
  });
  return rows;
}

/** ACTIVE each minute from 08:00 to 12:59, READY from 13:00 to 17:59; every other sample 0.5 s late. */
const execution: SignalSeries = {
  device: "lathe-1",
  signal: "execution",
  role: "execution",
  points: Array.from({ length: 600 }, (_, i) => ({
    t: local(0, "08:00") + i * MINUTE + (i % 2) * 500,
    v: i < 300 ? "ACTIVE" : "READY",
    q: "good" as const,
  })),
};

/**
 * Monday, working hours 08:00–18:00 (10 h). lathe-1 online 08:00–18:03; lathe-2 registered at
 * 13:00 and online from then; press-1 never sent anything; meter-1 is not production equipment;
 * old-1 was retired the week before.
 */
function acme(): EnterpriseInput {
  return emptyInput({
    devices: [
      cncDevice("lathe-1"),
      cncDevice("lathe-2", { registeredAt: local(0, "13:00") }),
      cncDevice("press-1", {
        class: "press",
        keyProcess: false,
        declaredNetworked: false,
        declaredCnc: false,
      }),
      meterDevice("meter-1"),
      cncDevice("old-1", { retiredAt: MONDAY - 7 * DAY }),
    ],
    presence: [
      ...frameEvents("lathe-1", local(0, "08:00"), local(0, "18:00") + 1, 30 * SECOND),
      ...frameEvents("lathe-2", local(0, "13:00"), local(0, "18:00") + 1, 30 * SECOND),
    ],
    // lathe-1: 08–17 full hours, 3 min into 18:00; lathe-2: 13–17, 3 min into 18:00.
    ledger: [...fullLedger("lathe-1", 8, 18, 3), ...fullLedger("lathe-2", 13, 18, 3)],
    series: [execution],
  });
}

describe("computeEnterpriseReport", () => {
  const report = computeEnterpriseReport(acme());

  it("reports the period's devices and leaves out the one retired before it", () => {
    expect(report.devices.map((d) => d.device)).toEqual(["lathe-1", "lathe-2", "meter-1", "press-1"]);
    expect(report.notInPeriod).toEqual(["old-1"]);
    expect(report.workingMs).toBe(10 * HOUR);
  });

  it("judges a device added mid-period on the working hours since it was added", () => {
    const lathe2 = report.devices.find((d) => d.device === "lathe-2");
    expect(lathe2?.window).toEqual({ from: local(0, "13:00"), to: MONDAY + DAY });
    expect(lathe2?.onCloud).toMatchObject({
      workingMs: 5 * HOUR,
      onlineShare: 1,
      completeness: 1,
      onCloud: true,
    });
  });

  it("computes §2.1 networking over all production equipment, declared and verified", () => {
    expect(report.rates.networking.declared).toMatchObject({
      numeratorDevices: ["lathe-1", "lathe-2"],
      denominatorDevices: ["lathe-1", "lathe-2", "press-1"],
      sme: { band: "(60,100]", points: 6 },
    });
    expect(report.rates.networking.verified).toMatchObject({
      numeratorDevices: ["lathe-1", "lathe-2"],
      value: 2 / 3,
    });
  });

  it("computes §2.2 digitalisation, verified by the telemetry sent", () => {
    expect(report.rates.digitalisation.declared.value).toBe(1);
    expect(report.rates.digitalisation.verified).toMatchObject({
      numeratorDevices: ["lathe-1", "lathe-2"],
      value: 2 / 3,
    });
  });

  it("computes §2.3 over key-process equipment: only lathe-1 shows ACTIVE", () => {
    expect(report.rates.cnc.declared).toMatchObject({ value: 1, denominatorDevices: ["lathe-1", "lathe-2"] });
    expect(report.rates.cnc.verified).toMatchObject({ value: 0.5, numeratorDevices: ["lathe-1"] });
  });

  it("computes §2.4 utilisation as 5 h ACTIVE over 10 h 3 min online", () => {
    const lathe1 = report.devices.find((d) => d.device === "lathe-1");
    expect(lathe1?.utilisation).toMatchObject({
      activeMs: 5 * HOUR,
      onlineMs: 603 * MINUTE,
      value: 300 / 603,
    });
    expect(report.utilisation).toEqual({ value: 300 / 603, reason: null, devices: ["lathe-1"] });
  });

  it("computes §2.5 completeness, pooled over the devices with online time", () => {
    expect(report.devices.find((d) => d.device === "lathe-1")?.completeness.value).toBe(1);
    expect(report.completeness).toEqual({ value: 1, reason: null });
  });

  it("gives each device its §4 level with no flag raised", () => {
    expect(report.flags).toEqual([]);
    expect(report.devices.map((d) => [d.device, d.evidence.level])).toEqual([
      ["lathe-1", "consistent"],
      ["lathe-2", "consistent"],
      ["meter-1", "declared"],
      ["press-1", "declared"],
    ]);
    expect(report.evidenceLevels).toEqual({ declared: 2, connected: 0, consistent: 2, "live-verified": 0 });
  });

  it("lists beside every verified rate the devices it left out, and why (INDICATORS §4)", () => {
    const reasons = (rate: {
      leftOut: readonly { device: string; reasons: readonly { code: string }[] }[];
    }) => rate.leftOut.map((d) => [d.device, d.reasons.map((r) => r.code)]);
    expect(reasons(report.rates.networking.verified)).toEqual([["press-1", ["NEVER_SENT_DATA"]]]);
    expect(reasons(report.rates.digitalisation.verified)).toEqual([["press-1", ["NEVER_SENT_DATA"]]]);
    expect(reasons(report.rates.cnc.verified)).toEqual([
      ["lathe-2", ["NO_CONTROLLER_STATE", "NEVER_ACTIVE"]],
    ]);
  });

  it("drops a device whose last challenge failed from every verified rate, until a later one passes", () => {
    const issuedAt = local(0, "10:00");
    const noReply = {
      device: "lathe-1",
      id: "c-1",
      issuedAt,
      nonce: "n-1",
      deadlineMs: 10_000,
      reply: null,
    };
    const passed = {
      device: "lathe-1",
      id: "c-2",
      issuedAt: issuedAt + 20 * MINUTE,
      nonce: "n-2",
      deadlineMs: 10_000,
      reply: {
        receivedAt: issuedAt + 20 * MINUTE + 400,
        signatureValid: true,
        ok: true,
        nonce: "n-2",
        samples: [{ s: "execution", t: issuedAt + 20 * MINUTE + 100, v: "ACTIVE", q: "good" as const }],
      },
    };
    const failedLast = computeEnterpriseReport({
      ...acme(),
      challenges: [passed, { ...noReply, issuedAt: issuedAt + HOUR }],
    });
    const lathe1 = failedLast.devices.find((d) => d.device === "lathe-1");
    expect(lathe1?.evidence).toMatchObject({ level: "connected", blockingFlags: ["LIVENESS_NO_REPLY"] });
    expect(failedLast.rates.networking.verified.numeratorDevices).toEqual(["lathe-2"]);
    expect(failedLast.rates.cnc.verified).toMatchObject({ value: 0, numerator: 0 });
    expect(failedLast.rates.cnc.verified.leftOut[0]).toMatchObject({
      device: "lathe-1",
      level: "connected",
      reasons: [{ code: "BELOW_CONSISTENT", detail: "only connected: LIVENESS_NO_REPLY" }],
    });
    const passedLater = computeEnterpriseReport({ ...acme(), challenges: [noReply, passed] });
    expect(passedLater.devices.find((d) => d.device === "lathe-1")?.evidence.level).toBe("live-verified");
    expect(passedLater.rates.cnc.verified).toMatchObject({ value: 0.5, numeratorDevices: ["lathe-1"] });
  });

  it("embeds the params it used, so a verifier recomputes with the same ones", () => {
    const strict = resolveParams({
      onCloud: { minOnlineShare: 0.99 },
      presence: { staleAfterHeartbeats: 5 },
    });
    const custom = computeEnterpriseReport(acme(), strict);
    expect(custom.params.onCloud).toEqual({ minOnlineShare: 0.99, minCompleteness: 0.9 });
    // k = 5: lathe-1 stays online 5 min after its last frame.
    expect(custom.devices[0]?.utilisation.onlineMs).toBe(605 * MINUTE);
  });

  it("has no rates but reasons for an enterprise with only a meter, in a period without working hours", () => {
    const saturday = { from: MONDAY + 5 * DAY, to: MONDAY + 6 * DAY };
    const empty = computeEnterpriseReport(
      emptyInput({ period: saturday, devices: [meterDevice("meter-1")] }),
    );
    expect(empty.workingMs).toBe(0);
    expect(empty.rates.networking.verified.reason?.code).toBe("NO_PRODUCTION_EQUIPMENT");
    expect(empty.rates.cnc.verified.reason?.code).toBe("NO_KEY_PROCESS_EQUIPMENT");
    expect(empty.utilisation.reason?.code).toBe("NO_DEVICE_WITH_UTILISATION");
    const lathe = computeEnterpriseReport(emptyInput({ period: saturday, devices: [cncDevice("lathe-1")] }));
    expect(lathe.rates.networking.verified).toMatchObject({
      value: null,
      reason: { code: "NO_WORKING_TIME" },
    });
    expect(lathe.devices[0]?.onCloud.onCloud).toBeNull();
  });

  it("is a pure function of its input: same text for shuffled input arrays", () => {
    const input = acme();
    const shuffled: EnterpriseInput = {
      ...input,
      devices: [...input.devices].reverse(),
      presence: [...input.presence].reverse(),
      ledger: [...input.ledger].reverse(),
    };
    expect(canonicalReportJson(computeEnterpriseReport(shuffled))).toBe(canonicalReportJson(report));
  });

  it("is JSON through and through: parsing its canonical text gives the report back", () => {
    expect(JSON.parse(canonicalReportJson(report))).toStrictEqual(JSON.parse(JSON.stringify(report)));
    expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report);
  });
});
