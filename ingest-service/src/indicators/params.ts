import { z } from "zod";
import { CHECK_NAMES } from "./flags.js";

/**
 * Every threshold the indicators and checks use, with its default and the reason for it. One
 * schema is both the documentation and the resolver: `resolveParams({})` is the defaults, and a
 * report embeds the resolved params so an offline verifier recomputes with exactly the same ones.
 */

const fraction = z.number().min(0).max(1);
const positiveMs = z.int().min(1);

/** INDICATORS §3: online / stale / offline from the age of the last valid frame. */
const PresenceParamsSchema = z.strictObject({
  /** k in "online while frames arrive within k × heartbeat" (INDICATORS §3, default k = 3). */
  staleAfterHeartbeats: z.number().positive().default(3),
  /** "offline after … 10 × heartbeat" (INDICATORS §3). */
  offlineAfterHeartbeats: z.number().positive().default(10),
  /**
   * Heartbeat used for a device whose record lists no signal (declared only, no profile yet).
   * One minute is the profiles' usual heartbeat; such a device cannot send frames anyway.
   */
  defaultHeartbeatMs: positiveMs.default(60_000),
});

/** INDICATORS §3 "on cloud for a period". */
const OnCloudParamsSchema = z.strictObject({
  /** Share of the declared working hours the device must be online (default 80 %). */
  minOnlineShare: fraction.default(0.8),
  /** Data completeness required while online (default 90 %). */
  minCompleteness: fraction.default(0.9),
});

/** INDICATORS §2.3: which device classes count as a "CNC/PLC source" of a controller state. */
const CncParamsSchema = z.strictObject({
  /** Discrete industries: numerically controlled machines and PLC-controlled ones. */
  discreteControllerClasses: z.array(z.string()).default(["cnc_machine_tool", "plc"]),
  /** Process industries: "under PLC/DCS control"; the profile vocabulary has no DCS class yet. */
  processControllerClasses: z.array(z.string()).default(["plc"]),
});

/** INDICATORS §5 replay / duplication. */
const ReplayParamsSchema = z.strictObject({
  /**
   * A repeated (session, seq) with the same signed bytes received within this time of the first
   * copy is an at-least-once redelivery (QoS 1 resend after a lost PUBACK, DESIGN §1), not a
   * replay. One hour covers a reconnect with a full spool; yesterday's frames fall far outside.
   */
  redeliveryWindowMs: positiveMs.default(3_600_000),
  /** A sample timestamp more than this after the frame's receipt lies in the future. */
  maxClockSkewMs: positiveMs.default(300_000),
  /**
   * Backwards steps of a series smaller than this are tolerated: device clocks are corrected
   * by NTP in small steps, and the agent batches samples read a few ms apart.
   */
  backwardsToleranceMs: z.int().min(0).default(1_000),
});

