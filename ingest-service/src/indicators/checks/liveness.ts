import { verifyDeviceProof } from "@onramp/contract";
import type { JsonValue } from "../canonical-json.js";
import { type Flag, isoTime, makeFlag } from "../flags.js";
import type { ChallengeResult, DeviceRecord, Period, SignalSeries } from "../inputs.js";
import { compareText } from "../ordering.js";
import type { LivenessParams, PresenceParams } from "../params.js";
import { signalHeartbeatMs } from "../signal-hold.js";
import { inconsistency } from "./liveness-consistency.js";

export interface LivenessResult {
  /** The last challenge of the period, or null when the device was not challenged. */
  readonly challenge: {
    readonly id: string;
    readonly issuedAt: number;
    readonly roundTripMs: number | null;
  } | null;
  /** The last challenge passed: no failure flag. */
  readonly passed: boolean;
  /**
   * The device's own proof in the last reply (issue 14 §4b), re-verified here: `verified` (the
   * announced certificate signed this nonce), `invalid` (LIVENESS_DEVICE_PROOF_INVALID), `missing`
   * (none given by a device that must give one, `deviceProofRequired`:
   * LIVENESS_DEVICE_PROOF_MISSING) or `absent` (none given, none required: information only, e.g.
   * a Modbus device or an OPC UA server that announced no certificate). null when there was no
   * challenge or no reply to judge.
   */
  readonly deviceProof: {
    readonly status: "verified" | "absent" | "missing" | "invalid";
    readonly reason: string;
  } | null;
  readonly flags: readonly Flag[];
}

/**
 * Whether a challenge reply must carry a valid device proof (issue 14 §4, the bureau's policy):
 * with `requireDeviceProof`, a device whose birth announced an OPC UA server certificate (the
 * agent announces the thumbprint of the endpoint it connected to, and can then always ask that
 * server to sign), or whose identity *is* such a certificate (`opcua-certificate`). A forger
 * claiming an OPC UA machine cannot make the signature, and could otherwise simply leave the proof
 * out; a device that announced no certificate has nothing to bind a proof to, and its level shows
 * `absent`.
 */
export function isDeviceProofRequired(
  device: Pick<DeviceRecord, "certificateSha256" | "identitySource">,
  params: Pick<LivenessParams, "requireDeviceProof">,
): boolean {
  return (
    params.requireDeviceProof &&
    (device.certificateSha256 !== undefined || device.identitySource === "opcua-certificate")
  );
}

/** The device's last challenge issued in the period (ties broken by id, for determinism). */
export function lastChallenge(
  device: string,
  challenges: readonly ChallengeResult[],
  period: Period,
): ChallengeResult | null {
  let last: ChallengeResult | null = null;
  for (const c of challenges) {
    if (c.device !== device || c.issuedAt < period.from || c.issuedAt >= period.to) continue;
    if (
      last === null ||
      c.issuedAt > last.issuedAt ||
      (c.issuedAt === last.issuedAt && compareText(c.id, last.id) > 0)
    ) {
      last = c;
    }
  }
  return last;
}

/**
 * INDICATORS §5 liveness: the last challenge's result — nonce echoed, signature valid, round trip
 * within bound (the shorter of the cmd's deadline and `maxRoundTripMs`), every asked signal
 * answered, values fresh (read times `t` no earlier than the challenge, less `freshnessSkewMs`,
 * and at least one usable value) and
 * consistent with the stream (see `inconsistency`: within k × heartbeat of the challenge, or the
 * last value before it; numbers inside the stream's range give or take the larger of
 * `consistencyTolerance` of its scale and the signal's deadband; bad samples no evidence either
 * way). A device clock off by more than `maxDeviceClockSkewMs` is a warning.
 */
