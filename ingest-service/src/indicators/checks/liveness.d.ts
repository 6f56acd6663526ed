import { type Flag } from "../flags.js";
import type { ChallengeResult, DeviceRecord, Period, SignalSeries } from "../inputs.js";
import type { LivenessParams, PresenceParams } from "../params.js";
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
     * announced certificate signed this nonce), `absent` (none given: information only, e.g. a
     * Modbus device or a server without a secured endpoint) or `invalid` (LIVENESS_DEVICE_PROOF_INVALID).
     * null when there was no challenge or no reply to judge.
     */
    readonly deviceProof: {
        readonly status: "verified" | "absent" | "invalid";
        readonly reason: string;
    } | null;
    readonly flags: readonly Flag[];
}
/** The device's last challenge issued in the period (ties broken by id, for determinism). */
export declare function lastChallenge(device: string, challenges: readonly ChallengeResult[], period: Period): ChallengeResult | null;
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
export declare function checkLiveness(device: Pick<DeviceRecord, "id" | "signals" | "certificateSha256">, challenges: readonly ChallengeResult[], series: readonly SignalSeries[], period: Period, params: LivenessParams, presence: PresenceParams): LivenessResult;
