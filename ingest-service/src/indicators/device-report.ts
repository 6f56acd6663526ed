import { auditIdentityChanges, checkNameplateConfirmed } from "./checks/identity-changes.js";
import { checkLiveness, type LivenessResult } from "./checks/liveness.js";
import { auditMappingChanges } from "./checks/mapping-changes.js";
import { checkPlausibility } from "./checks/plausibility.js";
import { type CncEvidence, cncEvidence } from "./cnc-rate.js";
import { type Completeness, dataCompleteness } from "./completeness.js";
import { deviceHeartbeatMs, isKeyProcessEquipment, isProductionEquipment } from "./equipment.js";
import type { Flag } from "./flags.js";
import type {
  ChallengeResult,
  CounterReset,
  DeviceRecord,
  Enterprise,
  HourlyLedgerRow,
  IdentityChange,
  MappingChange,
  NameplateConfirmation,
  Period,
  PresenceEvent,
  SignalSeries,
} from "./inputs.js";
import { clipIntervals, type Interval } from "./intervals.js";
import { type OnCloudForPeriod, onCloudForPeriod } from "./on-cloud.js";
import type { IndicatorParams } from "./params.js";
import {
  framesOf,
  onlineIntervals,
  type PresenceInterval,
  type PresenceStatus,
  presenceIntervals,
  timeByStatus,
} from "./presence.js";
import { longestHoldMs } from "./signal-hold.js";
import { type DeviceUtilisation, deviceUtilisation } from "./utilisation.js";

/** Everything computed for one device registered in the period, before the enterprise roll-up. */
export interface DevicePeriodReport {
  readonly device: string;
  readonly class: string;
  readonly isProduction: boolean;
  readonly isKeyProcess: boolean;
  readonly declared: { readonly networked: boolean; readonly digital: boolean; readonly cnc: boolean };
  /** The part of the period the device was registered (INDICATORS §3 is judged on it). */
  readonly window: Interval;
  readonly heartbeatMs: number;
  readonly presence: {
    readonly intervals: readonly PresenceInterval[];
    readonly ms: Readonly<Record<PresenceStatus, number>>;
    readonly framesInWindow: number;
  };
  readonly completeness: Completeness;
  readonly onCloud: OnCloudForPeriod;
  readonly utilisation: DeviceUtilisation;
  readonly cnc: CncEvidence;
  readonly liveness: Omit<LivenessResult, "flags">;
  readonly mappingChanges: readonly MappingChange[];
  /** Fingerprint changes announced in the period (issue 14), oldest first. */
  readonly identityChanges: readonly IdentityChange[];
}

export interface DeviceComputation {
  readonly report: DevicePeriodReport;
  /** Plausibility, liveness and mapping flags of this device (uniqueness and replay span devices). */
  readonly flags: readonly Flag[];
}

/** The slices of an enterprise's input that concern one device. */
export interface DeviceInputs {
  readonly presence: readonly PresenceEvent[];
  readonly ledger: readonly HourlyLedgerRow[];
  readonly series: readonly SignalSeries[];
  readonly resets: readonly CounterReset[];
  readonly challenges: readonly ChallengeResult[];
  readonly mappingChanges: readonly MappingChange[];
  readonly identityChanges?: readonly IdentityChange[];
  readonly nameplates?: readonly NameplateConfirmation[];
}

/** INDICATORS §2–§5 for one device over its registration window inside the period. */
export function computeDevice(
  device: DeviceRecord,
  window: Interval,
  working: readonly Interval[],
  own: DeviceInputs,
  context: { readonly period: Period; readonly enterprise: Enterprise },
  params: IndicatorParams,
): DeviceComputation {
  const { period } = context;
  const heartbeatMs = deviceHeartbeatMs(device, params.presence);
  const events = own.presence;
  const intervals = presenceIntervals(events, heartbeatMs, params.presence, window);
  const online = onlineIntervals(intervals);
  // A run of frames never straddles the window's edges (evidence/frame-log-summary.ts splits them).
  const framesInWindow = events
    .filter((e) => e.kind === "frame" && e.at >= window.from && e.at < window.to)
    .reduce((n, e) => n + framesOf(e), 0);
  // INDICATORS §2.5
  const completeness = dataCompleteness(device, online, own.ledger, window);
  // INDICATORS §3, on working hours since the device was registered
  const onCloud = onCloudForPeriod(clipIntervals(working, window), online, completeness, params.onCloud);
  const series = own.series;
  const execution = series.filter((s) => s.role === "execution");
  // INDICATORS §2.4
  const utilisation = deviceUtilisation(
    device.id,
    execution,
    online,
    window,
    longestHoldMs(device, execution, params.presence),
  );
  // INDICATORS §2.3 verified
  const cnc = cncEvidence(device, series, period, context.enterprise.industryKind, params.cnc);
  // INDICATORS §5 plausibility and liveness; mapping audit trail
  const plausibility = checkPlausibility(device, series, own.resets, period, params);
  const liveness = checkLiveness(device, own.challenges, series, period, params.liveness, params.presence);
  const mapping = auditMappingChanges(device.id, own.mappingChanges, period);
  // Issue 14: identity changes and nameplate confirmation
  const identity = auditIdentityChanges(
    device.id,
    own.identityChanges ?? [],
    own.challenges,
    period,
    params.identity,
  );
  const nameplate = checkNameplateConfirmed(device, own.nameplates ?? []);
  const report: DevicePeriodReport = {
    device: device.id,
    class: device.class,
    isProduction: isProductionEquipment(device),
    isKeyProcess: isKeyProcessEquipment(device),
    declared: {
      networked: device.declaredNetworked,
      digital: device.declaredDigital,
      cnc: device.declaredCnc,
    },
    window,
    heartbeatMs,
    presence: { intervals, ms: timeByStatus(intervals), framesInWindow },
    completeness,
    onCloud,
    utilisation,
    cnc,
    liveness: { challenge: liveness.challenge, passed: liveness.passed, deviceProof: liveness.deviceProof },
    mappingChanges: mapping.changes,
    identityChanges: identity.changes,
  };
  return {
    report,
    flags: [...plausibility, ...liveness.flags, ...mapping.flags, ...identity.flags, ...nameplate],
  };
}
