import {
  CauseSchema,
  DeviceClass,
  DeviceId,
  DeviceProofSchema,
  type DeviceSamples,
  EnterpriseId,
  EpochMs,
  GatewayId,
  ReplySampleSchema,
  RequestId,
  SampleSchema,
  SessionId,
  SignalId,
} from "@onramp/contract";
import { ROLES } from "@onramp/profiles";
import { z } from "zod";
import { WorkingCalendarSchema } from "./working-calendar.js";

/**
 * What the indicators are computed from. The I/O layer fills these from the registry, the SQL
 * presence and ledger tables and the telemetry store; the evidence bundle embeds them so an
 * offline verifier can parse them with these schemas and recompute. All times are epoch ms on
 * the cloud clock unless a field says otherwise.
 */

/** Half-open [from, to). */
export const PeriodSchema = z
  .strictObject({ from: EpochMs, to: EpochMs })
  .refine((p) => p.to > p.from, { message: "a period must end after it starts", path: ["to"] });
export type Period = z.infer<typeof PeriodSchema>;

/** One signal of a device as its effective profile declares it. */
export const SignalSpecSchema = z.strictObject({
  id: SignalId,
  role: z.enum(ROLES),
  /** Maximum interval between reports, resolved by the I/O layer from profile and agent config. */
  heartbeatMs: z.int().min(1),
  /** The profile's plausible range (numeric signals only). */
  range: z.tuple([z.number(), z.number()]).optional(),
  /**
   * The profile's report-by-exception deadband, as the profile states it: `absolute` in the
   * signal's unit, `percentOfRange` of the range span (OPC 10000-8 §6.2). A value may move this
   * much without a new sample, so the liveness consistency test allows it as slack.
   */
  deadband: z
    .discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("absolute"), value: z.number().min(0) }),
      z.strictObject({ kind: z.literal("percentOfRange"), value: z.number().min(0).max(100) }),
    ])
    .optional(),
  /** The profile's UCUM-style unit (`kW`, `W`, `kWh`…): the relation checks compare powers in kW. */
  unit: z.string().min(1).optional(),
});
export type SignalSpec = z.infer<typeof SignalSpecSchema>;

/** A registry entry with the enterprise's declarations (INDICATORS §1). */
export const DeviceRecordSchema = z.strictObject({
  id: DeviceId,
  enterprise: EnterpriseId,
  /** Device class of the effective profile (`cnc_machine_tool`, `energy_meter`, …). */
  class: DeviceClass,
  /** Marked by the enterprise as serving a key process (关键工序). */
  keyProcess: z.boolean(),
  /** Declared networked (INDICATORS §2.1 declared rate). */
  declaredNetworked: z.boolean(),
  /** Declared digital (INDICATORS §2.2 declared rate). */
  declaredDigital: z.boolean(),
  /** Declared numerically controlled; in a process industry, declared under PLC/DCS control. */
  declaredCnc: z.boolean(),
  /** Identity fingerprint read from the device itself (birth), absent until read. */
  fingerprint: z.string().min(1).optional(),
  /** Where the current fingerprint came from (the birth's `identity.source`; `nameplate`: typed in). */
  identitySource: z.string().min(1).max(64).optional(),
  /**
   * SHA-256 (hex) of the OPC UA server certificate the device's birth announced: a challenge
   * reply's device proof must be signed with that certificate's key (issue 14 §4b).
   */
  certificateSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  registeredAt: EpochMs,
  /** Set when the device left the registry (scrapped, sold). */
  retiredAt: EpochMs.optional(),
  signals: z.array(SignalSpecSchema),
});
export type DeviceRecord = z.infer<typeof DeviceRecordSchema>;

export const PresenceEventKindSchema = z.enum([
  "frame",
  "status-connected",
  "status-disconnected",
  "status-error",
  "death",
  "gateway-online",
  "gateway-offline",
]);
export type PresenceEventKind = z.infer<typeof PresenceEventKindSchema>;

/**
 * One presence-relevant event for one device: a valid data frame carrying its samples, a device
 * status event, the death of the gateway serving it (graceful or last will; `at` is the broker's
 * delivery time), or a change of that gateway's connection. Gateway events are fanned out to the
 * devices of the gateway's birth by the I/O layer.
 */
