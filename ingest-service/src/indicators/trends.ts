import { cncTimeline, hasTimeIn } from "./cnc-rate.js";
import { dataCompleteness } from "./completeness.js";
import type { EnterpriseReport } from "./enterprise-report.js";
import type { EnterpriseInput, HourlyLedgerRow } from "./inputs.js";
import { clipIntervals, type Interval } from "./intervals.js";
import { observedWorkingMs } from "./judgement.js";
import { isEvidenced } from "./left-out.js";
import { onCloudForPeriod } from "./on-cloud.js";
import type { IndicatorParams } from "./params.js";
import { onlineIntervals } from "./presence.js";
import { workingIntervals } from "./working-calendar.js";

/** One figure of one bucket: devices counted ÷ devices in the denominator, judged or not. */
export interface TrendFigure {
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
  /** false: the bucket's observed working time is below `judgement.minObservedWorkingMs`. */
  readonly judged: boolean;
}

export interface TrendPoint {
  readonly from: number;
  readonly to: number;
  /** INDICATORS §2.1 verified: production equipment on cloud at `consistent` or above. */
  readonly networking: TrendFigure;
  /** INDICATORS §2.3 verified: key-process equipment seen under control and running. */
  readonly cnc: TrendFigure;
  /** INDICATORS §3: production equipment on cloud in the bucket, whatever its evidence level. */
  readonly onCloud: TrendFigure;
}

/**
 * Issue 15 §5: the verified networking rate, key-process CNC-ization rate and on-cloud share of one
 * enterprise, bucket by bucket, in one pass over the input and the report of the whole period.
 * Presence intervals and each device's evidence come from the report (computed once); each bucket
 * then applies INDICATORS §3 and §2.3 to its own slice — working hours, online time, ledger hours,
 * controller states — without recomputing the checks. A device's evidence level is the one it
 * holds for the whole period: a check failed on one day keeps it out of every day's verified
 * figures (the same device cannot be a different machine on Monday), which errs on the side of
 * the bureau. N reports, one per bucket, would each rerun every check over their bucket.
 */
export function enterpriseTrend(
  input: EnterpriseInput,
  report: Pick<EnterpriseReport, "devices">,
  buckets: readonly Interval[],
  params: IndicatorParams,
): TrendPoint[] {
  return enterpriseTrendMembers(input, report, buckets, params).map((p) => ({
    from: p.from,
    to: p.to,
    networking: countsOf(p.networking),
    cnc: countsOf(p.cnc),
    onCloud: countsOf(p.onCloud),
  }));
}

const countsOf = ({ counted: _c, of: _o, ...figure }: MemberTrendFigure): TrendFigure => figure;

/** A trend figure with the devices behind it: what a stored day keeps to aggregate weeks (trend-days.ts). */
export interface MemberTrendFigure extends TrendFigure {
  /** The devices in the numerator, sorted. */
  readonly counted: readonly string[];
  /** The devices in the denominator, sorted. */
  readonly of: readonly string[];
}

export interface MemberTrendPoint {
  readonly from: number;
  readonly to: number;
  readonly networking: MemberTrendFigure;
  readonly cnc: MemberTrendFigure;
  readonly onCloud: MemberTrendFigure;
}