export function checkLiveness(
  device: Pick<DeviceRecord, "id" | "signals" | "certificateSha256" | "identitySource">,
  challenges: readonly ChallengeResult[],
  series: readonly SignalSeries[],
  period: Period,
  params: LivenessParams,
  presence: PresenceParams,
): LivenessResult {
  const challenge = lastChallenge(device.id, challenges, period);
  if (challenge === null) return { challenge: null, passed: false, flags: [], deviceProof: null };
  const reply = challenge.reply;
  const ref = { challenge: challenge.id, issuedAt: challenge.issuedAt };
  const flag = (code: Parameters<typeof makeFlag>[0], reason: string, data: Record<string, JsonValue> = {}) =>
    makeFlag(code, device.id, reason, { ...ref, ...data });
  const summary = (roundTripMs: number | null) => ({
    id: challenge.id,
    issuedAt: challenge.issuedAt,
    roundTripMs,
  });
  const issued = isoTime(challenge.issuedAt);
  if (reply === null) {
    const flags = [
      flag(
        "LIVENESS_NO_REPLY",
        `The challenge sent to "${device.id}" at ${issued} got no reply before its deadline.`,
      ),
    ];
    return { challenge: summary(null), passed: false, flags, deviceProof: null };
  }
  const roundTripMs = reply.receivedAt - challenge.issuedAt;
  if (!reply.signatureValid) {
    const flags = [
      flag(
        "LIVENESS_BAD_SIGNATURE",
        `The reply to the challenge sent to "${device.id}" at ${issued} was not validly signed by its gateway.`,
      ),
    ];
    return { challenge: summary(roundTripMs), passed: false, flags, deviceProof: null };
  }
  const flags: Flag[] = [];
  if (!reply.ok) {
    const code = reply.error?.code ?? "UNKNOWN";
    flags.push(
      flag(
        "LIVENESS_REPLY_ERROR",
        `The gateway answered the challenge to "${device.id}" at ${issued} with the error ${code}.`,
        { error: code },
      ),
    );
  }
  if (reply.nonce !== challenge.nonce) {
    flags.push(
      flag(
        "LIVENESS_NONCE_MISMATCH",
        `The reply to the challenge sent to "${device.id}" at ${issued} carries another nonce than the one sent.`,
      ),
    );
  }
  const boundMs = Math.min(challenge.deadlineMs, params.maxRoundTripMs);
  if (roundTripMs > boundMs) {
    flags.push(
      flag(
        "LIVENESS_SLOW_REPLY",
        `The reply to the challenge sent to "${device.id}" at ${issued} took ${roundTripMs} ms, more than the ${boundMs} ms allowed.`,
        { roundTripMs, boundMs },
      ),
    );
  }
  if (reply.ok) {
    const freshFrom = challenge.issuedAt - params.freshnessSkewMs;
    // Freshness is judged on `t`, the read time the gateway signs; `src` (the device's time of
    // the last change) is kept in the record for information only: an idle value read now is fresh.
    const stale = reply.samples.filter((s) => s.t < freshFrom).map((s) => s.s);
    const hasValue = reply.samples.some((s) => s.q !== "bad" && s.v !== null);
    if (!hasValue || stale.length > 0) {
      const what =
        reply.samples.length === 0
          ? "no values at all"
          : !hasValue
            ? "no value at all (every sample is bad)"
            : `values read before the challenge (${stale.join(", ")})`;
      flags.push(
        flag(
          "LIVENESS_STALE_VALUES",
          `The reply to the challenge sent to "${device.id}" at ${issued} carries ${what}.`,
          { stale },
        ),
      );
    }
    const answered = new Set(reply.samples.map((s) => s.s));
    const missing = (challenge.signals ?? []).filter((s) => !answered.has(s));
    if (missing.length > 0) {
      // A gateway that answers only what it likes would dodge the counter the bureau chose.
      flags.push(
        flag(
          "LIVENESS_MISSING_SIGNALS",
          `The reply to the challenge sent to "${device.id}" at ${issued} left out ${missing.join(", ")}, which the challenge asked for.`,
          { missing },
        ),
      );
    }
    const mismatches: { signal: string; why: string }[] = [];
    for (const sample of reply.samples) {
      const heartbeatMs = signalHeartbeatMs(device, sample.s, presence);
      const marginMs = params.consistencyWindowHeartbeats * heartbeatMs;
      const window = {
        from: challenge.issuedAt - marginMs,
        to: reply.receivedAt + marginMs,
        lastValueFrom: challenge.issuedAt - presence.offlineAfterHeartbeats * heartbeatMs,
      };
      const stream = series.find((s) => s.device === device.id && s.signal === sample.s);
      const spec = device.signals.find((s) => s.id === sample.s);
      const why = inconsistency(sample, spec, stream, window, {
        tolerance: params.consistencyTolerance,
        uncertainSlackFactor: params.uncertainSlackFactor,
      });
      if (why !== null) mismatches.push({ signal: sample.s, why });
    }
    if (mismatches.length > 0) {
      const list = mismatches.map((m) => `${m.signal}: ${m.why}`).join("; ");
      flags.push(
        flag(
          "LIVENESS_INCONSISTENT_WITH_STREAM",
          `The fresh read of "${device.id}" at ${issued} does not match its data stream (${list}).`,
          { mismatches },
        ),
      );
    }
  }
  if (reply.deviceClock !== undefined) {
    const skewMs = reply.deviceClock - (challenge.issuedAt + reply.receivedAt) / 2;
    if (Math.abs(skewMs) > params.maxDeviceClockSkewMs) {
      flags.push(
        flag(
          "LIVENESS_DEVICE_CLOCK_SKEW",
          `The clock of "${device.id}" was ${Math.round(skewMs / 1000)} s off the cloud's clock at the challenge of ${issued}.`,
          { skewMs },
        ),
      );
    }
  }
  const verdict = verifyDeviceProof(reply.deviceProof, challenge.nonce, device.certificateSha256);
  const isMissing = verdict.status === "absent" && isDeviceProofRequired(device, params);
  const deviceProof = {
    status: isMissing ? ("missing" as const) : verdict.status,
    reason:
      verdict.status === "verified" ? `signed by the certificate ${verdict.thumbprint}` : verdict.reason,
  };
  if (isMissing) {
    const claim =
      device.certificateSha256 === undefined
        ? "its identity claims an OPC UA server certificate, yet its birth announced none to check a proof against"
        : `its birth announced the OPC UA server certificate ${device.certificateSha256}, whose key must sign the nonce`;
    flags.push(
      flag(
        "LIVENESS_DEVICE_PROOF_MISSING",
        `The reply to the challenge sent to "${device.id}" at ${issued} carries no device proof (${verdict.reason}), and ${claim}: only the gateway's key vouches for the answer.`,
        { reason: verdict.reason, certificateSha256: device.certificateSha256 ?? null },
      ),
    );
  }
  if (verdict.status === "invalid") {
    // A proof that does not hold is worse than none: someone answered in the device's name.
    flags.push(
      flag(
        "LIVENESS_DEVICE_PROOF_INVALID",
        `The device proof in the reply to the challenge sent to "${device.id}" at ${issued} does not hold: ${verdict.reason}.`,
        { reason: verdict.reason },
      ),
    );
  }
  return {
    challenge: summary(roundTripMs),
    passed: !flags.some((f) => f.severity === "failure"),
    flags,
    deviceProof,
  };
}
