// Public surface of the indicators core: pure computation of INDICATORS.md, no I/O, no clock.

export {
  aggregateForBureau,
  type BureauEntry,
  type BureauView,
  bureauEntryOf,
  type EnterpriseProfile,
  EnterpriseProfileSchema,
  type GroupSummary,
  type MeanOfRates,
  PILOT_INDUSTRIES,
  type PilotIndustry,
  type TargetTally,
} from "./bureau.js";
export { canonicalJson, type JsonValue } from "./canonical-json.js";
export { type ChangeSignature, changeEvents, changeSignature } from "./checks/change-signature.js";
export { checkConstantWhileRunning } from "./checks/constant-while-running.js";
export {
  type CopiedStreamMatch,
  copiedStreamFlags,
  findCopiedStreams,
  type StreamSeries,
} from "./checks/copied-stream.js";
export { type CopyFit, confirmCopy } from "./checks/copy-confirmation.js";
export { checkCounterDecreases } from "./checks/counters.js";
export { auditIdentityChanges } from "./checks/identity-changes.js";
export { checkLiveness, type LivenessResult, lastChallenge } from "./checks/liveness.js";
export { auditMappingChanges, type MappingAudit } from "./checks/mapping-changes.js";
export { checkOutOfRange } from "./checks/out-of-range.js";
export { checkPartCountStalled } from "./checks/part-count-stalled.js";
export { checkPlausibility } from "./checks/plausibility.js";
export {
  checkPeriodicSignal,
  checkSpacingRegularity,
  findRepetition,
  type Repetition,
  spacingCv,
} from "./checks/regularity.js";
export { checkRelatedDevices } from "./checks/related-devices.js";
export {
  byReceipt,
  checkReplay,
  type ReplayFinding,
  ReplayFold,
  replayFlags,
  replayFrameKey,
  type SessionStart,
  sessionRanks,
} from "./checks/replay.js";
export { checkSpindleWhileStopped } from "./checks/spindle-while-stopped.js";
export { type StreamCandidate, StreamIndex, type StreamKey } from "./checks/stream-index.js";
export {
  confirmStretchedCopy,
  fitTimeMap,
  stretchTokens,
  type TimeMap,
} from "./checks/stretch-signature.js";
export { checkFingerprintUniqueness } from "./checks/uniqueness.js";
export {
  type CncEvidence,
  type CncFacts,
  type CncRates,
  cncEvidence,
  cncRates,
  controllerClassesFor,
} from "./cnc-rate.js";
export { type Completeness, dataCompleteness } from "./completeness.js";
export type { DevicePeriodReport } from "./device-report.js";
export { type GatewayState, gatewayStateAt, type OnCloudStatus, onCloudStatusAt } from "./device-status.js";
export { type DigitalisationFacts, digitalisationRates } from "./digitalisation-rate.js";
export {
  canonicalReportJson,
  computeEnterpriseReport,
  type EnterpriseReport,
  REPORT_FORMAT,
} from "./enterprise-report.js";
export {
  deviceHeartbeatMs,
  isKeyProcessEquipment,
  isProductionEquipment,
  registrationWindow,
} from "./equipment.js";
export {
  type DeviceEvidence,
  EVIDENCE_LEVELS,
  type EvidenceFacts,
  type EvidenceLevel,
  evidenceLevel,
  type LevelRequirement,
  type RequirementCode,
} from "./evidence-level.js";
export { activeIntervals, EXECUTION_ACTIVE } from "./execution.js";
export {
  CHECK_NAMES,
  type CheckName,
  FLAG_CODES,
  type Flag,
  type FlagCode,
  type Severity,
} from "./flags.js";
export * from "./inputs.js";
export {
  clipIntervals,
  type Interval,
  intersectIntervals,
  normaliseIntervals,
  totalLength,
} from "./intervals.js";
export {
  declaredJudged,
  durationText,
  type Judged,
  type NotJudgedReason,
  observedWorkingMs,
  verifiedJudged,
} from "./judgement.js";
export {
  type EvidenceStanding,
  evidenceShortfall,
  isEvidenced,
  LEFT_OUT_CODES,
  type LeftOutCode,
  type LeftOutDevice,
  type LeftOutReason,
  type VerifiedRate,
} from "./left-out.js";
export {
  type DeclaredAndVerified,
  type NetworkingFacts,
  networkingRates,
  type ScoredVerifiedRate,
} from "./networking-rate.js";
export { NOT_COMPUTABLE, type NotComputable, type NotComputableCode } from "./not-computable.js";
export { type OnCloudForPeriod, type OnCloudShortfall, onCloudForPeriod } from "./on-cloud.js";
export {
  DEFAULT_PARAMS,
  type IndicatorParams,
  type IndicatorParamsInput,
  IndicatorParamsSchema,
  resolveParams,
} from "./params.js";
export {
  judgedPeriod,
  labelOf,
  PERIOD_KINDS,
  type PeriodKind,
  type PeriodLabel,
  type PeriodParam,
  PeriodParamSchema,
  type PeriodRequest,
  type PeriodResolution,
  PILOT_UTC_OFFSET_MINUTES,
  type ResolvedPeriod,
  resolvePeriod,
} from "./period.js";
export {
  type DeviceStatusAt,
  deviceStatusAt,
  onlineIntervals,
  type PresenceCause,
  type PresenceInterval,
  type PresenceStatus,
  presenceIntervals,
  timeByStatus,
} from "./presence.js";
export { type Rate, type ScoredRate, type SmeBand, type SmeScore, smeScore } from "./rate.js";
export {
  bucketFor,
  MAX_TREND_BUCKETS,
  MAX_TREND_PERIOD_MS,
  TREND_BUCKETS,
  type TrendBucket,
  trendBuckets,
} from "./trend-buckets.js";
export {
  aggregateDayFigures,
  aggregateDays,
  localDays,
  TREND_FIGURES,
} from "./trend-days.js";
export {
  type BureauTrendPoint,
  bureauTrend,
  enterpriseTrend,
  enterpriseTrendMembers,
  type MeanTrendFigure,
  type MemberTrendFigure,
  type MemberTrendPoint,
  type TrendFigure,
  type TrendPoint,
} from "./trends.js";
export {
  type DeviceUtilisation,
  deviceUtilisation,
  type MeanUtilisation,
  meanUtilisation,
} from "./utilisation.js";
export {
  type CalendarException,
  type Shift,
  type WeeklyShift,
  type WorkingCalendar,
  WorkingCalendarSchema,
  workingIntervals,
} from "./working-calendar.js";
