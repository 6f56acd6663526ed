import type { JsonValue } from "./canonical-json.js";
/** The check families of INDICATORS §5, plus the mapping and identity audit trails (issues 7, 14). */
export declare const CHECK_NAMES: readonly ["uniqueness", "replay", "plausibility", "liveness", "mapping", "identity"];
export type CheckName = (typeof CHECK_NAMES)[number];
/**
 * `failure`: the check failed (it can keep a device from a higher evidence level, INDICATORS §4);
 * `warning`: worth a look, blocks nothing; `info`: recorded for the audit trail.
 */
export type Severity = "info" | "warning" | "failure";
/**
 * Every flag code, once (the registry habit of CONVENTIONS). Codes are stable: the dashboard
 * translates them and tests assert them; the per-flag `reason` adds the particulars.
 */
export declare const FLAG_CODES: {
    readonly UNIQUENESS_FINGERPRINT_DUPLICATE: {
        readonly check: "uniqueness";
        readonly severity: "failure";
        readonly summary: "The same physical device is registered twice in this enterprise";
    };
    readonly UNIQUENESS_FINGERPRINT_OTHER_ENTERPRISE: {
        readonly check: "uniqueness";
        readonly severity: "failure";
        readonly summary: "The same physical device is also registered under another enterprise";
    };
    readonly UNIQUENESS_COPIED_STREAM: {
        readonly check: "uniqueness";
        readonly severity: "failure";
        readonly summary: "The same series (shifted in time, offset or scaled) also arrives under another device";
    };
    readonly UNIQUENESS_STREAM_COPIED_ELSEWHERE: {
        readonly check: "uniqueness";
        readonly severity: "warning";
        readonly summary: "The same series arrives later under another device: this device's came first and was copied";
    };
    readonly REPLAY_SEQ_REPEATED: {
        readonly check: "replay";
        readonly severity: "failure";
        readonly summary: "Frames were received again long after their first copy";
    };
    readonly REPLAY_SEQ_CONFLICT: {
        readonly check: "replay";
        readonly severity: "failure";
        readonly summary: "Two different frames carry the same session and sequence number";
    };
    readonly REPLAY_SESSION_REAPPEARED: {
        readonly check: "replay";
        readonly severity: "failure";
        readonly summary: "An old gateway session sent frames after a newer session had started";
    };
    readonly REPLAY_SAMPLE_TIME_BACKWARDS: {
        readonly check: "replay";
        readonly severity: "failure";
        readonly summary: "Sample timestamps of a signal went back in time";
    };
    readonly REPLAY_SAMPLE_TIME_FUTURE: {
        readonly check: "replay";
        readonly severity: "failure";
        readonly summary: "Sample timestamps lie in the future beyond the allowed clock skew";
    };
    readonly PLAUSIBILITY_COUNTER_DECREASED: {
        readonly check: "plausibility";
        readonly severity: "failure";
        readonly summary: "A cumulative counter decreased without a reset";
    };
    readonly PLAUSIBILITY_COUNTER_RESET_UNCORROBORATED: {
        readonly check: "plausibility";
        readonly severity: "failure";
        readonly summary: "A counter fell back after a reconnection, but no gap in the device's data shows it was down";
    };
    readonly PLAUSIBILITY_PART_COUNT_STALLED: {
        readonly check: "plausibility";
        readonly severity: "failure";
        readonly summary: "The machine reported running for a long time while its part counter never advanced";
    };
    readonly PLAUSIBILITY_CONSTANT_WHILE_RUNNING: {
        readonly check: "plausibility";
        readonly severity: "failure";
        readonly summary: "A value stayed constant during all the time the machine reported running";
    };
    readonly PLAUSIBILITY_SPACING_TOO_REGULAR: {
        readonly check: "plausibility";
        readonly severity: "failure";
        readonly summary: "Samples are spaced too regularly to come from a real device read";
    };
    readonly PLAUSIBILITY_PERIODIC_SIGNAL: {
        readonly check: "plausibility";
        readonly severity: "failure";
        readonly summary: "A signal repeats itself almost perfectly, like a generated waveform";
    };
    readonly PLAUSIBILITY_SPINDLE_WHILE_STOPPED: {
        readonly check: "plausibility";
        readonly severity: "failure";
        readonly summary: "The spindle turned while the controller reported execution stopped";
    };
    readonly PLAUSIBILITY_OUT_OF_RANGE: {
        readonly check: "plausibility";
        readonly severity: "failure";
        readonly summary: "Values lie outside the range the device profile declares";
    };
    readonly PLAUSIBILITY_FEEDER_IDLE_WHILE_RUNNING: {
        readonly check: "plausibility";
        readonly severity: "failure";
        readonly summary: "The machine reported running while the meter feeding it read almost no power";
    };
    readonly PLAUSIBILITY_FEEDER_ENERGY_FLAT_WHILE_RUNNING: {
        readonly check: "plausibility";
        readonly severity: "failure";
        readonly summary: "The machine reported running while the energy counter of the meter feeding it stood still";
    };
    readonly PLAUSIBILITY_LINE_RUNNING_PLC_STOPPED: {
        readonly check: "plausibility";
        readonly severity: "failure";
        readonly summary: "The line reported running while the PLC running it reported stopped";
    };
    readonly PLAUSIBILITY_RELATED_DEVICE_INCONSISTENT: {
        readonly check: "plausibility";
        readonly severity: "warning";
        readonly summary: "A device declared related to this one (fed or run by it) contradicts its data";
    };
    readonly LIVENESS_NO_REPLY: {
        readonly check: "liveness";
        readonly severity: "failure";
        readonly summary: "The last challenge got no reply";
    };
    readonly LIVENESS_REPLY_ERROR: {
        readonly check: "liveness";
        readonly severity: "failure";
        readonly summary: "The gateway answered the last challenge with an error";
    };
    readonly LIVENESS_NONCE_MISMATCH: {
        readonly check: "liveness";
        readonly severity: "failure";
        readonly summary: "The reply to the last challenge did not echo its nonce";
    };
    readonly LIVENESS_BAD_SIGNATURE: {
        readonly check: "liveness";
        readonly severity: "failure";
        readonly summary: "The reply to the last challenge was not validly signed";
    };
    readonly LIVENESS_SLOW_REPLY: {
        readonly check: "liveness";
        readonly severity: "failure";
        readonly summary: "The reply to the last challenge took longer than allowed";
    };
    readonly LIVENESS_STALE_VALUES: {
        readonly check: "liveness";
        readonly severity: "failure";
        readonly summary: "The values in the challenge reply were not read after the challenge";
    };
    readonly LIVENESS_MISSING_SIGNALS: {
        readonly check: "liveness";
        readonly severity: "failure";
        readonly summary: "The challenge reply left out signals the challenge asked for";
    };
    readonly LIVENESS_INCONSISTENT_WITH_STREAM: {
        readonly check: "liveness";
        readonly severity: "failure";
        readonly summary: "The values in the challenge reply do not match the device's data stream";
    };
    readonly LIVENESS_DEVICE_PROOF_INVALID: {
        readonly check: "liveness";
        readonly severity: "failure";
        readonly summary: "The device's own signature in the challenge reply does not hold";
    };
    readonly LIVENESS_DEVICE_CLOCK_SKEW: {
        readonly check: "liveness";
        readonly severity: "warning";
        readonly summary: "The device clock differs from the cloud clock";
    };
    readonly MAPPING_CHANGED: {
        readonly check: "mapping";
        readonly severity: "info";
        readonly summary: "The device's signal mapping changed";
    };
    readonly MAPPING_PROMOTED_TO_PRODUCTION: {
        readonly check: "mapping";
        readonly severity: "warning";
        readonly summary: "A remapping turned a non-production device (e.g. a meter) into production equipment";
    };
    readonly IDENTITY_CHANGED: {
        readonly check: "identity";
        readonly severity: "warning";
        readonly summary: "The device's identity fingerprint changed: another physical device answers under its id";
    };
    readonly IDENTITY_REPEATED_CHANGES: {
        readonly check: "identity";
        readonly severity: "failure";
        readonly summary: "The device's identity changed more often than allowed: machines swapped in and out under one id";
    };
    readonly IDENTITY_NAMEPLATE_UNCONFIRMED: {
        readonly check: "identity";
        readonly severity: "failure";
        readonly summary: "The nameplate serial the device announces was not confirmed at the gateway's enrollment";
    };
};
export type FlagCode = keyof typeof FLAG_CODES;
export interface Flag {
    readonly check: CheckName;
    readonly code: FlagCode;
    readonly device: string;
    readonly severity: Severity;
    /** Plain-language English with the particulars (signal, times, counts). */
    readonly reason: string;
    /** The data behind the flag, JSON-serialisable. */
    readonly data: {
        readonly [key: string]: JsonValue;
    };
}
export declare function makeFlag(code: FlagCode, device: string, reason: string, data: Flag["data"]): Flag;
/** Deterministic order for reports: by device, then check, code and reason. */
export declare function compareFlags(a: Flag, b: Flag): number;
/** ISO 8601 UTC text for reasons: people read times, the data keeps the epoch ms. */
export declare function isoTime(ms: number): string;
