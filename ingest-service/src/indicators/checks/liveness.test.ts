import { readFileSync } from "node:fs";
import type { OpcuaSessionProof } from "@onramp/contract";
import { describe, expect, it } from "vitest";
import {
  cncDevice,
  HOUR,
  MINUTE,
  MONDAY,
  meterDevice,
  SECOND,
} from "../../../test/indicator-scenarios/fixtures.js";
import type { ChallengeResult, DeviceRecord, SignalSeries } from "../inputs.js";
import { DEFAULT_PARAMS } from "../params.js";
import { checkLiveness } from "./liveness.js";

/**
 * A real proof: recorded from the agent's OPC UA driver against the Onramp PLC simulator
 * (node-opcua server, Sign/Aes256_Sha256_RsaPss) for `nonce`; `certificateSha256` is the
 * thumbprint the driver's identity (the birth) announced. The agent's own test
 * (edge-agent/src/drivers/opcua/device-proof.test.ts) makes fresh ones under every policy.
 */
const recorded = JSON.parse(
  readFileSync(new URL("../../../test/indicator-scenarios/opcua-device-proof.json", import.meta.url), "utf8"),
) as { nonce: string; certificateSha256: string; deviceProof: OpcuaSessionProof };

const lathe = cncDevice("lathe-1");
const T = MONDAY + HOUR;
const period = { from: MONDAY, to: MONDAY + 2 * HOUR };
const NONCE = "nonce-0123456789abcdef";
const stream: SignalSeries[] = [
  {
    device: "lathe-1",
    signal: "spindle_speed",
    role: "spindle_speed",
    points: Array.from({ length: 30 }, (_, i) => ({
      t: T - 150 * SECOND + i * 10 * SECOND,
      v: 1190 + (i % 3) * 10,
      q: "good",
    })),
  },
  {
    device: "lathe-1",
    signal: "execution",
    role: "execution",
    points: [{ t: T - 30 * SECOND, v: "ACTIVE", q: "good" }],
  },
];

function challenge(
  overrides: Partial<ChallengeResult> = {},
  reply: Partial<NonNullable<ChallengeResult["reply"]>> = {},
): ChallengeResult {
  return {
    device: "lathe-1",
    id: "c-1",
    issuedAt: T,
    nonce: NONCE,
    deadlineMs: 30 * SECOND,
    reply: {
      receivedAt: T + 800,
      signatureValid: true,
      ok: true,
      nonce: NONCE,
      samples: [
        { s: "spindle_speed", v: 1201, q: "good", t: T + 500 },
        { s: "execution", v: "ACTIVE", q: "good", t: T + 500 },
      ],
      ...reply,
    },
    ...overrides,
  };
}
const check = (challenges: ChallengeResult[], series = stream) =>
  checkLiveness(lathe, challenges, series, period, DEFAULT_PARAMS.liveness, DEFAULT_PARAMS.presence);
const codes = (challenges: ChallengeResult[], series = stream) =>
  check(challenges, series).flags.map((f) => f.code);

