import type { EnterpriseReport, LeftOutReason, Rate, ScoredRate, VerifiedRate } from "../api/types.js";
import { type MessageKey, useI18n } from "../i18n/i18n.js";

const isScored = (rate: Rate): rate is ScoredRate => "sme" in rate;

/** One reason a device is out of a verified rate, in the reader's language (INDICATORS §4). */
function ReasonText({ reason }: { reason: LeftOutReason }) {
  const { t, label, percent } = useI18n();
  const data = reason.data;
  const share = (v: unknown) => percent(typeof v === "number" ? v : null);
  switch (reason.code) {
    case "NOT_ON_CLOUD":
      return (
        <>
          {t("excluded.NOT_ON_CLOUD", {
            online: share(data.onlineShare),
            completeness: share(data.completeness),
          })}
        </>
      );
    case "BELOW_CONSISTENT": {
      const flags = Array.isArray(data.flags) ? data.flags.map(String) : [];
      const unmet = Array.isArray(data.unmet) ? data.unmet.map(String) : [];
      const why = flags.length > 0 ? flags.join(", ") : unmet.map((r) => label("requirement", r)).join("; ");
      return <>{t("excluded.BELOW_CONSISTENT", { level: label("evidence", String(data.level)), why })}</>;
    }
    default:
      return <>{t(`excluded.${reason.code}`)}</>;
  }
}

/** The devices a verified rate did not count, each with its reasons: nothing dropped silently. */
function LeftOut({ rate }: { rate: VerifiedRate }) {
  const { t } = useI18n();
  if (rate.denominator === 0) return null;
  if (rate.leftOut.length === 0) return <div class="muted">{t("indicators.leftOutNone")}</div>;
  // Issue 20: devices behind a Sparkplug B gateway are shown and counted apart, never dropped.
  const unsigned = rate.leftOut.filter((d) => d.reasons.some((r) => r.code === "UNSIGNED_SOURCE")).length;
  return (
    <>
      {unsigned > 0 && (
        <div class="unsigned-separate" data-unsigned-count={unsigned}>
          <span aria-hidden="true">⚠</span> {t("indicators.unsignedSeparate", { count: unsigned })}
        </div>
      )}
      <details class="left-out">
        <summary>{t("indicators.leftOut", { count: rate.leftOut.length })}</summary>
        <ul>
          {rate.leftOut.map((d) => (
            <li key={d.device} data-left-out={d.device}>
              <code>{d.device}</code>:{" "}
              {d.reasons.map((r, i) => (
                <span key={r.code} data-code={r.code}>
                  {i > 0 && "; "}
                  <ReasonText reason={r} />
                </span>
              ))}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}

function RateRow({ label, pair }: { label: MessageKey; pair: { declared: Rate; verified: VerifiedRate } }) {
  const { t, percent } = useI18n();
  const cell = (rate: Rate, leftOut?: VerifiedRate) => (
    <td>
      <strong>{percent(rate.value)}</strong>
      <span class="muted">
        {" "}
        ({rate.numerator}/{rate.denominator})
      </span>
      {isScored(rate) && rate.sme !== null && (
        <div class="muted">{t("indicators.band", { band: rate.sme.band, points: rate.sme.points })}</div>
      )}
      {leftOut !== undefined && <LeftOut rate={leftOut} />}
    </td>
  );
  return (
    <tr>
      <th scope="row">{t(label)}</th>
      {cell(pair.declared)}
      {cell(pair.verified, pair.verified)}
    </tr>
  );
}

/**
 * INDICATORS §2: each rate declared beside verified, SME band and points where scored, and under
 * each verified rate the devices it left out and why (§4).
 */
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
