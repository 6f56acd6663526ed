import { canonicalJson } from "./canonical-json.js";
import { copiedStreamFlags, findCopiedStreams, type PairExemption } from "./checks/copied-stream.js";
import { checkRelatedDevices } from "./checks/related-devices.js";
import { checkReplay, replayFlags } from "./checks/replay.js";
import { checkFingerprintUniqueness } from "./checks/uniqueness.js";
import { type CncRates, cncRates } from "./cnc-rate.js";
import { computeDevice, type DevicePeriodReport } from "./device-report.js";
import { digitalisationRates } from "./digitalisation-rate.js";
import { registrationWindow } from "./equipment.js";
import { type DeviceEvidence, EVIDENCE_LEVELS, type EvidenceLevel, evidenceLevel } from "./evidence-level.js";
import { compareFlags, type Flag } from "./flags.js";
import type { DeviceRelation, EnterpriseInput, IndustryKind, Period } from "./inputs.js";
import { type Interval, totalLength } from "./intervals.js";
import { declaredJudged, type Judged, observedWorkingMs, verifiedJudged } from "./judgement.js";
import type { VerifiedRate } from "./left-out.js";
import { type DeclaredAndVerified, networkingRates, type ScoredVerifiedRate } from "./networking-rate.js";
import { type NotComputable, notComputable } from "./not-computable.js";
import { compareText } from "./ordering.js";
import { DEFAULT_PARAMS, type IndicatorParams } from "./params.js";
import type { Rate, ScoredRate } from "./rate.js";
import { type MeanUtilisation, meanUtilisation } from "./utilisation.js";
import { workingIntervals } from "./working-calendar.js";

/** Bumped whenever the report's shape or any computation changes, so a verifier knows what it diffs. */
export const REPORT_FORMAT = "onramp.indicators.enterprise-report/3";

export interface EnterpriseReport {
  readonly format: typeof REPORT_FORMAT;
  readonly enterprise: string;
  readonly industryKind: IndustryKind;
  readonly period: Period;
  readonly params: IndicatorParams;
  /** Declared working time in the period. */
  readonly workingMs: number;
  /**
   * Verified rates count only devices at `consistent` or above and list the others (§4); each rate
   * says whether enough working time was observed to judge it (issue 15 §4, `judgement.ts`).
   */
  readonly rates: {
    /** INDICATORS §2.1, official. */
    readonly networking: DeclaredAndVerified<Judged<ScoredRate>, Judged<ScoredVerifiedRate>>;
    /** INDICATORS §2.2, official. */
    readonly digitalisation: DeclaredAndVerified<Judged<ScoredRate>, Judged<ScoredVerifiedRate>>;
    /** INDICATORS §2.3, practice. */
    readonly cnc: Omit<CncRates, "declared" | "verified"> &
      DeclaredAndVerified<Judged<Rate>, Judged<VerifiedRate>>;
  };
  /** INDICATORS §2.4, device-weighted mean over production equipment. */
  readonly utilisation: MeanUtilisation;
  /** INDICATORS §2.5 pooled over the enterprise's devices: Σ received ÷ Σ expected. */
  readonly completeness: { readonly value: number | null; readonly reason: NotComputable | null };
  /** INDICATORS §4: how many devices reached each level. */
  readonly evidenceLevels: Readonly<Record<EvidenceLevel, number>>;
  readonly devices: readonly (DevicePeriodReport & { readonly evidence: DeviceEvidence })[];
  /** Registry entries of the enterprise not registered at any time in the period. */
  readonly notInPeriod: readonly string[];
  /** Every flag, beside the numbers: none of them changes a number above. */
  readonly flags: readonly Flag[];
}

/**
 * Every indicator of one enterprise for one period (INDICATORS §2–§5), as a pure function of its
 * input and params: no clock, no I/O, deterministic order throughout, JSON-serialisable. The
 * evidence bundle embeds input, params and report; a verifier recomputes and compares
 * `canonicalReportJson` texts.
 */