describe("checkLiveness (INDICATORS §5 liveness)", () => {
  it("passes a fresh, signed, prompt reply that matches the stream", () => {
    expect(check([challenge()])).toEqual({
      challenge: { id: "c-1", issuedAt: T, roundTripMs: 800 },
      passed: true,
      flags: [],
      deviceProof: { status: "absent", reason: "the reply carries no device proof" },
    });
  });

  it("has no result, and no flag, for a device that was not challenged in the period", () => {
    expect(check([challenge({ issuedAt: MONDAY - 1 })])).toEqual({
      challenge: null,
      passed: false,
      flags: [],
      deviceProof: null,
    });
  });

  it("fails a challenge with no reply", () => {
    expect(codes([challenge({ reply: null })])).toEqual(["LIVENESS_NO_REPLY"]);
  });

  it("fails an unsigned reply without looking at its content", () => {
    expect(codes([challenge({}, { signatureValid: false, nonce: "other-nonce-000000" })])).toEqual([
      "LIVENESS_BAD_SIGNATURE",
    ]);
  });

  it("fails a reply that does not echo the nonce", () => {
    expect(codes([challenge({}, { nonce: "another-nonce-00000" })])).toEqual(["LIVENESS_NONCE_MISMATCH"]);
  });

  it("fails a reply slower than the bound, or than the cmd's own shorter deadline", () => {
    expect(codes([challenge({}, { receivedAt: T + 11 * SECOND })])).toEqual(["LIVENESS_SLOW_REPLY"]);
    expect(codes([challenge({ deadlineMs: 500 })])).toEqual(["LIVENESS_SLOW_REPLY"]);
  });

  it("fails values read before the challenge, or no values at all", () => {
    const old = [{ s: "spindle_speed", v: 1200, q: "good" as const, t: T - 6 * SECOND }];
    expect(codes([challenge({}, { samples: old })])).toEqual(["LIVENESS_STALE_VALUES"]);
    expect(codes([challenge({}, { samples: [] })])).toEqual(["LIVENESS_STALE_VALUES"]);
  });

  it("fails fresh values that contradict the stream", () => {
    const result = check([
      challenge(
        {},
        {
          samples: [
            { s: "spindle_speed", v: 3000, q: "good", t: T + 500 },
            { s: "execution", v: "STOPPED", q: "good", t: T + 500 },
          ],
        },
      ),
    ]);
    expect(result.passed).toBe(false);
    expect(result.flags.map((f) => f.code)).toEqual(["LIVENESS_INCONSISTENT_WITH_STREAM"]);
    expect(result.flags[0]?.reason).toContain("spindle_speed: the reply says 3000, the stream 1190..1210");
    expect(result.flags[0]?.reason).toContain("execution: the reply says STOPPED, the stream never did");
  });

  it("accepts a value just outside the stream's range within the tolerance", () => {
    // scale = max(20, 1190, 1210) = 1210; 5 % of it is 60.5.
    expect(
      codes([challenge({}, { samples: [{ s: "spindle_speed", v: 1270, q: "good", t: T + 500 }] })]),
    ).toEqual([]);
    expect(
      codes([challenge({}, { samples: [{ s: "spindle_speed", v: 1271, q: "good", t: T + 500 }] })]),
    ).toEqual(["LIVENESS_INCONSISTENT_WITH_STREAM"]);
  });

  it("fails a device answering challenges while its stream is silent", () => {
    expect(codes([challenge()], [])).toEqual(["LIVENESS_INCONSISTENT_WITH_STREAM"]);
  });

  it("fails a reply with ok: false, with the gateway's error code", () => {
    const result = check([
      challenge({}, { ok: false, samples: [], error: { code: "ONRAMP_MODBUS_TIMEOUT", message: "timeout" } }),
    ]);
    expect(result.flags.map((f) => [f.code, f.data.error])).toEqual([
      ["LIVENESS_REPLY_ERROR", "ONRAMP_MODBUS_TIMEOUT"],
    ]);
  });

  it("warns about a skewed device clock without failing the challenge", () => {
    const result = check([challenge({}, { deviceClock: T + 400 + 2 * 60 * SECOND })]);
    expect(result.passed).toBe(true);
    expect(result.flags.map((f) => [f.code, f.severity])).toEqual([
      ["LIVENESS_DEVICE_CLOCK_SKEW", "warning"],
    ]);
  });

  it("judges the last challenge of the period", () => {
    const earlier = challenge(
      { id: "c-0", issuedAt: T - 10 * 60 * SECOND },
      { receivedAt: T - 10 * 60 * SECOND + 500 },
    );
    expect(check([challenge({ reply: null }), earlier]).passed).toBe(false);
    expect(check([challenge(), { ...earlier, reply: null }]).passed).toBe(true);
  });
});

