import { EnterpriseId } from "@onramp/contract";
import { z } from "zod";
import type { EnterpriseReport } from "./enterprise-report.js";
import { type NotComputable, notComputable } from "./not-computable.js";
import { compareText } from "./ordering.js";
import type { TargetParams } from "./params.js";

/** INDICATORS §6: the pilot's four sub-industries, and everything else. */
export const PILOT_INDUSTRIES = [
  "auto-parts",
  "advanced-transport-equipment",
  "integrated-circuits-and-communication-equipment",
  "advanced-structural-and-composite-materials",
  "other",
] as const;
export type PilotIndustry = (typeof PILOT_INDUSTRIES)[number];

/** What the bureau groups an enterprise by, from the registry. */
export const EnterpriseProfileSchema = z.strictObject({
  id: EnterpriseId,
  district: z.string().min(1),
  /** Development zone (开发区), null outside any zone. */
  developmentZone: z.string().min(1).nullable(),
  industry: z.enum(PILOT_INDUSTRIES),
  /** Above designated size (规模以上). */
  aboveScale: z.boolean(),
  /** Self-assessed SME digital level, stored as declared data; null if none declared. */
  smeDigitalLevel: z.number().min(0).nullable(),
});
export type EnterpriseProfile = z.infer<typeof EnterpriseProfileSchema>;

/**
 * A rate's declared and verified values; `judged: false` when the verified value was observed too
 * briefly to judge (issue 15 §4): it then counts in no mean and meets or misses no target.
 */
export interface BureauPair {
  readonly declared: number | null;
  readonly verified: number | null;
  readonly judged?: boolean;
}

/** One enterprise's figures as the bureau view needs them. */
export interface BureauEntry {
  readonly profile: EnterpriseProfile;
  readonly cnc: BureauPair;
  readonly networking: BureauPair;
  readonly digitalisation: BureauPair;
  /**
   * false when the SME digital level is "not yet judged" (DIGITAL_LEVEL_NOT_YET_JUDGED, issue 15
   * §4): it then meets or misses no target; absent is judged.
   */
  readonly smeDigitalLevelJudged?: boolean;
}

export function bureauEntryOf(profile: EnterpriseProfile, report: EnterpriseReport): BureauEntry {
  const pair = (p: {
    declared: { value: number | null };
    verified: { value: number | null; judged: boolean };
  }) => ({
    declared: p.declared.value,
    verified: p.verified.value,
    judged: p.verified.judged,
  });
  return {
    profile,
    cnc: pair(report.rates.cnc),
    networking: pair(report.rates.networking),
    digitalisation: pair(report.rates.digitalisation),
  };
}

/** A mean of enterprise rates, with how many enterprises it is taken over. */
export interface MeanOfRates {
  readonly value: number | null;
  readonly reason: NotComputable | null;
  readonly enterprises: number;
}

/** Which enterprises meet a target, miss it, have no value, or were observed too briefly to judge. */
export interface TargetTally {
  readonly target: number;
  readonly met: readonly string[];
  readonly missed: readonly string[];
  readonly notComputable: readonly string[];
  /** Issue 15 §4: a value observed too briefly is neither met nor missed. */
  readonly notJudged: readonly string[];
}

export interface GroupSummary {
  readonly key: string;
  readonly enterprises: readonly string[];
  readonly cnc: { readonly declared: MeanOfRates; readonly verified: MeanOfRates };
  readonly networking: { readonly declared: MeanOfRates; readonly verified: MeanOfRates };
  readonly digitalisation: { readonly declared: MeanOfRates; readonly verified: MeanOfRates };
  readonly targets: {
    readonly cnc: { readonly declared: TargetTally; readonly verified: TargetTally };
    /** Above-scale enterprises only. */
    readonly aboveScaleNetworking: { readonly declared: TargetTally; readonly verified: TargetTally };
    readonly smeDigitalLevel: TargetTally;
  };
}

export interface BureauView {
  readonly targets: TargetParams;
  readonly overall: GroupSummary;
  readonly byDistrict: readonly GroupSummary[];
  /** Enterprises outside any development zone are in no zone group. */
  readonly byDevelopmentZone: readonly GroupSummary[];
  /** Always the five industry groups, empty ones included. */
  readonly byIndustry: readonly GroupSummary[];
  readonly bySize: readonly GroupSummary[];
}