export function computeEnterpriseReport(
  input: EnterpriseInput,
  params: IndicatorParams = DEFAULT_PARAMS,
): EnterpriseReport {
  const { enterprise, period } = input;
  const working = workingIntervals(enterprise.calendar, period);
  const registry = input.devices
    .filter((d) => d.enterprise === enterprise.id)
    .sort((a, b) => compareText(a.id, b.id));
  const inPeriod = registry.flatMap((device) => {
    const window = registrationWindow(device, period);
    return window === null ? [] : [{ device, window }];
  });
  const notInPeriod = registry.filter((d) => registrationWindow(d, period) === null).map((d) => d.id);

  const slices = {
    presence: byDevice(input.presence),
    ledger: byDevice(input.ledger),
    series: byDevice(input.series),
    resets: byDevice(input.resets),
    challenges: byDevice(input.challenges),
    mappingChanges: byDevice(input.mappingChanges),
    identityChanges: byDevice(input.identityChanges ?? []),
    nameplates: byDevice(input.nameplates ?? []),
  };
  const computed = inPeriod.map(({ device, window }) => {
    const own = {
      presence: slices.presence.get(device.id) ?? [],
      ledger: slices.ledger.get(device.id) ?? [],
      series: slices.series.get(device.id) ?? [],
      resets: slices.resets.get(device.id) ?? [],
      challenges: slices.challenges.get(device.id) ?? [],
      mappingChanges: slices.mappingChanges.get(device.id) ?? [],
      identityChanges: slices.identityChanges.get(device.id) ?? [],
      nameplates: slices.nameplates.get(device.id) ?? [],
    };
    return computeDevice(device, window, working, own, { period, enterprise }, params);
  });
  const crossDeviceFlags = [
    // INDICATORS §5 uniqueness
    ...checkFingerprintUniqueness(
      inPeriod.map(({ device }) => device),
      input.fingerprintPeers,
    ),
    // INDICATORS §5 replay / duplication
    ...(input.replay === undefined
      ? checkReplay(input.frames, params.replay, params.evidence.maxExamples)
      : replayFlags(input.replay.findings, params.replay)),
    // Issue 14: the same series under two devices, here and (found by the bureau) elsewhere
    ...copiedStreamFlags(
      [
        ...findCopiedStreams(
          input.series.map((s) => ({ ...s, enterprise: enterprise.id })),
          params.copiedStream,
          relatedPairs(input.relations ?? []),
        ),
        ...(input.copiedStreams ?? []),
      ],
      enterprise.id,
    ),
    // Issue 14: physical consistency between devices related in the registry
    ...checkRelatedDevices(
      input.relations ?? [],
      inPeriod.map(({ device }) => device),
      input.series,
      period,
      params.relations,
      params.presence,
    ),
  ];
  const flags = [...computed.flatMap((c) => c.flags), ...crossDeviceFlags].sort(compareFlags);

  const flagsByDevice = byDevice(flags);
  const devices = computed.map(({ report }, index) => {
    const source = inPeriod[index]?.device;
    // INDICATORS §4
    const evidence = evidenceLevel(
      {
        device: report.device,
        sentValidTelemetry: report.presence.framesInWindow > 0,
        fingerprintRead: source?.fingerprint !== undefined,
        ...(source?.identitySource === undefined ? {} : { identitySource: source.identitySource }),
        flags: flagsByDevice.get(report.device) ?? [],
        challengePassed: report.liveness.passed,
        challenged: report.liveness.challenge !== null,
        isUnprovableOpcua:
          params.liveness.requireDeviceProof &&
          (source?.identitySource?.startsWith("opcua-") ?? false) &&
          report.liveness.deviceProof?.status === "absent",
      },
      params.evidence.blockingChecks,
      params.evidence.unsignedSources,
    );
    return { ...report, evidence };
  });

  const computedRates = {
    networking: networkingRates(
      devices.map((d) => ({
        device: d.device,
        isProduction: d.isProduction,
        declaredNetworked: d.declared.networked,
        sentValidTelemetry: d.presence.framesInWindow > 0,
        onCloud: d.onCloud.onCloud,
        onlineShare: d.onCloud.onlineShare,
        completeness: d.onCloud.completeness,
        shortfalls: d.onCloud.shortfalls,
        evidence: d.evidence,
      })),
      totalLength(working) > 0,
    ),
    digitalisation: digitalisationRates(
      devices.map((d) => ({
        device: d.device,
        isProduction: d.isProduction,
        declaredDigital: d.declared.digital,
        sentValidTelemetry: d.presence.framesInWindow > 0,
        evidence: d.evidence,
      })),
    ),
    cnc: cncRates(
      devices.map((d) => ({
        device: d.device,
        isKeyProcess: d.isKeyProcess,
        declaredCnc: d.declared.cnc,
        control: d.cnc,
        sentValidTelemetry: d.presence.framesInWindow > 0,
        evidence: d.evidence,
      })),
      enterprise.industryKind,
    ),
  };
  // Issue 15 §4: a verified rate is judged on the working time observed since its devices were registered.
  const windows = new Map<string, Interval>(devices.map((d) => [d.device, d.window]));
  const judge = <D extends Rate, V extends Rate, P extends DeclaredAndVerified<D, V>>(
    pair: P & DeclaredAndVerified<D, V>,
  ): Omit<P, "declared" | "verified"> & DeclaredAndVerified<Judged<D>, Judged<V>> => ({
    ...pair,
    declared: declaredJudged(pair.declared),
    verified: verifiedJudged(
      pair.verified,
      observedWorkingMs(working, windows, pair.verified.denominatorDevices),
      params.judgement,
    ),
  });
  const rates = {
    networking: judge(computedRates.networking),
    digitalisation: judge(computedRates.digitalisation),
    cnc: judge(computedRates.cnc),
  };

  const received = devices.reduce((sum, d) => sum + d.completeness.received, 0);
  const expected = devices.reduce((sum, d) => sum + d.completeness.expected, 0);
  const evidenceLevels = Object.fromEntries(
    EVIDENCE_LEVELS.map((level) => [level, devices.filter((d) => d.evidence.level === level).length]),
  ) as Record<EvidenceLevel, number>;

  return {
    format: REPORT_FORMAT,
    enterprise: enterprise.id,
    industryKind: enterprise.industryKind,
    period: { from: period.from, to: period.to },
    params,
    workingMs: totalLength(working),
    rates,
    utilisation: meanUtilisation(devices.filter((d) => d.isProduction).map((d) => d.utilisation)),
    completeness:
      expected > 0
        ? { value: received / expected, reason: null }
        : { value: null, reason: notComputable("NO_ONLINE_TIME") },
    evidenceLevels,
    devices,
    notInPeriod,
    flags,
  };
}

/** A meter legitimately follows the machine it feeds: related devices are not "copies" of each other. */
function relatedPairs(relations: readonly DeviceRelation[]): PairExemption {
  const related = new Set(relations.flatMap((r) => [`${r.from}\u0000${r.to}`, `${r.to}\u0000${r.from}`]));
  return (a, b) => a.enterprise === b.enterprise && related.has(`${a.device}\u0000${b.device}`);
}

/** Items grouped by their `device`, each group in input order. */
function byDevice<T extends { readonly device: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.device);
    if (group === undefined) groups.set(item.device, [item]);
    else group.push(item);
  }
  return groups;
}

/** The report as canonical JSON (sorted keys, no whitespace): the text a verifier diffs. */
export function canonicalReportJson(report: EnterpriseReport): string {
  return canonicalJson(report);
}
