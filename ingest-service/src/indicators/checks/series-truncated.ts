import { type Flag, isoTime, makeFlag } from "../flags.js";
import type { SignalSeries } from "../inputs.js";

/**
 * A signal read only up to a report's bound on points (`SignalSeries.truncated`): its later points
 * are not judged by any check, and the report says so, by signal, with the last point it read.
 */
export function checkSeriesTruncated(device: string, series: readonly SignalSeries[]): Flag[] {
  return series
    .filter((s) => s.device === device && s.truncated === true)
    .map((s) => {
      const lastPointAt = s.points.reduce((last, p) => Math.max(last, p.t), Number.NEGATIVE_INFINITY);
      return makeFlag(
        "PLAUSIBILITY_SERIES_TRUNCATED",
        device,
        `Signal "${s.signal}" has more points in the period than a report reads (${s.points.length}, up to ${isoTime(lastPointAt)}): its later points are not judged; a shorter period reads them all.`,
        { signal: s.signal, points: s.points.length, lastPointAt },
      );
    });
}
