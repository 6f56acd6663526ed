import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { TrendBucketName } from "../api/period.js";
import { type MessageKey, useI18n } from "../i18n/i18n.js";

/** One bucket of a trend: the three figures as ratios, null where there is no judged value. */
export interface TrendRow {
  from: number;
  to: number;
  networking: number | null;
  cnc: number | null;
  onCloud: number | null;
}

const SERIES: readonly {
  key: "networking" | "cnc" | "onCloud";
  label: MessageKey;
  stroke: string;
  dash?: number[];
}[] = [
  { key: "networking", label: "trends.networking", stroke: "#0b5cad" },
  { key: "cnc", label: "trends.cnc", stroke: "#b35c00", dash: [6, 3] },
  { key: "onCloud", label: "trends.onCloud", stroke: "#2f7d32", dash: [2, 3] },
];

/**
 * Issue 15 §5: the verified networking rate, key-process CNC-ization rate and on-cloud share per
 * bucket, drawn with uPlot as the signal charts are; a bucket not yet judged is a gap, never a 0.
 * The same figures follow as a table, for screen readers and for reading exact values.
 */
export function TrendChart({ rows, bucket }: { rows: TrendRow[]; bucket: TrendBucketName }) {
  const { t, locale, percent } = useI18n();
  // Buckets are cut at Beijing-time boundaries: shown in Beijing time whatever the browser's zone.
  const bucketStart = new Intl.DateTimeFormat(locale, {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  });
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (el === null || rows.length === 0) return;
    const fmt = new Intl.DateTimeFormat(locale, {
      dateStyle: "short",
      ...(bucket === "hour" ? { timeStyle: "short" } : {}),
      timeZone: "Asia/Shanghai",
    });
    const xs = rows.map((r) => r.from / 1000);
    const pct = (v: number | null) => (v === null ? null : v * 100);
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 220,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Asia/Shanghai"),
        // The whole period, even for a single bucket (uPlot would otherwise pad one point by years).
        scales: {
          x: { time: true, range: [xs[0] ?? 0, (rows.at(-1)?.to ?? 0) / 1000] },
          y: { range: [0, 100] },
        },
        series: [
          { label: t("trends.bucket"), value: (_u, v) => (v == null ? "" : fmt.format(v * 1000)) },
          ...SERIES.map((s) => ({
            label: t(s.label),
            stroke: s.stroke,
            width: 2,
            ...(s.dash === undefined ? {} : { dash: s.dash }),
            points: { show: true },
            spanGaps: false,
            value: (_u: uPlot, v: number | null) => (v == null ? "—" : `${v.toFixed(1)} %`),
          })),
        ],
        axes: [{}, { values: (_u, ticks) => ticks.map((v) => `${v} %`) }],
      },
      [xs, ...SERIES.map((s) => rows.map((r) => pct(r[s.key])))],
      el,
    );
    return () => plot.destroy();
  }, [rows, bucket, locale, t]);
  const caption = t("trends.caption", { bucket: t(`bucket.${bucket}`) });
  return (
    <figure class="chart trend-chart" data-buckets={rows.length}>
      <figcaption>{caption}</figcaption>
      <div ref={host} role="img" aria-label={caption} />
      <details>
        <summary>{t("trends.table")}</summary>
        <table class="trend-table">
          <thead>
            <tr>
              <th scope="col">{t("trends.bucket")}</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col">
                  {t(s.label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.from} data-bucket={r.from}>
                <td>{bucketStart.format(r.from)}</td>
                {SERIES.map((s) => (
                  <td key={s.key} data-figure={s.key}>
                    {r[s.key] === null ? t("trends.notJudged") : percent(r[s.key])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