/** INDICATORS §5 plausibility. */
const PlausibilityParamsSchema = z.strictObject({
  /**
   * Controllers reset part counters to zero themselves (MTConnect PartCount at program or shift
   * start), so a drop to exactly 0 counts as a reset event when this is true.
   */
  dropToZeroIsReset: z.boolean().default(true),
  /**
   * Any other decrease is a reset only if the device's data shows a real gap around it: no sample
   * of any signal for this many device heartbeats (the shortest of its signals') between the two
   * counter samples. 3 is INDICATORS §3's k: a gap that made the device stale, which an honest
   * controller restart always causes and a gateway signing a status pair over flowing data never
   * does.
   */
  resetGapHeartbeats: z.number().positive().default(3),
  /** Roles that must change while a machine runs: a constant one means the stream is not read. */
  mustVaryWhileRunningRoles: z
    .array(z.string())
    .default(["spindle_load", "power_active", "current", "energy_total", "axis_position"]),
  /**
   * Minimum ACTIVE time in the period before a constant value counts as implausible: an energy
   * register with 0.1 kWh resolution on a 5 kW machine moves every 72 s; one hour leaves margin.
   */
  constantMinRunningMs: positiveMs.default(3_600_000),
  /**
   * ACTIVE running time, observed between two changes of a `part_count`, beyond which a counter
   * that never advanced is implausible. Two hours: cycle times in the pilot's auto-parts,
   * transport-equipment and electronics plants are seconds to tens of minutes, and a machine
   * counts a part at each program end (MTConnect PartCount), so a real machine running two hours
   * finishes many parts. Long single parts exist (aerospace structures, large moulds: 4–20 h): a
   * bureau raises this for enterprises in such industries; a prove-out or warm-up program runs
   * well under an hour.
   */
  partCountStallRunningMs: positiveMs.default(7_200_000),
  /** Samples needed inside the running time before a constant value is judged. */
  constantMinSamples: z.int().min(2).default(3),
  /** Intervals needed before the spacing of a series is judged. */
  spacingMinIntervals: z.int().min(2).default(20),
  /**
   * Coefficient of variation of sample spacing below which a series is "too regular". Polling on
   * a general-purpose OS jitters by ≥ 1 ms, so second-scale spacing has a CV above ~1e-3; a
   * script adding a fixed period to its clock gives 0.
   */
  spacingMinCv: z.number().min(0).default(0.0005),
  /**
   * Continuous physical measurements judged for periodicity. Commanded or discrete values
   * (spindle-speed and feed setpoints, tool numbers, programs) legitimately repeat with every part
   * of a repetitive job, and cumulative counters are ramps, so they are left out.
   */
  periodicRoles: z
    .array(z.string())
    .default([
      "power_active",
      "power_reactive",
      "power_apparent",
      "current",
      "voltage",
      "frequency",
      "temperature",
      "pressure",
      "flow",
      "spindle_load",
    ]),
  /** Samples needed before the periodicity of a series is judged. */
  periodicMinSamples: z.int().min(4).default(60),
  /** Complete repetitions a period must show to count. */
  periodicMinCycles: z.int().min(2).default(3),
  /** The periodicity test looks at the latest this-many samples (bounded O(n × lag) work). */
  periodicMaxSamples: z.int().min(8).default(2_048),
  /**
   * "Near-perfect": the RMS difference between the series and itself shifted by the period is at
   * most this share of its standard deviation (1 %); measurement noise alone exceeds it.
   */
  periodicTolerance: z.number().min(0).default(0.01),
  /**
   * The RMS step between consecutive samples must exceed the repetition error this many times,
   * so a smooth slow signal (tiny steps everywhere) is not mistaken for a periodic one.
   */
  periodicSmoothnessRatio: z.number().min(1).default(10),
  /** Execution states in which a turning spindle is implausible (INDICATORS §5: "stopped"). */
  spindleStoppedStates: z.array(z.string()).default(["STOPPED"]),
  /** Spindle speed above which the spindle turns (INDICATORS §5: "> 0"). */
  spindleTurningAbove: z.number().min(0).default(0),
  /** A spindle runs down for a few seconds after a stop; samples in this grace are not judged. */
  spindleStopGraceMs: z.int().min(0).default(10_000),
});

/** INDICATORS §5 liveness. */
const LivenessParamsSchema = z.strictObject({
  /** Bound on the challenge round trip; the cmd's own deadline applies when shorter. */
  maxRoundTripMs: positiveMs.default(10_000),
  /** Source timestamps may precede the challenge by this much (gateway vs cloud clock). */
  freshnessSkewMs: z.int().min(0).default(5_000),
  /** The device clock may differ from the cloud clock by this much before a warning. */
  maxDeviceClockSkewMs: z.int().min(0).default(60_000),
  /** The stream is compared with the reply within k × the signal's heartbeat around the challenge. */
  consistencyWindowHeartbeats: z.number().positive().default(3),
  /** A numeric reply value may lie this share of the stream's scale outside its observed range. */
  consistencyTolerance: z.number().min(0).default(0.05),
  /**
   * An `uncertain` reply value (OPC UA Uncertain*, e.g. a sensor out of calibration) is still
   * compared, with its slack multiplied by this: the device says it is not sure of it.
   */
  uncertainSlackFactor: z.number().min(1).default(2),
  /**
   * A device whose birth announced an OPC UA server certificate, or whose identity is one, must
   * answer every challenge with a valid device proof (LIVENESS_DEVICE_PROOF_MISSING otherwise):
   * the agent can always ask that server to sign, a forger cannot. false: a missing proof is
   * information only.
   */
  requireDeviceProof: z.boolean().default(true),
});

/** Issue 14: identity changes audited like mapping changes. */
const IdentityParamsSchema = z.strictObject({
  /**
   * Fingerprint changes a device may show in a period before it fails: one change is a machine
   * replaced (a warning, with old and new fingerprints); the second in one period is a pattern —
   * machines swapped in and out under one device id — and blocks "consistent". Default 1.
   */
  maxChanges: z.int().min(0).default(1),
});

