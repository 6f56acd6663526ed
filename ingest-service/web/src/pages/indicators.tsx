import type { EnterpriseReport, Rate, ScoredRate } from "../api/types.js";
import { type MessageKey, useI18n } from "../i18n/i18n.js";

const isScored = (rate: Rate): rate is ScoredRate => "sme" in rate;

function RateRow({ label, pair }: { label: MessageKey; pair: { declared: Rate; verified: Rate } }) {
  const { t, percent } = useI18n();
  const cell = (rate: Rate) => (
    <td>
      <strong>{percent(rate.value)}</strong>
      <span class="muted">
        {" "}
        ({rate.numerator}/{rate.denominator})
      </span>
      {isScored(rate) && rate.sme !== null && (
        <div class="muted">{t("indicators.band", { band: rate.sme.band, points: rate.sme.points })}</div>
      )}
    </td>
  );
  return (
    <tr>
      <th scope="row">{t(label)}</th>
      {cell(pair.declared)}
      {cell(pair.verified)}
    </tr>
  );
}

/** INDICATORS §2: each rate declared beside verified, SME band and points where scored. */
export function IndicatorsPanel({ report }: { report: EnterpriseReport }) {
  const { t, percent, dateTime } = useI18n();
  return (
    <section aria-labelledby="ind-title">
      <h2 id="ind-title">{t("indicators.title")}</h2>
      <p class="muted">
        {t("indicators.period", { from: dateTime(report.period.from), to: dateTime(report.period.to) })}
      </p>
      <table class="indicators">
        <thead>
          <tr>
            <th scope="col">{t("indicators.indicator")}</th>
            <th scope="col">{t("indicators.declared")}</th>
            <th scope="col">{t("indicators.verified")}</th>
          </tr>
        </thead>
        <tbody>
          <RateRow label="indicators.cnc" pair={report.rates.cnc} />
          <RateRow label="indicators.networking" pair={report.rates.networking} />
          <RateRow label="indicators.digitalisation" pair={report.rates.digitalisation} />
        </tbody>
      </table>
      <dl class="facts">
        <dt>{t("indicators.utilisation")}</dt>
        <dd>{percent(report.utilisation.value)}</dd>
        <dt>{t("indicators.completeness")}</dt>
        <dd>{percent(report.completeness.value)}</dd>
        <dt>{t("indicators.flags")}</dt>
        <dd>{report.flags.length}</dd>
      </dl>
    </section>
  );
}
