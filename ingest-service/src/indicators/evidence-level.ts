import type { CheckName, Flag, FlagCode } from "./flags.js";

/** INDICATORS §4, lowest to highest. */
export const EVIDENCE_LEVELS = ["declared", "connected", "consistent", "live-verified"] as const;
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];

export type RequirementCode =
  | "REGISTERED"
  | "VALID_SIGNED_FRAMES"
  | "FINGERPRINT_READ"
  | "NO_FAILED_CHECK"
  | "NO_FAILED_CHALLENGE"
  | "LAST_CHALLENGE_PASSED"
  | "DEVICE_PROOF_POSSIBLE"
  | "SIGNED_SOURCE";

/**
 * Sources whose data carries no signature anyone can re-verify (issue 20), keyed by the identity
 * source their births announce. Such a device reaches at most `connected`, whatever else it passes.
 */
export const UNSIGNED_SOURCES = { "sparkplug-b": "Sparkplug B" } as const;
export type UnsignedSource = keyof typeof UNSIGNED_SOURCES;

/**
 * Whether an unsigned source's devices count in verified rates (issue 20, a bureau policy):
 * `separate` (default) — shown, and left out of the verified rates with the reason UNSIGNED_SOURCE,
 * so the report counts them apart; `count` — counted as verified when everything but the
 * signature holds (their level still says `connected`).
 */
export type UnsignedSourcePolicy = "separate" | "count";

/** One condition of one level, met or not, with what decided it. */
export interface LevelRequirement {
  readonly level: EvidenceLevel;
  readonly requirement: RequirementCode;
  readonly met: boolean;
  readonly detail: string;
}

export interface DeviceEvidence {
  readonly device: string;
  /** The highest level whose requirements, and those of every level below, are all met. */
  readonly level: EvidenceLevel;
  readonly requirements: readonly LevelRequirement[];
  /**
   * The failed checks that kept the device from "consistent" (empty when none did): the failures
   * of the blocking checks and of the last challenge.
   */
  readonly blockingFlags: readonly FlagCode[];
  /** Set when the data came through an unsigned source: the mark and reason shown everywhere. */
  readonly unsignedSource?: UnsignedSource;
  /** Counted in verified rates: `consistent` or above, or unsigned but otherwise consistent under policy `count`. */
  readonly countsAsVerified: boolean;
}

export interface EvidenceFacts {
  readonly device: string;
  /** At least one valid signed frame from an enrolled gateway carried its samples in the period. */
  readonly sentValidTelemetry: boolean;
  /** The identity fingerprint was read from the device itself. */
  readonly fingerprintRead: boolean;
  /**
   * Where the fingerprint came from (the birth's identity source). `nameplate`: typed in by the
   * integrator and confirmed at enrollment — an unconfirmed one fails the identity check instead.
   */
  readonly identitySource?: string;
  /** All flags of the device in the period. */
  readonly flags: readonly Flag[];
  /** The last challenge of the period passed (INDICATORS §5 liveness). */
  readonly challengePassed: boolean;
  /** The device was challenged at all in the period. */
  readonly challenged: boolean;
  /**
   * An OPC UA device (its identity read over OPC UA) whose last challenge carried no device proof
   * and that announced no server certificate to bind one to, while the bureau requires proofs
   * (`liveness.requireDeviceProof`): it cannot prove itself, so it stops at "consistent".
   */
  readonly isUnprovableOpcua?: boolean;
}

/**
 * INDICATORS §4: the highest level a device earned in the period, with every requirement behind
 * it. Levels are cumulative: a passed challenge does not make a device that fails a plausibility
 * check live-verified. Only `failure` flags of the `blockingChecks` count against "consistent";
 * warnings and info flags are shown, never counted.
 */