/**
 * Issue 14, INDICATORS §5 uniqueness: the same series under two devices (checks/copied-stream.ts).
 * The defaults were measured on the simulators' random-walk meters and on programs that repeat.
 */
const CopiedStreamParamsSchema = z.strictObject({
  /**
   * Continuous physical measurements and cumulative energy: what a copier has to copy to fake a
   * working machine. Commanded values (spindle-speed and feed setpoints, programs, tools) repeat
   * legitimately on every machine running the same job, so they are left out.
   */
  roles: z
    .array(z.string())
    .default([
      "power_active",
      "power_reactive",
      "power_apparent",
      "current",
      "voltage",
      "frequency",
      "temperature",
      "pressure",
      "flow",
      "spindle_load",
      "energy_total",
      "energy_reactive_total",
    ]),
  /**
   * Tokens (value changes) per hashed window. 8 tokens of ~2,600 values each: two honest random
   * processes share a window by chance about once in 10²⁷ windows.
   */
  windowChanges: z.int().min(2).default(8),
  /** Winnowing window: keeps ~2/(w+1) of the window hashes; any 11 shared tokens share one. */
  winnowWindow: z.int().min(1).default(4),
  /**
   * Distinct windows ÷ windows a stream needs before it is judged: a repetitive program (the
   * same part cut again and again) repeats its windows and says nothing about who measured it.
   */
  minDistinctWindowShare: fraction.default(0.5),
  /** Shared fingerprints agreeing on one shift before a pair is compared exactly. */
  minVotes: z.int().min(1).default(3),
  /** Shifts within this width vote together; also how far the exact comparison searches. */
  shiftBucketMs: positiveMs.default(2_000),
  /** A fingerprint held by more streams than this is a common pattern and is not looked up. */
  maxPostings: z.int().min(2).default(64),
  /** Two changes correspond when, after the shift, their times differ by at most this. */
  alignToleranceMs: z.int().min(0).default(500),
  /**
   * Matched value changes before a copy is asserted: 50 irregular changes in a row agreeing in
   * time and value after one affine fit do not happen between two machines.
   */
  minMatchedChanges: z.int().min(3).default(50),
  /** Matched changes ÷ changes of the stream inside the overlap. */
  minCoverage: fraction.default(0.8),
  /**
   * Fit residual ÷ spread of the values: 0.5 %. Two meters on one bus still differ by their own
   * noise (the simulators' 1.5 % on power); a copy rescaled in floating point differs by ~10⁻¹².
   */
  maxRelativeResidual: z.number().min(0).default(0.005),
  /** Only the latest this-many changes of a stream are indexed (bounded work per stream). */
  maxChangesPerStream: z.int().min(10).default(20_000),
  /**
   * The stretch-tolerant pass (checks/stretch-signature.ts): a copy replayed up to this many
   * times slower or faster (time map t' = a·t + b with 1/maxStretch ≤ a ≤ maxStretch) is still
   * found. 2: a replay at half or double speed already shows a machine running at another rate;
   * 1 turns the pass off (it costs a second index of the same size).
   */
  maxStretch: z.number().min(1).max(8).default(2),
});

/** Issue 14: physical consistency between related devices (checks/related-devices.ts). */
const RelationParamsSchema = z.strictObject({
  /** A feeder reading at most this power (kW, after the profile's unit) is idle: below a CNC's cabinet and pumps. */
  idlePowerKw: z.number().min(0).default(0.5),
  /**
   * When above 0, the idle threshold is instead this share of the upper end of the meter's
   * `power_active` range. Off by default: the profiles' ranges are the meters' measuring limits
   * (±100 kW for an SDM630, ±3 GW for a PM5300), not the feeder's rating.
   */
  idlePowerShareOfRange: fraction.default(0),
  /** Execution states in which the fed machine draws power. */
  runningStates: z.array(z.string()).default(["ACTIVE"]),
  /** Spindle speed above which the spindle turns. */
  spindleTurningAbove: z.number().min(0).default(0),
  /**
   * Running time overlapping the feeder's data before a relation is judged: ten minutes of
   * running, so a meter's lag (the simulators' few seconds, real ones' 1-s averaging) is noise.
   */
  minOverlapMs: positiveMs.default(600_000),
  /** After the machine starts, the feeder's power may still read idle this long (motor run-up, meter averaging). */
  graceMs: z.int().min(0).default(15_000),
  /** Share of the running time the feeder may read idle before the relation fails. */
  maxIdleShare: fraction.default(0.2),
  /**
   * Energy the feeder must add per hour the fed machine runs, kWh: a running CNC draws ≥ 1 kW;
   * half of that leaves room for a meter register with 0.1 kWh resolution.
   */
  minEnergyPerRunningHourKwh: z.number().min(0).default(0.5),
  /** A line's states that mean "running" and the PLC states that must then also say so. */
  lineRunningStates: z.array(z.string()).default(["ACTIVE", "EXECUTE"]),
});

