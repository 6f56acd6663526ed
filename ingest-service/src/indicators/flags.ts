import type { JsonValue } from "./canonical-json.js";
import { compareText } from "./ordering.js";

/** The check families of INDICATORS §5, plus the mapping and identity audit trails (issues 7, 14). */
export const CHECK_NAMES = [
  "uniqueness",
  "replay",
  "plausibility",
  "liveness",
  "mapping",
  "identity",
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * `failure`: the check failed (it can keep a device from a higher evidence level, INDICATORS §4);
 * `warning`: worth a look, blocks nothing; `info`: recorded for the audit trail.
 */
export type Severity = "info" | "warning" | "failure";

interface FlagCodeInfo {
  readonly check: CheckName;
  readonly severity: Severity;
  /** One line for people; the dashboard translates by code, this is the English fallback. */
  readonly summary: string;
}

/**
 * Every flag code, once (the registry habit of CONVENTIONS). Codes are stable: the dashboard
 * translates them and tests assert them; the per-flag `reason` adds the particulars.
 */
export const FLAG_CODES = {
  UNIQUENESS_FINGERPRINT_DUPLICATE: {
    check: "uniqueness",
    severity: "failure",
    summary: "The same physical device is registered twice in this enterprise",
  },
  UNIQUENESS_FINGERPRINT_OTHER_ENTERPRISE: {
    check: "uniqueness",
    severity: "failure",
    summary: "The same physical device is also registered under another enterprise",
  },
  UNIQUENESS_COPIED_STREAM: {
    check: "uniqueness",
    severity: "failure",
    summary:
      "The same series (shifted or stretched in time, offset or scaled) also arrives under another device",
  },
  UNIQUENESS_STREAM_COPIED_ELSEWHERE: {
    check: "uniqueness",
    severity: "warning",
    summary: "The same series arrives later under another device: this device's came first and was copied",
  },
  REPLAY_SEQ_REPEATED: {
    check: "replay",
    severity: "failure",
    summary: "Frames were received again long after their first copy",
  },
  REPLAY_SEQ_CONFLICT: {
    check: "replay",
    severity: "failure",
    summary: "Two different frames carry the same session and sequence number",
  },
  REPLAY_SESSION_REAPPEARED: {
    check: "replay",
    severity: "failure",
    summary: "An old gateway session sent frames after a newer session had started",
  },
  REPLAY_SAMPLE_TIME_BACKWARDS: {
    check: "replay",
    severity: "failure",
    summary: "Sample timestamps of a signal went back in time",
  },
  REPLAY_SAMPLE_TIME_FUTURE: {
    check: "replay",
    severity: "failure",
    summary: "Sample timestamps lie in the future beyond the allowed clock skew",
  },
  PLAUSIBILITY_COUNTER_DECREASED: {
    check: "plausibility",
    severity: "failure",
    summary: "A cumulative counter decreased without a reset",
  },
  PLAUSIBILITY_COUNTER_RESET_UNCORROBORATED: {
    check: "plausibility",
    severity: "failure",
    summary: "A counter fell back after a reconnection, but no gap in the device's data shows it was down",
  },
  PLAUSIBILITY_PART_COUNT_STALLED: {
    check: "plausibility",
    severity: "failure",
    summary: "The machine reported running for a long time while its part counter never advanced",
  },
  PLAUSIBILITY_CONSTANT_WHILE_RUNNING: {
    check: "plausibility",
    severity: "failure",
    summary: "A value stayed constant during all the time the machine reported running",
  },
  PLAUSIBILITY_SPACING_TOO_REGULAR: {
    check: "plausibility",
    severity: "failure",
    summary: "Samples are spaced too regularly to come from a real device read",
  },
  PLAUSIBILITY_PERIODIC_SIGNAL: {
    check: "plausibility",
    severity: "failure",
    summary: "A signal repeats itself almost perfectly, like a generated waveform",
  },
  PLAUSIBILITY_SPINDLE_WHILE_STOPPED: {
    check: "plausibility",
    severity: "failure",
    summary: "The spindle turned while the controller reported execution stopped",
  },
  PLAUSIBILITY_SERIES_TRUNCATED: {
    check: "plausibility",
    severity: "warning",
    summary: "The signal has more points in the period than a report reads: its later points are not judged",
  },
  PLAUSIBILITY_OUT_OF_RANGE: {
    check: "plausibility",
    severity: "failure",
    summary: "Values lie outside the range the device profile declares",
  },
  PLAUSIBILITY_FEEDER_IDLE_WHILE_RUNNING: {
    check: "plausibility",
    severity: "failure",
    summary: "The machine reported running while the meter feeding it read almost no power",
  },
  PLAUSIBILITY_FEEDER_ENERGY_FLAT_WHILE_RUNNING: {
    check: "plausibility",
    severity: "failure",
    summary: "The machine reported running while the energy counter of the meter feeding it stood still",
  },
  PLAUSIBILITY_LINE_RUNNING_PLC_STOPPED: {
    check: "plausibility",
    severity: "failure",
    summary: "The line reported running while the PLC running it reported stopped",
  },
  PLAUSIBILITY_RELATED_DEVICE_INCONSISTENT: {
    check: "plausibility",
    severity: "warning",
    summary: "A device declared related to this one (fed or run by it) contradicts its data",
  },
  LIVENESS_NO_REPLY: {
    check: "liveness",
    severity: "failure",
    summary: "The last challenge got no reply",
  },
  LIVENESS_REPLY_ERROR: {
    check: "liveness",
    severity: "failure",
    summary: "The gateway answered the last challenge with an error",
  },
  LIVENESS_NONCE_MISMATCH: {
    check: "liveness",
    severity: "failure",
    summary: "The reply to the last challenge did not echo its nonce",
  },
  LIVENESS_BAD_SIGNATURE: {
    check: "liveness",
    severity: "failure",
    summary: "The reply to the last challenge was not validly signed",
  },
  LIVENESS_SLOW_REPLY: {
    check: "liveness",
    severity: "failure",
    summary: "The reply to the last challenge took longer than allowed",
  },
  LIVENESS_STALE_VALUES: {
    check: "liveness",
    severity: "failure",
    summary: "The values in the challenge reply were not read after the challenge",
  },
  LIVENESS_MISSING_SIGNALS: {
    check: "liveness",
    severity: "failure",
    summary: "The challenge reply left out signals the challenge asked for",
  },
  LIVENESS_INCONSISTENT_WITH_STREAM: {
    check: "liveness",
    severity: "failure",
    summary: "The values in the challenge reply do not match the device's data stream",
  },
  LIVENESS_DEVICE_PROOF_INVALID: {
    check: "liveness",
    severity: "failure",
    summary: "The device's own signature in the challenge reply does not hold",
  },
  LIVENESS_DEVICE_PROOF_MISSING: {
    check: "liveness",
    severity: "failure",
    summary: "The challenge reply carries no proof from a device that announced an OPC UA certificate",
  },
  LIVENESS_DEVICE_CLOCK_SKEW: {
    check: "liveness",
    severity: "warning",
    summary: "The device clock differs from the cloud clock",
  },
  MAPPING_CHANGED: {
    check: "mapping",
    severity: "info",
    summary: "The device's signal mapping changed",
  },
  MAPPING_PROMOTED_TO_PRODUCTION: {
    check: "mapping",
    severity: "warning",
    summary: "A remapping turned a non-production device (e.g. a meter) into production equipment",
  },
  IDENTITY_CHANGED: {
    check: "identity",
    severity: "warning",
    summary: "The device's identity fingerprint changed: another physical device answers under its id",
  },
  IDENTITY_REPEATED_CHANGES: {
    check: "identity",
    severity: "failure",
    summary:
      "The device's identity changed more often than allowed: machines swapped in and out under one id",
  },
  IDENTITY_NAMEPLATE_UNCONFIRMED: {
    check: "identity",
    severity: "failure",
    summary: "The nameplate serial the device announces was not confirmed at the gateway's enrollment",
  },
} as const satisfies Record<string, FlagCodeInfo>;

export type FlagCode = keyof typeof FLAG_CODES;

export interface Flag {
  readonly check: CheckName;
  readonly code: FlagCode;
  readonly device: string;
  readonly severity: Severity;
  /** Plain-language English with the particulars (signal, times, counts). */
  readonly reason: string;
  /** The data behind the flag, JSON-serialisable. */
  readonly data: { readonly [key: string]: JsonValue };
}

export function makeFlag(code: FlagCode, device: string, reason: string, data: Flag["data"]): Flag {
  const info = FLAG_CODES[code];
  return { check: info.check, code, device, severity: info.severity, reason, data };
}

/** Deterministic order for reports: by device, then check, code and reason. */
export function compareFlags(a: Flag, b: Flag): number {
  return (
    compareText(a.device, b.device) ||
    compareText(a.check, b.check) ||
    compareText(a.code, b.code) ||
    compareText(a.reason, b.reason)
  );
}

/** ISO 8601 UTC text for reasons: people read times, the data keeps the epoch ms. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