export const PresenceEventSchema = z.strictObject({
  device: DeviceId,
  at: EpochMs,
  kind: PresenceEventKindSchema,
  gateway: GatewayId.optional(),
  cause: CauseSchema.optional(),
  /**
   * A `frame` event may stand for a run of frames of one gateway: the first received at `at`, the
   * last at `until`, `frames` in all, no two consecutive ones further apart than the device's
   * stale threshold, and no other event of the device between them. Presence reads such a run as
   * those frames, one by one, would read (online throughout): a frame log too long to hold is
   * handed to the report this way (evidence/frame-log-summary.ts).
   */
  until: EpochMs.optional(),
  frames: z.int().min(2).optional(),
});
export type PresenceEvent = z.infer<typeof PresenceEventSchema>;

/** One row of the hourly per-device ledger. */
export const HourlyLedgerRowSchema = z.strictObject({
  device: DeviceId,
  /** Start of the UTC hour the row counts. */
  hourStart: EpochMs,
  frames: z.int().min(0),
  /** Accepted samples (duplicates and rejected frames excluded). */
  samples: z.int().min(0),
  /** The same samples per signal, when the ledger keeps them; completeness is then per signal. */
  samplesBySignal: z.record(SignalId, z.int().min(0)).optional(),
  /** Missing seq numbers. */
  gaps: z.int().min(0),
  duplicates: z.int().min(0),
  rejections: z.int().min(0),
});
export type HourlyLedgerRow = z.infer<typeof HourlyLedgerRowSchema>;

export const SeriesPointSchema = SampleSchema.omit({ s: true });
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;

/** One signal's stored samples in the period, as the telemetry store returns them. */
export const SignalSeriesSchema = z.strictObject({
  device: DeviceId,
  signal: SignalId,
  role: z.enum(ROLES),
  points: z.array(SeriesPointSchema),
  /**
   * More points of the signal lie in the period after the last one here: the loader read the
   * store up to a report's bound (evidence/load-input.ts `LIMITS.maxPointsPerSignal`). The report
   * says so (PLAUSIBILITY_SERIES_TRUNCATED) rather than judging the rest as silence.
   */
  truncated: z.literal(true).optional(),
});
export type SignalSeries = z.infer<typeof SignalSeriesSchema>;

/**
 * One device's sample times in a data frame, per signal, each signal's times in the order the
 * frame carried them. This is all the frame log keeps of a data frame's samples: the values live
 * in the telemetry store (the `series` input), and the replay checks read only device, signal and
 * time. Storing full samples again cost PGlite 1,662 µs per 500-sample frame (jsonb, 29 KB);
 * these times as json cost 148 µs (7.7 KB).
 */
export const FrameDeviceTimesSchema = z.strictObject({
  dev: DeviceId,
  times: z.record(SignalId, z.array(EpochMs).min(1)),
});
export type FrameDeviceTimes = z.infer<typeof FrameDeviceTimesSchema>;

/**
 * The sample times of a data frame's devices: one entry per device entry of the frame, signals in
 * the order of their first sample, each signal's times in sample order.
 */
export function sampleTimesOf(devices: readonly DeviceSamples[]): FrameDeviceTimes[] {
  return devices.map(({ dev, samples }) => {
    // A Map, not an object literal: a signal id such as `constructor` must not meet a prototype.
    const times = new Map<string, number[]>();
    for (const { s, t } of samples) {
      const list = times.get(s);
      if (list === undefined) times.set(s, [t]);
      else list.push(t);
    }
    return { dev, times: Object.fromEntries(times) };
  });
}

/**
 * A sample that shows the device answering: good quality and a value (INDICATORS §4, last
 * sentence). Only such samples make a device online or complete; `uncertain` is a server's held
 * or substituted value (OPC 10000-8 §6.3.2), not the device answering.
 */
export function isSignOfLife(sample: { readonly q: string; readonly v: unknown }): boolean {
  return sample.q === "good" && sample.v !== null;
}

/**
 * A verified data frame as received, in receipt order: what the replay checks look at. `digest`
 * is any stable digest of the signed bytes (the JWS signature will do: Ed25519 is deterministic).
 */