describe("checkLiveness: read time, deadband, quality and the last value (issue 14)", () => {
  // A meter whose small current moved within its own deadband: the stream reported 0.40..0.42.
  const meter = meterDevice("meter-1", {
    signals: [
      {
        id: "current_l1",
        role: "other",
        heartbeatMs: 60 * SECOND,
        range: [0, 100],
        deadband: { kind: "absolute", value: 0.05 },
      },
      {
        id: "voltage_l1",
        role: "other",
        heartbeatMs: 60 * SECOND,
        range: [0, 500],
        deadband: { kind: "percentOfRange", value: 1 },
      },
    ],
  });
  const meterStream: SignalSeries[] = [
    {
      device: "meter-1",
      signal: "current_l1",
      role: "other",
      points: [
        { t: T - 90 * SECOND, v: 0.4, q: "good" },
        { t: T - 30 * SECOND, v: 0.42, q: "good" },
      ],
    },
    {
      device: "meter-1",
      signal: "voltage_l1",
      role: "other",
      points: [{ t: T - 60 * SECOND, v: 230, q: "good" }],
    },
  ];
  const meterChallenge = (samples: NonNullable<ChallengeResult["reply"]>["samples"]) =>
    challenge({ device: "meter-1" }, { samples });
  const meterCodes = (samples: NonNullable<ChallengeResult["reply"]>["samples"]) =>
    checkLiveness(
      meter,
      [meterChallenge(samples)],
      meterStream,
      period,
      DEFAULT_PARAMS.liveness,
      DEFAULT_PARAMS.presence,
    ).flags.map((f) => f.code);
  const fresh = (s: string, v: number, q: "good" | "uncertain" | "bad" = "good") => ({
    s,
    v: q === "bad" ? null : v,
    q,
    t: T + 500,
  });

  it("judges freshness on the read time, whatever the device's source timestamp of the last change", () => {
    // An idle spindle last changed two hours ago; the gateway read it 500 ms after the challenge.
    const idle = [
      { s: "spindle_speed", v: 1200, q: "good" as const, t: T + 500, src: T - 2 * HOUR },
      { s: "execution", v: "ACTIVE", q: "good" as const, t: T + 500, src: T - 2 * HOUR },
    ];
    expect(codes([challenge({}, { samples: idle })])).toEqual([]);
    // A read time before the challenge is stale even when the source timestamp claims otherwise.
    const old = [{ s: "spindle_speed", v: 1200, q: "good" as const, t: T - 6 * SECOND, src: T + 400 }];
    expect(codes([challenge({}, { samples: old })])).toEqual(["LIVENESS_STALE_VALUES"]);
  });

  it("allows an absolute deadband as slack when it exceeds the tolerance", () => {
    // 5 % of max(0.02, 0.40, 0.42) = 0.021 would cap at 0.441; the deadband 0.05 allows 0.47.
    expect(meterCodes([fresh("current_l1", 0.46)])).toEqual([]);
    expect(meterCodes([fresh("current_l1", 0.36)])).toEqual([]);
    expect(meterCodes([fresh("current_l1", 0.48)])).toEqual(["LIVENESS_INCONSISTENT_WITH_STREAM"]);
    expect(meterCodes([fresh("current_l1", 0.33)])).toEqual(["LIVENESS_INCONSISTENT_WITH_STREAM"]);
  });

  it("keeps the tolerance when it is wider than a percent-of-range deadband", () => {
    // 1 % of the 0..500 range is 5 V; 5 % of 230 is 11.5 V, the larger: 218.5..241.5 passes.
    expect(meterCodes([fresh("voltage_l1", 241)])).toEqual([]);
    expect(meterCodes([fresh("voltage_l1", 242)])).toEqual(["LIVENESS_INCONSISTENT_WITH_STREAM"]);
  });

  it("compares an uncertain value with twice the slack, a good one with the slack", () => {
    // Stream 1190..1210: slack 5 % of 1210 = 60.5; uncertain: 121, so up to 1331.
    const one = (v: number, q: "good" | "uncertain") =>
      codes([challenge({}, { samples: [fresh("spindle_speed", v, q)] })]);
    expect(one(1330, "uncertain")).toEqual([]);
    expect(one(1332, "uncertain")).toEqual(["LIVENESS_INCONSISTENT_WITH_STREAM"]);
    expect(one(1330, "good")).toEqual(["LIVENESS_INCONSISTENT_WITH_STREAM"]);
  });

  it("takes a bad sample as no evidence either way, and a reply with only bad samples as no values", () => {
    expect(
      codes([challenge({}, { samples: [fresh("spindle_speed", 0, "bad"), fresh("part_count", 0, "bad")] })]),
    ).toEqual(["LIVENESS_STALE_VALUES"]);
    expect(
      codes([
        challenge(
          {},
          { samples: [fresh("spindle_speed", 1200), { s: "part_count", v: null, q: "bad", t: T + 500 }] },
        ),
      ]),
    ).toEqual([]);
  });

  it("compares with the last value before the challenge when the window has no sample", () => {
    // The window is 3 × 60 s around the challenge; the last report came 8 min before it, inside
    // the offline horizon of 10 × 60 s.
    const quiet: SignalSeries[] = [
      {
        device: "lathe-1",
        signal: "spindle_speed",
        role: "spindle_speed",
        points: [
          { t: T - 9 * MINUTE, v: 900, q: "good" },
          { t: T - 8 * MINUTE, v: 1200, q: "good" },
          // A bad sample later still says nothing about the value.
          { t: T - 5 * MINUTE, v: null, q: "bad" },
        ],
      },
    ];
    const one = (v: number) => check([challenge({}, { samples: [fresh("spindle_speed", v)] })], quiet);
    // Slack 5 % of 1200 = 60: 1140..1260.
    expect(one(1250).flags).toEqual([]);
    const off = one(1300);
    expect(off.flags.map((f) => f.code)).toEqual(["LIVENESS_INCONSISTENT_WITH_STREAM"]);
    expect(off.flags[0]?.reason).toContain("the reply says 1300, the last value before the challenge");
    // Only bad samples before, or a last value from before the offline horizon (the device was
    // gone since): the stream cannot vouch for the reply.
    const reply1200 = [challenge({}, { samples: [fresh("spindle_speed", 1200)] })];
    const base = quiet[0] as SignalSeries;
    const onlyBad = [{ ...base, points: [{ t: T - 5 * MINUTE, v: null, q: "bad" as const }] }];
    expect(codes(reply1200, onlyBad)).toEqual(["LIVENESS_INCONSISTENT_WITH_STREAM"]);
    const gone = [{ ...base, points: [{ t: T - 11 * MINUTE, v: 1200, q: "good" as const }] }];
    expect(codes(reply1200, gone)).toEqual(["LIVENESS_INCONSISTENT_WITH_STREAM"]);
  });

  it("fails a reply that leaves out a signal the challenge asked for", () => {
    const asked = { signals: ["spindle_speed", "part_count"] };
    const result = check([challenge(asked, { samples: [fresh("spindle_speed", 1200)] })]);
    expect(result.flags.map((f) => [f.code, f.data.missing])).toEqual([
      ["LIVENESS_MISSING_SIGNALS", ["part_count"]],
    ]);
    // Answered (even as bad: the device could not read it) is not left out.
    const answered = [
      fresh("spindle_speed", 1200),
      { s: "part_count", v: null, q: "bad" as const, t: T + 500 },
    ];
    expect(codes([challenge(asked, { samples: answered })])).toEqual([]);
  });

  describe("device proof (issue 14 §4b)", () => {
    const opcua = { ...lathe, certificateSha256: recorded.certificateSha256 };
    const proved = (proof: OpcuaSessionProof | undefined, device: DeviceRecord = opcua) =>
      checkLiveness(
        device,
        [
          challenge(
            { nonce: recorded.nonce },
            { nonce: recorded.nonce, ...(proof ? { deviceProof: proof } : {}) },
          ),
        ],
        stream,
        period,
        DEFAULT_PARAMS.liveness,
        DEFAULT_PARAMS.presence,
      );

    it("records a proof signed by the announced certificate over this challenge's nonce as verified", () => {
      const result = proved(recorded.deviceProof);
      expect(result.passed).toBe(true);
      expect(result.flags).toEqual([]);
      expect(result.deviceProof).toEqual({
        status: "verified",
        reason: `signed by the certificate ${recorded.certificateSha256}`,
      });
    });

    it("fails a tampered signature with LIVENESS_DEVICE_PROOF_INVALID and its reason", () => {
      const bytes = Buffer.from(recorded.deviceProof.signature, "base64");
      bytes[0] = (bytes[0] ?? 0) ^ 0x80;
      const result = proved({ ...recorded.deviceProof, signature: bytes.toString("base64") });
      expect(result.passed).toBe(false);
      expect(result.deviceProof?.status).toBe("invalid");
      expect(result.flags.map((f) => f.code)).toEqual(["LIVENESS_DEVICE_PROOF_INVALID"]);
      expect(result.flags[0]?.reason).toContain("does not verify");
    });

    it("fails a genuine proof from a certificate other than the one the birth announced", () => {
      const result = proved(recorded.deviceProof, { ...lathe, certificateSha256: "0".repeat(64) });
      expect(result.flags.map((f) => f.code)).toEqual(["LIVENESS_DEVICE_PROOF_INVALID"]);
      expect(result.deviceProof?.reason).toContain("is not the one the device's birth announced");
    });

    it("fails a proof recorded for another challenge (replayed)", () => {
      const result = checkLiveness(
        opcua,
        [challenge({ nonce: NONCE }, { nonce: NONCE, deviceProof: recorded.deviceProof })],
        stream,
        period,
        DEFAULT_PARAMS.liveness,
        DEFAULT_PARAMS.presence,
      );
      expect(result.flags.map((f) => f.code)).toEqual(["LIVENESS_DEVICE_PROOF_INVALID"]);
    });

    const noneGiven = (device: Parameters<typeof checkLiveness>[0], params = DEFAULT_PARAMS.liveness) =>
      checkLiveness(
        device,
        [
          challenge(
            { nonce: recorded.nonce },
            {
              nonce: recorded.nonce,
              deviceProof: {
                kind: "none",
                reason: { code: "ONRAMP_OPCUA_NO_SECURED_ENDPOINT", message: "only None/None" },
              },
            },
          ),
        ],
        stream,
        period,
        params,
        DEFAULT_PARAMS.presence,
      );

    it("fails a device that announced a certificate and gave no proof, or the gateway's reason for none", () => {
      const missing = proved(undefined);
      expect(missing).toMatchObject({ passed: false, deviceProof: { status: "missing" } });
      expect(missing.flags.map((f) => [f.code, f.severity])).toEqual([
        ["LIVENESS_DEVICE_PROOF_MISSING", "failure"],
      ]);
      expect(missing.flags[0]?.reason).toContain(recorded.certificateSha256);
      expect(missing.flags[0]?.data).toMatchObject({ certificateSha256: recorded.certificateSha256 });
      const none = noneGiven(opcua);
      expect(none.deviceProof?.reason).toContain("ONRAMP_OPCUA_NO_SECURED_ENDPOINT");
      expect(none.flags.map((f) => f.code)).toEqual(["LIVENESS_DEVICE_PROOF_MISSING"]);
    });

    it("fails a device whose identity is an OPC UA certificate it never announced, when it gives no proof", () => {
      const claimed = proved(undefined, { ...lathe, identitySource: "opcua-certificate" });
      expect(claimed.passed).toBe(false);
      expect(claimed.flags.map((f) => f.code)).toEqual(["LIVENESS_DEVICE_PROOF_MISSING"]);
      expect(claimed.flags[0]?.reason).toContain("yet its birth announced none");
    });

    it("takes no proof as information only from a device with no certificate, or when the bureau does not require one", () => {
      for (const device of [lathe, { ...lathe, identitySource: "opcua-machine-tool-identification" }])
        expect(proved(undefined, device)).toMatchObject({
          passed: true,
          flags: [],
          deviceProof: { status: "absent" },
        });
      const lenient = { ...DEFAULT_PARAMS.liveness, requireDeviceProof: false };
      expect(noneGiven(opcua, lenient)).toMatchObject({
        passed: true,
        flags: [],
        deviceProof: {
          status: "absent",
          reason: expect.stringContaining("ONRAMP_OPCUA_NO_SECURED_ENDPOINT"),
        },
      });
    });
  });
});
