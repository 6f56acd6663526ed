import { describe, expect, it } from "vitest";
import { cncDevice, HOUR, MONDAY, SECOND } from "../../../test/indicator-scenarios/fixtures.js";
import type { ChallengeResult, SignalSeries } from "../inputs.js";
import { DEFAULT_PARAMS } from "../params.js";
import { checkLiveness } from "./liveness.js";

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
    });
  });

  it("has no result, and no flag, for a device that was not challenged in the period", () => {
    expect(check([challenge({ issuedAt: MONDAY - 1 })])).toEqual({
      challenge: null,
      passed: false,
      flags: [],
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