export const ReceivedFrameSchema = z.strictObject({
  receivedAt: EpochMs,
  digest: z.string().min(1),
  gw: GatewayId,
  sess: SessionId,
  seq: z.int().min(0),
  /** Sending time on the gateway clock. */
  ts: EpochMs,
  devices: z.array(FrameDeviceTimesSchema),
});
export type ReceivedFrame = z.infer<typeof ReceivedFrameSchema>;

/** One device's occurrences of one replay code (INDICATORS §5): the count and the first examples. */
export const ReplayFindingSchema = z.strictObject({
  device: DeviceId,
  code: z.enum([
    "REPLAY_SEQ_CONFLICT",
    "REPLAY_SEQ_REPEATED",
    "REPLAY_SESSION_REAPPEARED",
    "REPLAY_SAMPLE_TIME_BACKWARDS",
    "REPLAY_SAMPLE_TIME_FUTURE",
  ]),
  count: z.int().min(1),
  examples: z.array(z.record(z.string(), z.union([z.string(), z.number()]))),
});

export const ReplaySummarySchema = z.strictObject({
  /** Data frames the check read, every copy counted. */
  frames: z.int().min(0),
  findings: z.array(ReplayFindingSchema),
  /**
   * Every (gateway, session, seq) received more than once, any kind, with its first receipt: only
   * that copy was a sign of life (a bundle's verifier reads this in place of the frames).
   */
  repeated: z.array(
    z.strictObject({ gw: GatewayId, sess: SessionId, seq: z.int().min(0), firstReceivedAt: EpochMs }),
  ),
});
export type ReplaySummary = z.infer<typeof ReplaySummarySchema>;

/** A recorded reset of a cumulative counter (by the operator or reported by the device). */
export const CounterResetSchema = z.strictObject({ device: DeviceId, signal: SignalId, at: EpochMs });
export type CounterReset = z.infer<typeof CounterResetSchema>;

/** The signed reply to a challenge, after signature verification by the I/O layer. */
export const ChallengeReplyObservationSchema = z.strictObject({
  receivedAt: EpochMs,
  signatureValid: z.boolean(),
  ok: z.boolean(),
  nonce: z.string(),
  /** `t` the read time, `src` the device's source timestamp (informative only). */
  samples: z.array(ReplySampleSchema),
  deviceClock: EpochMs.optional(),
  error: CauseSchema.optional(),
  /** The device's own signature over the nonce, as the signed reply carried it; re-verified when judged. */
  deviceProof: DeviceProofSchema.optional(),
});
export type ChallengeReplyObservation = z.infer<typeof ChallengeReplyObservationSchema>;

/** A challenge sent to a device and what came back (null: nothing before the deadline). */
export const ChallengeResultSchema = z.strictObject({
  device: DeviceId,
  id: RequestId,
  issuedAt: EpochMs,
  nonce: z.string(),
  deadlineMs: z.int().min(1),
  /** The signals the cmd asked for (the bureau's choice); absent: the device's whole profile. */
  signals: z.array(SignalId).optional(),
  reply: ChallengeReplyObservationSchema.nullable(),
});
export type ChallengeResult = z.infer<typeof ChallengeResultSchema>;

/** A change of a device's effective-mapping hash, seen in a birth. */
export const MappingChangeSchema = z.strictObject({
  device: DeviceId,
  at: EpochMs,
  gateway: GatewayId,
  /** null for the device's first mapping. */
  previousHash: z.string().nullable(),
  hash: z.string(),
  previousClass: DeviceClass.nullable(),
  class: DeviceClass,
  previousProfile: z.string().nullable(),
  profile: z.string(),
});
export type MappingChange = z.infer<typeof MappingChangeSchema>;

/**
 * A change of a device's identity fingerprint seen in a birth (issue 14: "identity changes
 * audited like mapping changes"). The device's first fingerprint has no previous one.
 */
export const IdentityChangeSchema = z.strictObject({
  device: DeviceId,
  at: EpochMs,
  gateway: GatewayId,
  previousFingerprint: z.string().nullable(),
  fingerprint: z.string().min(1),
  previousSource: z.string().nullable(),
  source: z.string().min(1),
});
export type IdentityChange = z.infer<typeof IdentityChangeSchema>;

