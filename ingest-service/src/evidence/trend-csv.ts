import type { BureauTrendPoint, TrendFigure, TrendPoint } from "../indicators/index.js";
import { PILOT_UTC_OFFSET_MINUTES } from "../indicators/index.js";

/**
 * Issue 15 §5: the trends as CSV (RFC 4180, CRLF), with a UTF-8 byte-order mark so Excel on a
 * Chinese Windows reads it as UTF-8 rather than GBK. Times are Beijing time with their offset,
 * rates are ratios in [0, 1]; an empty cell is a value there is none of, `judged` says whether the
 * bucket was observed long enough (a bucket that is not judged is not a 0).
 */

const BOM = "\uFEFF";

/** "2026-12-07T11:42:00+08:00". */
export function localIso(t: number): string {
  return `${new Date(t + PILOT_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 19)}+08:00`;
}

const cell = (v: string | number | boolean | null) => (v === null ? "" : String(v));
const lines = (rows: readonly (readonly (string | number | boolean | null)[])[]) =>
  `${BOM}${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;

const FIGURES = ["networking", "cnc", "onCloud"] as const;
const COLUMN = { networking: "networking_verified", cnc: "cnc_verified", onCloud: "on_cloud_share" } as const;

export function enterpriseTrendCsv(points: readonly TrendPoint[]): string {
  const header = [
    "bucket_from",
    "bucket_to",
    ...FIGURES.flatMap((f) => [COLUMN[f], `${COLUMN[f]}_devices`, `${COLUMN[f]}_of`, `${COLUMN[f]}_judged`]),
  ];
  const figure = (f: TrendFigure) => [f.value, f.numerator, f.denominator, f.judged];
  return lines([
    header,
    ...points.map((p) => [localIso(p.from), localIso(p.to), ...FIGURES.flatMap((f) => figure(p[f]))]),
  ]);
}

export function bureauTrendCsv(points: readonly BureauTrendPoint[]): string {
  const header = [
    "bucket_from",
    "bucket_to",
    ...FIGURES.flatMap((f) => [`${COLUMN[f]}_mean`, `${COLUMN[f]}_enterprises`]),
  ];
  return lines([
    header,
    ...points.map((p) => [
      localIso(p.from),
      localIso(p.to),
      ...FIGURES.flatMap((f) => [p[f].value, p[f].enterprises]),
    ]),
  ]);
}