/** `enterpriseTrend` with each figure's devices named (numerator and denominator). */
export function enterpriseTrendMembers(
  input: EnterpriseInput,
  report: Pick<EnterpriseReport, "devices">,
  buckets: readonly Interval[],
  params: IndicatorParams,
): MemberTrendPoint[] {
  const working = workingIntervals(input.enterprise.calendar, input.period);
  const records = new Map(input.devices.map((d) => [d.id, d]));
  const ledgerOf = new Map<string, HourlyLedgerRow[]>();
  for (const row of input.ledger) ledgerOf.set(row.device, [...(ledgerOf.get(row.device) ?? []), row]);
  const devices = report.devices.flatMap((d) => {
    const record = records.get(d.device);
    if (record === undefined) return [];
    return [
      {
        report: d,
        record,
        online: onlineIntervals(d.presence.intervals),
        evidenced: isEvidenced(d.evidence.level),
        control: cncTimeline(
          record,
          input.series.filter((s) => s.device === d.device),
          input.enterprise.industryKind,
          params.cnc,
        ),
      },
    ];
  });
  return buckets.map((bucket) => {
    const windows = new Map<string, Interval>();
    const onCloud = new Set<string>();
    const controlled = new Set<string>();
    for (const d of devices) {
      const w = d.report.window;
      const window = { from: Math.max(w.from, bucket.from), to: Math.min(w.to, bucket.to) };
      if (window.to <= window.from) continue;
      windows.set(d.report.device, window);
      const completeness = dataCompleteness(d.record, d.online, ledgerOf.get(d.report.device) ?? [], window);
      const state = onCloudForPeriod(clipIntervals(working, window), d.online, completeness, params.onCloud);
      if (state.onCloud === true) onCloud.add(d.report.device);
      if (
        d.control.isControllerSource &&
        hasTimeIn(d.control.stateTimes, window) &&
        hasTimeIn(d.control.activeTimes, window)
      )
        controlled.add(d.report.device);
    }
    const inBucket = devices.filter((d) => windows.has(d.report.device));
    const production = inBucket.filter((d) => d.report.isProduction);
    const keyProcess = inBucket.filter((d) => d.report.isKeyProcess);
    const figure = (
      population: typeof inBucket,
      counts: (d: (typeof inBucket)[number]) => boolean,
    ): MemberTrendFigure => {
      const names = population.map((d) => d.report.device);
      const counted = population.filter(counts).map((d) => d.report.device);
      const observed = observedWorkingMs(clipIntervals(working, bucket), windows, names);
      return {
        value: population.length === 0 ? null : counted.length / population.length,
        numerator: counted.length,
        denominator: population.length,
        judged: population.length === 0 || observed >= params.judgement.minObservedWorkingMs,
        counted: [...counted].sort(),
        of: [...names].sort(),
      };
    };
    return {
      from: bucket.from,
      to: bucket.to,
      networking: figure(production, (d) => d.evidenced && onCloud.has(d.report.device)),
      cnc: figure(keyProcess, (d) => d.evidenced && controlled.has(d.report.device)),
      onCloud: figure(production, (d) => onCloud.has(d.report.device)),
    };
  });
}

/** A bureau figure of one bucket: the mean of the judged enterprise values (INDICATORS §2.3 basis). */
export interface MeanTrendFigure {
  readonly value: number | null;
  /** Enterprises with a judged value in the bucket. */
  readonly enterprises: number;
}

export interface BureauTrendPoint {
  readonly from: number;
  readonly to: number;
  readonly networking: MeanTrendFigure;
  readonly cnc: MeanTrendFigure;
  readonly onCloud: MeanTrendFigure;
}

/** The bureau's trend: per bucket, the mean of the enterprises' judged values, each weighing the same. */
export function bureauTrend(
  buckets: readonly Interval[],
  enterprises: readonly (readonly TrendPoint[])[],
): BureauTrendPoint[] {
  const mean = (figures: readonly (TrendFigure | undefined)[]): MeanTrendFigure => {
    const values = figures.flatMap((f) =>
      f === undefined || !f.judged || f.value === null ? [] : [f.value],
    );
    return {
      value: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length,
      enterprises: values.length,
    };
  };
  return buckets.map((bucket, i) => {
    const at = enterprises.map((points) => points[i]);
    return {
      from: bucket.from,
      to: bucket.to,
      networking: mean(at.map((p) => p?.networking)),
      cnc: mean(at.map((p) => p?.cnc)),
      onCloud: mean(at.map((p) => p?.onCloud)),
    };
  });
}