/** A device's rating-plate serial as the gateway's enrollment confirmed it (identity method nameplate). */
export const NameplateConfirmationSchema = z.strictObject({
  device: DeviceId,
  gateway: GatewayId,
  serial: z.string().min(1),
  fingerprint: z.string().min(1),
  confirmedAt: EpochMs,
});
export type NameplateConfirmation = z.infer<typeof NameplateConfirmationSchema>;
const StreamKeySchema = z.strictObject({ enterprise: z.string(), device: z.string(), signal: z.string() });
export const CopiedStreamMatchSchema = z.strictObject({
  a: StreamKeySchema,
  b: StreamKeySchema,
  fit: z.strictObject({
    shiftMs: z.number(),
    scale: z.number(),
    offset: z.number(),
    matchedChanges: z.int().min(0),
    coverage: z.number(),
    relativeResidual: z.number(),
    overlapMs: z.number(),
    /** Time of b = stretch × time of a + …, when the stretch-tolerant pass found the pair; absent: 1. */
    stretch: z.number().positive().optional(),
  }),
});

/** A registry entry elsewhere (this or another enterprise) with a fingerprint, for uniqueness. */
export const FingerprintClaimSchema = z.strictObject({
  device: DeviceId,
  enterprise: EnterpriseId,
  fingerprint: z.string().min(1),
});
export type FingerprintClaim = z.infer<typeof FingerprintClaimSchema>;

/**
 * A relation between two devices of one enterprise, declared in the registry (issue 14):
 * `feeds` — meter `from` measures the supply of machine `to`; `runs` — PLC `from` runs line `to`.
 */
export const DeviceRelationKindSchema = z.enum(["feeds", "runs"]);
export type DeviceRelationKind = z.infer<typeof DeviceRelationKindSchema>;
export const DeviceRelationSchema = z.strictObject({
  kind: DeviceRelationKindSchema,
  from: DeviceId,
  to: DeviceId,
});
export type DeviceRelation = z.infer<typeof DeviceRelationSchema>;

/** Discrete manufacturing counts CNC machines; process industries count PLC/DCS control (§2.3). */
export const IndustryKindSchema = z.enum(["discrete", "process"]);
export type IndustryKind = z.infer<typeof IndustryKindSchema>;

export const EnterpriseSchema = z.strictObject({
  id: EnterpriseId,
  industryKind: IndustryKindSchema,
  calendar: WorkingCalendarSchema,
});
export type Enterprise = z.infer<typeof EnterpriseSchema>;

/**
 * Everything one enterprise report is a function of. Presence events must reach back before the
 * period far enough to hold the last frame before it (the state at `from` depends on it).
 */
export const EnterpriseInputSchema = z.strictObject({
  enterprise: EnterpriseSchema,
  period: PeriodSchema,
  devices: z.array(DeviceRecordSchema),
  presence: z.array(PresenceEventSchema),
  ledger: z.array(HourlyLedgerRowSchema),
  series: z.array(SignalSeriesSchema),
  frames: z.array(ReceivedFrameSchema),
  resets: z.array(CounterResetSchema),
  challenges: z.array(ChallengeResultSchema),
  mappingChanges: z.array(MappingChangeSchema),
  /** Registry entries (any enterprise) sharing a fingerprint with one of this enterprise's devices. */
  fingerprintPeers: z.array(FingerprintClaimSchema),
  /** Every fingerprint change seen in births in the period (absent in bundles made before issue 14). */
  identityChanges: z.array(IdentityChangeSchema).optional(),
  /** Nameplate serials confirmed at enrollment for the enterprise's devices (latest per device and gateway). */
  nameplates: z.array(NameplateConfirmationSchema).optional(),
  /** Relations between this enterprise's devices declared in the registry (issue 14). */
  relations: z.array(DeviceRelationSchema).optional(),
  /**
   * Copies found by the bureau's index between this enterprise's streams and other enterprises'
   * (the enterprise's own streams are compared inside the report). Another enterprise's device is
   * named only as such here: its identity is the bureau's to see.
   */
  copiedStreams: z.array(CopiedStreamMatchSchema).optional(),
  /**
   * The replay check's findings, when the frame log of the period (with its history) was too long
   * to hand over as `frames` and was streamed through the check by the loader instead; `frames` is
   * then empty and `frames` here says how many data frames the check read.
   */
  replay: ReplaySummarySchema.optional(),
});
export type EnterpriseInput = z.infer<typeof EnterpriseInputSchema>;
