import type { Sample } from "@onramp/contract";
import type { JsonValue } from "../canonical-json.js";
import { type Flag, isoTime, makeFlag } from "../flags.js";
import type { ChallengeResult, DeviceRecord, Period, SignalSeries } from "../inputs.js";
import { compareText } from "../ordering.js";
import type { LivenessParams, PresenceParams } from "../params.js";
import { signalHeartbeatMs } from "../signal-hold.js";

export interface LivenessResult {
  /** The last challenge of the period, or null when the device was not challenged. */
  readonly challenge: {
    readonly id: string;
    readonly issuedAt: number;
    readonly roundTripMs: number | null;
  } | null;
  /** The last challenge passed: no failure flag. */
  readonly passed: boolean;
  readonly flags: readonly Flag[];
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

/** Why a reply value does not match the stream, or null if it does. */
function inconsistency(
  sample: Sample,
  series: SignalSeries | undefined,
  window: { from: number; to: number },
  tolerance: number,
): string | null {
  if (sample.q === "bad" || sample.v === null) return "the reply has no value for it";
  const stream = (series?.points ?? [])
    .filter((p) => p.t >= window.from && p.t <= window.to && p.q !== "bad" && p.v !== null)
    .map((p) => p.v);
  if (stream.length === 0) return "the stream has no sample of it around the challenge";
  if (typeof sample.v === "number") {
    const numbers = stream.filter((v): v is number => typeof v === "number");
    if (numbers.length === 0) return "the stream carries no number for it";
    const low = Math.min(...numbers);
    const high = Math.max(...numbers);
    const slack = tolerance * Math.max(high - low, Math.abs(low), Math.abs(high));
    return sample.v >= low - slack && sample.v <= high + slack
      ? null
      : `the reply says ${sample.v}, the stream ${low}..${high}`;
  }
  return stream.includes(sample.v) ? null : `the reply says ${String(sample.v)}, the stream never did`;
}

/**
 * INDICATORS §5 liveness: the last challenge's result — nonce echoed, signature valid, round trip
 * within bound (the shorter of the cmd's deadline and `maxRoundTripMs`), values fresh (source
 * timestamps no earlier than the challenge, less `freshnessSkewMs`) and consistent with the
 * stream (within k × heartbeat of the challenge, numbers inside the stream's range give or take
 * `consistencyTolerance` of its scale, other values equal to one the stream reported). A device
 * clock off by more than `maxDeviceClockSkewMs` is a warning.
 */
export function checkLiveness(
  device: Pick<DeviceRecord, "id" | "signals">,
  challenges: readonly ChallengeResult[],
  series: readonly SignalSeries[],
  period: Period,
  params: LivenessParams,
  presence: PresenceParams,
): LivenessResult {
  const challenge = lastChallenge(device.id, challenges, period);
  if (challenge === null) return { challenge: null, passed: false, flags: [] };
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
    return { challenge: summary(null), passed: false, flags };
  }
  const roundTripMs = reply.receivedAt - challenge.issuedAt;
  if (!reply.signatureValid) {
    const flags = [
      flag(
        "LIVENESS_BAD_SIGNATURE",
        `The reply to the challenge sent to "${device.id}" at ${issued} was not validly signed by its gateway.`,
      ),
    ];
    return { challenge: summary(roundTripMs), passed: false, flags };
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
    const stale = reply.samples.filter((s) => s.t < freshFrom).map((s) => s.s);
    if (reply.samples.length === 0 || stale.length > 0) {
      const what =
        reply.samples.length === 0
          ? "no values at all"
          : `values read before the challenge (${stale.join(", ")})`;
      flags.push(
        flag(
          "LIVENESS_STALE_VALUES",
          `The reply to the challenge sent to "${device.id}" at ${issued} carries ${what}.`,
          { stale },
        ),
      );
    }
    const mismatches: { signal: string; why: string }[] = [];
    for (const sample of reply.samples) {
      const marginMs = params.consistencyWindowHeartbeats * signalHeartbeatMs(device, sample.s, presence);
      const window = { from: challenge.issuedAt - marginMs, to: reply.receivedAt + marginMs };
      const stream = series.find((s) => s.device === device.id && s.signal === sample.s);
      const why = inconsistency(sample, stream, window, params.consistencyTolerance);
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
  return { challenge: summary(roundTripMs), passed: !flags.some((f) => f.severity === "failure"), flags };
}