/** INDICATORS §2.3 basis: the average of enterprise rates, each enterprise weighing the same. */
function meanOf(values: readonly (number | null)[]): MeanOfRates {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0)
    return { value: null, reason: notComputable("NO_ENTERPRISE_WITH_VALUE"), enterprises: 0 };
  return {
    value: known.reduce((sum, v) => sum + v, 0) / known.length,
    reason: null,
    enterprises: known.length,
  };
}

function tally(
  entries: readonly BureauEntry[],
  valueFor: (e: BureauEntry) => number | null,
  target: number,
  isJudged: (e: BureauEntry) => boolean = () => true,
): TargetTally {
  const met: string[] = [];
  const missed: string[] = [];
  const unknown: string[] = [];
  const notJudged: string[] = [];
  for (const entry of entries) {
    const value = valueFor(entry);
    const list = value === null ? unknown : !isJudged(entry) ? notJudged : value >= target ? met : missed;
    list.push(entry.profile.id);
  }
  return { target, met, missed, notComputable: unknown, notJudged };
}

/** The verified value when it is judged (a pair without `judged` predates issue 15: judged). */
const judgedValue = (p: BureauPair) => (p.judged === false ? null : p.verified);

function summarise(key: string, group: readonly BureauEntry[], targets: TargetParams): GroupSummary {
  const entries = [...group].sort((a, b) => compareText(a.profile.id, b.profile.id));
  const both = (pick: (e: BureauEntry) => BureauPair) => ({
    declared: meanOf(entries.map((e) => pick(e).declared)),
    verified: meanOf(entries.map((e) => judgedValue(pick(e)))),
  });
  const aboveScale = entries.filter((e) => e.profile.aboveScale);
  return {
    key,
    enterprises: entries.map((e) => e.profile.id),
    cnc: both((e) => e.cnc),
    networking: both((e) => e.networking),
    digitalisation: both((e) => e.digitalisation),
    targets: {
      cnc: {
        declared: tally(entries, (e) => e.cnc.declared, targets.minCncRate),
        verified: tally(
          entries,
          (e) => e.cnc.verified,
          targets.minCncRate,
          (e) => e.cnc.judged !== false,
        ),
      },
      aboveScaleNetworking: {
        declared: tally(aboveScale, (e) => e.networking.declared, targets.minAboveScaleNetworkingRate),
        verified: tally(
          aboveScale,
          (e) => e.networking.verified,
          targets.minAboveScaleNetworkingRate,
          (e) => e.networking.judged !== false,
        ),
      },
      smeDigitalLevel: tally(
        entries,
        (e) => e.profile.smeDigitalLevel,
        targets.minSmeDigitalLevel,
        (e) => e.smeDigitalLevelJudged !== false,
      ),
    },
  };
}

function groupBy(
  entries: readonly BureauEntry[],
  keyOf: (e: BureauEntry) => string | null,
  targets: TargetParams,
  keys?: readonly string[],
): GroupSummary[] {
  const groups = new Map<string, BureauEntry[]>((keys ?? []).map((k) => [k, []]));
  for (const entry of entries) {
    const key = keyOf(entry);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const ordered = keys ?? [...groups.keys()].sort(compareText);
  return ordered.map((key) => summarise(key, groups.get(key) ?? [], targets));
}

/**
 * INDICATORS §6: the bureau view, by district, development zone, industry and size, against the
 * targets (CNC-ization ≥ 80 %, every above-scale enterprise's equipment networked, SME digital
 * level ≥ 2). Group rates are the mean of enterprise rates (§2.3: "national average of
 * enterprise rates"); tallies are reported for declared and verified figures side by side.
 */
export function aggregateForBureau(entries: readonly BureauEntry[], targets: TargetParams): BureauView {
  return {
    targets,
    overall: summarise("all", entries, targets),
    byDistrict: groupBy(entries, (e) => e.profile.district, targets),
    byDevelopmentZone: groupBy(entries, (e) => e.profile.developmentZone, targets),
    byIndustry: groupBy(entries, (e) => e.profile.industry, targets, PILOT_INDUSTRIES),
    bySize: groupBy(entries, (e) => (e.profile.aboveScale ? "above-scale" : "below-scale"), targets, [
      "above-scale",
      "below-scale",
    ]),
  };
}
