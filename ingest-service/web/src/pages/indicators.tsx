import type { ServedReport } from "../api/indicators.js";
import type { LeftOutReason, NotJudgedReason, Rate, ScoredRate, VerifiedRate } from "../api/types.js";
import { PeriodLabel } from "../components/period-picker.js";
import { type MessageKey, useI18n } from "../i18n/i18n.js";

/** A rate as served since issue 15: judged or not, with the reason in words (absent before). */
type MaybeJudged = { judged?: boolean; notJudgedReason?: NotJudgedReason };

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

function RateRow({
  label,
  pair,
}: {
  label: MessageKey;
  pair: { declared: Rate & MaybeJudged; verified: VerifiedRate & MaybeJudged };
}) {
  const { t, percent, locale } = useI18n();
  const cell = (rate: Rate & MaybeJudged, leftOut?: VerifiedRate) => (
    <td data-judged={rate.judged === false ? "false" : "true"}>
      {rate.judged === false ? (
        // Issue 15 §4: too little observed time is said in words, in a neutral colour — never a red 0 %.
        <span class="not-judged">
          {rate.notJudgedReason === undefined
            ? t("indicators.notJudged")
            : locale === "zh-CN"
              ? rate.notJudgedReason.zh
              : rate.notJudgedReason.en}
        </span>
      ) : (
        <strong>{percent(rate.value)}</strong>
      )}
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
export function IndicatorsPanel({ report }: { report: ServedReport }) {
  const { t, percent, dateTime } = useI18n();
  // Issue 15 §4: devices registered inside the period are judged on the time since, and the page says so.
  const lateComers = report.devices.filter((d) => d.window.from > report.period.from);
  return (
    <section aria-labelledby="ind-title">
      <h2 id="ind-title">{t("indicators.title")}</h2>
      <PeriodLabel period={report.period} />
      {lateComers.length > 0 && (
        <ul class="muted registered-inside" data-testid="registered-inside">
          {lateComers.map((d) => (
            <li key={d.device} data-device={d.device}>
              {t("period.registeredInside", { device: d.device, at: dateTime(d.window.from) })}
            </li>
          ))}
        </ul>
      )}
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
