import { useState } from "preact/hooks";
import { apiDownload } from "../api/client.js";
import { bureauTrend, bureauTrendPath, enterpriseTrend, enterpriseTrendPath } from "../api/period.js";
import { LoadState } from "../components/status.js";
import { TrendChart, type TrendRow } from "../components/trend-chart.js";
import { useLoad } from "../components/use-load.js";
import { useI18n } from "../i18n/i18n.js";

/** A figure's value when judged; a bucket not yet judged has no point (issue 15 §4–5). */
const judged = (f: { value: number | null; judged: boolean }) => (f.judged ? f.value : null);

/** Issue 15 §5: the enterprise's trends for the page's period, with a CSV of the same. */
export function EnterpriseTrends({ ent, query }: { ent: string; query: string }) {
  const { t } = useI18n();
  const [trend] = useLoad(() => enterpriseTrend(ent, new URLSearchParams(query)), [ent, query]);
  return (
    <section aria-labelledby="trends-title" class="trends">
      <h2 id="trends-title">{t("trends.title")}</h2>
      <LoadState state={trend}>
        {(tr) => {
          const rows: TrendRow[] = tr.points.map((p) => ({
            from: p.from,
            to: p.to,
            networking: judged(p.networking),
            cnc: judged(p.cnc),
            onCloud: judged(p.onCloud),
          }));
          return (
            <>
              <TrendChart rows={rows} bucket={tr.bucket} />
              <button
                type="button"
                onClick={() =>
                  apiDownload(
                    enterpriseTrendPath(ent, new URLSearchParams(query), true),
                    `onramp-trends-${ent}.csv`,
                  )
                }
              >
                {t("trends.csv")}
              </button>
            </>
          );
        }}
      </LoadState>
    </section>
  );
}

/**
 * Issue 15 §5: the mean of the enterprises' judged figures per bucket, with a CSV of the same. It
 * computes every enterprise's report for the period, so it loads when asked for, not with every
 * page of the overview.
 */
export function BureauTrends({ query }: { query: string }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  return (
    <section aria-labelledby="trends-title" class="trends">
      <h2 id="trends-title">{t("trends.title")}</h2>
      {shown ? (
        <BureauTrendFigure query={query} />
      ) : (
        <button type="button" onClick={() => setShown(true)}>
          {t("trends.show")}
        </button>
      )}
    </section>
  );
}

function BureauTrendFigure({ query }: { query: string }) {
  const { t, number } = useI18n();
  const [trend] = useLoad(() => bureauTrend(new URLSearchParams(query)), [query]);
  return (
    <LoadState state={trend}>
      {(tr) => {
        const rows: TrendRow[] = tr.points.map((p) => ({
          from: p.from,
          to: p.to,
          networking: p.networking.value,
          cnc: p.cnc.value,
          onCloud: p.onCloud.value,
        }));
        return (
          <>
            <p class="muted">{t("trends.bureauMean", { count: number(tr.enterprises) })}</p>
            <TrendChart rows={rows} bucket={tr.bucket} />
            <button
              type="button"
              onClick={() =>
                apiDownload(bureauTrendPath(new URLSearchParams(query), true), "onramp-bureau-trends.csv")
              }
            >
              {t("trends.csv")}
            </button>
          </>
        );
      }}
    </LoadState>
  );
}