/** INDICATORS §4: which checks' failures keep a device from "consistent". */
const EvidenceParamsSchema = z.strictObject({
  /**
   * §4 names plausibility and uniqueness; replay is added because a replayed or duplicated
   * stream is a (session, seq) uniqueness failure and says the data is not the machine's;
   * identity (issue 14) because a device whose identity keeps changing, or whose nameplate serial
   * was never confirmed, is not shown to be one machine.
   */
  blockingChecks: z.array(z.enum(CHECK_NAMES)).default(["uniqueness", "replay", "plausibility", "identity"]),
  /** How many offending items a flag that counts occurrences carries as examples in its data. */
  maxExamples: z.int().min(1).default(5),
  /**
   * Issue 20: devices behind an unsigned source (Sparkplug B gateways) reach at most `connected`.
   * `separate` (default): shown, left out of verified rates with reason UNSIGNED_SOURCE and counted
   * apart; `count`: counted as verified when all else holds (the bureau's choice for its pilot).
   */
  unsignedSources: z.enum(["separate", "count"]).default("separate"),
});

/** Issue 15 §4 / INDICATORS §6: when a verified rate has been observed long enough to judge. */
const JudgementParamsSchema = z.strictObject({
  /**
   * Declared working time, since its devices were registered, a verified rate needs before it is
   * judged; before that it is "not yet judged", never a 0 %. Three minutes is INDICATORS §3's
   * k × heartbeat at the default heartbeat (3 × 60 s): until then a device that has not sent
   * cannot be told from one whose first heartbeat is still to come. The demo's honest machines
   * (first cycle within two minutes) are judged well inside its five minutes.
   */
  minObservedWorkingMs: z.int().min(0).default(180_000),
});

/** INDICATORS §6: bureau targets. */
const TargetParamsSchema = z.strictObject({
  /** Key-process CNC-ization ≥ 80 %. */
  minCncRate: fraction.default(0.8),
  /** "All above-scale enterprises' equipment networked": 100 % for above-scale enterprises. */
  minAboveScaleNetworkingRate: fraction.default(1),
  /** SME digital level ≥ 2 (self-assessed, declared data). */
  minSmeDigitalLevel: z.number().min(0).default(2),
});

export const IndicatorParamsSchema = z.strictObject({
  presence: PresenceParamsSchema.prefault({}),
  onCloud: OnCloudParamsSchema.prefault({}),
  cnc: CncParamsSchema.prefault({}),
  replay: ReplayParamsSchema.prefault({}),
  plausibility: PlausibilityParamsSchema.prefault({}),
  liveness: LivenessParamsSchema.prefault({}),
  identity: IdentityParamsSchema.prefault({}),
  evidence: EvidenceParamsSchema.prefault({}),
  copiedStream: CopiedStreamParamsSchema.prefault({}),
  relations: RelationParamsSchema.prefault({}),
  judgement: JudgementParamsSchema.prefault({}),
  targets: TargetParamsSchema.prefault({}),
});

export type IndicatorParams = z.infer<typeof IndicatorParamsSchema>;
export type IndicatorParamsInput = z.input<typeof IndicatorParamsSchema>;
export type PresenceParams = IndicatorParams["presence"];
export type OnCloudParams = IndicatorParams["onCloud"];
export type ReplayParams = IndicatorParams["replay"];
export type PlausibilityParams = IndicatorParams["plausibility"];
export type LivenessParams = IndicatorParams["liveness"];
export type IdentityParams = IndicatorParams["identity"];
export type TargetParams = IndicatorParams["targets"];
export type JudgementParams = IndicatorParams["judgement"];
export type EvidenceParams = IndicatorParams["evidence"];
export type CopiedStreamParams = IndicatorParams["copiedStream"];
export type RelationParams = IndicatorParams["relations"];

/** Fills every threshold not given with its default; throws on a malformed override. */
export function resolveParams(overrides: IndicatorParamsInput = {}): IndicatorParams {
  return IndicatorParamsSchema.parse(overrides);
}

export const DEFAULT_PARAMS: IndicatorParams = resolveParams();
