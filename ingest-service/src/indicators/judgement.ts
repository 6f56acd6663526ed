import { clipIntervals, type Interval, normaliseIntervals, totalLength } from "./intervals.js";
import type { JudgementParams } from "./params.js";
import type { Rate } from "./rate.js";

/** Why a rate is shown as "not yet judged" rather than as a number (issue 15 §4). */
export interface NotJudgedReason {
  readonly zh: string;
  readonly en: string;
  /** Declared working time observed since the rate's devices were registered. */
  readonly observedMs: number;
  readonly requiredMs: number;
}

/**
 * A rate with its judgement: `judged` false means too little working time was observed for its
 * value to say anything (a machine that has not had the time to run its first cycle is not a
 * 0 %). The value stays in the report for audit; views show the reason instead of it.
 */
export type Judged<R extends Rate> = R & {
  readonly judged: boolean;
  readonly notJudgedReason?: NotJudgedReason;
};

/**
 * The declared working time of the period during which at least one of `devices` was registered:
 * what has been observed of the rate's population so far.
 */
export function observedWorkingMs(
  working: readonly Interval[],
  windows: ReadonlyMap<string, Interval>,
  devices: readonly string[],
): number {
  const registered = normaliseIntervals(
    devices.flatMap((d) => {
      const w = windows.get(d);
      return w === undefined ? [] : [w];
    }),
  );
  return registered.reduce((sum, w) => sum + totalLength(clipIntervals(working, w)), 0);
}

/** A declared rate needs no observation: it is judged as declared. */
export function declaredJudged<R extends Rate>(rate: R): Judged<R> {
  return { ...rate, judged: true };
}

/**
 * A verified rate is judged once its devices' observed working time reaches
 * `minObservedWorkingMs`. A rate with no value (no devices, no working time) is judged: its
 * `reason` already says why there is no number, and "not yet" would promise one.
 */
export function verifiedJudged<R extends Rate>(
  rate: R,
  observedMs: number,
  params: JudgementParams,
): Judged<R> {
  const requiredMs = params.minObservedWorkingMs;
  if (rate.value === null || observedMs >= requiredMs) return { ...rate, judged: true };
  return {
    ...rate,
    judged: false,
    notJudgedReason: {
      zh: `尚未评判（已观察 ${durationText(observedMs, "zh")}，需要 ${durationText(requiredMs, "zh")}的工作时间）`,
      en: `not yet judged (observed ${durationText(observedMs, "en")} of the required ${durationText(requiredMs, "en")} of working time)`,
      observedMs,
      requiredMs,
    },
  };
}

/** Whole minutes under two hours, else hours to one decimal; seconds under a minute. */
export function durationText(ms: number, lang: "zh" | "en"): string {
  if (ms < 60_000) {
    const s = Math.floor(ms / 1000);
    return lang === "zh" ? `${s} 秒` : `${s} s`;
  }
  if (ms < 7_200_000) {
    const min = Math.floor(ms / 60_000);
    return lang === "zh" ? `${min} 分钟` : `${min} min`;
  }
  const h = Math.floor(ms / 360_000) / 10;
  return lang === "zh" ? `${h} 小时` : `${h} h`;
}