export function evidenceLevel(
  facts: EvidenceFacts,
  blockingChecks: readonly CheckName[],
  unsignedPolicy: UnsignedSourcePolicy = "separate",
): DeviceEvidence {
  const unsigned =
    facts.identitySource !== undefined && facts.identitySource in UNSIGNED_SOURCES
      ? (facts.identitySource as UnsignedSource)
      : undefined;
  const blocking = facts.flags.filter((f) => f.severity === "failure" && blockingChecks.includes(f.check));
  // INDICATORS §4: a failed challenge holds the device below "consistent" until a later one passes.
  // Liveness judges only the last challenge of the period, so a liveness failure is exactly "the
  // last challenge failed"; a later passing challenge clears it.
  const challengeFailures = facts.flags.filter((f) => f.severity === "failure" && f.check === "liveness");
  const challengeCodes = [...new Set(challengeFailures.map((f) => f.code))].sort();
  const blockingCodes = [...new Set([...blocking, ...challengeFailures].map((f) => f.code))].sort();
  const isNameplate = facts.identitySource === "nameplate";
  // A typed-in serial the enrollment did not confirm identifies nothing.
  const isUnconfirmed = isNameplate && facts.flags.some((f) => f.code === "IDENTITY_NAMEPLATE_UNCONFIRMED");
  const requirements: LevelRequirement[] = [
    { level: "declared", requirement: "REGISTERED", met: true, detail: "registered in the period" },
    {
      level: "connected",
      requirement: "VALID_SIGNED_FRAMES",
      met: facts.sentValidTelemetry,
      detail:
        unsigned !== undefined
          ? facts.sentValidTelemetry
            ? `valid ${UNSIGNED_SOURCES[unsigned]} messages arrived from a mapped gateway — unsigned source: ${UNSIGNED_SOURCES[unsigned]}`
            : `no ${UNSIGNED_SOURCES[unsigned]} message carried its samples in the period`
          : facts.sentValidTelemetry
            ? "valid signed frames arrived from an enrolled gateway"
            : "no valid signed frame carried its samples in the period",
    },
    {
      level: "connected",
      requirement: "FINGERPRINT_READ",
      met: facts.fingerprintRead && !isUnconfirmed,
      detail: !facts.fingerprintRead
        ? "no identity read from the device"
        : unsigned !== undefined
          ? `identity is the ${UNSIGNED_SOURCES[unsigned]} gateway's name for the device, not read from the device`
          : isUnconfirmed
            ? "identity from a nameplate serial that no enrollment confirmed"
            : isNameplate
              ? "identity from the integrator's nameplate serial, confirmed at enrollment — weaker than a read from the device"
              : "identity fingerprint read from the device",
    },
    {
      level: "consistent",
      requirement: "NO_FAILED_CHECK",
      met: blocking.length === 0,
      detail:
        blocking.length === 0
          ? `no ${blockingChecks.join(", ")} check failed`
          : `failed: ${[...new Set(blocking.map((f) => f.code))].sort().join(", ")}`,
    },
    {
      level: "consistent",
      requirement: "NO_FAILED_CHALLENGE",
      met: challengeFailures.length === 0,
      detail:
        challengeFailures.length === 0
          ? facts.challenged
            ? "the last challenge of the period did not fail"
            : "not challenged in the period"
          : `the last challenge failed: ${challengeCodes.join(", ")}`,
    },
    ...(unsigned === undefined
      ? []
      : [
          {
            level: "consistent" as const,
            requirement: "SIGNED_SOURCE" as const,
            met: false,
            detail: `unsigned source: ${UNSIGNED_SOURCES[unsigned]} — nobody can re-verify its data, so it reaches at most connected; a live challenge is impossible`,
          },
        ]),
    {
      level: "live-verified",
      requirement: "LAST_CHALLENGE_PASSED",
      met: facts.challengePassed,
      detail: !facts.challenged
        ? "not challenged in the period"
        : facts.challengePassed
          ? "passed the last challenge of the period"
          : "failed the last challenge of the period",
    },
  ];
  // Issue 14 §4: only the gateway's key vouches for such a device's answers. Listed only for
  // OPC UA devices in that state, so every other device's requirements read as before.
  if (facts.isUnprovableOpcua === true)
    requirements.push({
      level: "live-verified",
      requirement: "DEVICE_PROOF_POSSIBLE",
      met: false,
      detail:
        "an OPC UA device that announced no server certificate cannot prove itself in a challenge: at most consistent",
    });
  let level: EvidenceLevel = "declared";
  for (const candidate of EVIDENCE_LEVELS) {
    if (requirements.filter((r) => r.level === candidate).every((r) => r.met)) level = candidate;
    else break;
  }
  const consistentOtherwise = requirements
    .filter((r) => r.level !== "live-verified" && r.requirement !== "SIGNED_SOURCE")
    .every((r) => r.met);
  const countsAsVerified =
    level === "consistent" ||
    level === "live-verified" ||
    (unsigned !== undefined && unsignedPolicy === "count" && consistentOtherwise);
  return {
    device: facts.device,
    level,
    requirements,
    blockingFlags: blockingCodes,
    ...(unsigned === undefined ? {} : { unsignedSource: unsigned }),
    countsAsVerified,
  };
}
