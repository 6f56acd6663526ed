import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { SignalPoint } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";

/** Booleans chart as 0/1; text values (execution states) are not charted. */
const numeric = (v: SignalPoint["value"]): number | null =>
  typeof v === "number" ? v : typeof v === "boolean" ? Number(v) : null;

/** One signal's history as a uPlot line chart (uPlot handles long series cheaply). */
export function SignalChart({ signal, points }: { signal: string; points: SignalPoint[] }) {
  const { locale, t } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (el === null) return;
    const xs = points.map((p) => p.t / 1000);
    const ys = points.map((p) => numeric(p.value));
    const fmt = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "medium" });
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 220,
        series: [
          { value: (_u, v) => (v == null ? "" : fmt.format(v * 1000)) },
          { label: signal, stroke: "#0b5cad", width: 1.5, spanGaps: false },
        ],
        axes: [{}, {}],
      },
      [xs, ys],
      el,
    );
    return () => plot.destroy();
  }, [points, signal, locale]);
  return (
    <figure class="chart" data-signal={signal}>
      <figcaption>{t("device.chartOf", { signal, count: points.length })}</figcaption>
      <div ref={host} role="img" aria-label={t("device.chartOf", { signal, count: points.length })} />
    </figure>
  );
}
