import { isNeutralDigitalLevelFlag } from "../../../src/digital-level/flag-codes.js";
import type { DigitalLevel } from "../api/digital-level.js";
import { useI18n } from "../i18n/i18n.js";
import { href } from "../router.js";

type Text = { zh: string; en: string };

/** Chinese is the source text; English is shown when the reader chose it. */
export const useText = () => {
  const { locale } = useI18n();
  return (text: Text) => (locale === "en" ? text.en : text.zh);
};

/** A level with its score, or a dash. */
export function LevelText({ value }: { value: { score: number; level: number } | null }) {
  const { t, number } = useI18n();
  if (value === null) return <>{t("common.none")}</>;
  return <>{t("dl.levelScore", { level: value.level, score: number(value.score, 3) })}</>;
}

/**
 * INDICATORS §7 on the enterprise page: declared vs evidence-adjusted level, every flag with its
 * reason, and the item table (bound items with what the evidence supports and the devices).
 * Renders nothing when the server's report has no `digitalLevel` (older server).
 */
export function DigitalLevelPanel({ ent, level }: { ent: string; level: DigitalLevel | undefined }) {
  const { t, number, dateTime } = useI18n();
  const text = useText();
  if (level === undefined) return null;
  const score = (n: number | null) => (n === null ? t("common.none") : number(n, 3));
  return (
    <section aria-labelledby="dl-title" data-testid="digital-level">
      <h2 id="dl-title">{t("dl.title")}</h2>
      {level.declared === null ? (
        <p data-testid="dl-not-answered">
          {t("dl.notAnswered")} <a href={href.questionnaire(ent)}>{t("dl.fill")}</a>
        </p>
      ) : (
        <>
          <table class="dl-summary">
            <thead>
              <tr>
                <th scope="col">{t("dl.declared")}</th>
                <th scope="col">{t("dl.adjusted")}</th>
                <th scope="col">{t("dl.answeredAt")}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td data-testid="dl-declared">
                  <LevelText value={level.declared} />
                </td>
                <td data-testid="dl-adjusted">
                  <LevelText value={level.evidenceAdjusted} />
                </td>
                <td>{dateTime(level.answeredAt === null ? null : Date.parse(level.answeredAt))}</td>
              </tr>
            </tbody>
          </table>
          {level.flags.length > 0 && (
            // Issue 15 §4: "not yet judged" is a neutral status, not an alert and never red.
            <ul
              class="dl-flags"
              role={level.flags.every((f) => isNeutralDigitalLevelFlag(f.code)) ? "status" : "alert"}
            >
              {level.flags.map((f) => {
                const neutral = isNeutralDigitalLevelFlag(f.code);
                return (
                  <li
                    key={f.code}
                    data-flag={f.code}
                    data-neutral={neutral}
                    class={neutral ? "not-judged" : undefined}
                  >
                    {text(f)}
                  </li>
                );
              })}
            </ul>
          )}
          <p>
            <a href={href.questionnaire(ent)}>{t("dl.edit")}</a>
          </p>
          <table class="dl-items">
            <thead>
              <tr>
                <th scope="col">{t("dl.item")}</th>
                <th scope="col">{t("dl.declaredAnswer")}</th>
                <th scope="col">{t("dl.adjustedAnswer")}</th>
                <th scope="col">{t("dl.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {level.items.map((i) => (
                <tr key={i.id} data-item={i.id} data-changed={i.reason !== null}>
                  <td>
                    {text(i.dimension)} · {text(i.title)}
                    {i.binding !== null && <span class="muted"> {t("dl.boundShort")}</span>}
                  </td>
                  <td>
                    {i.declaredAnswer ?? t("common.none")} ({score(i.declaredScore)})
                  </td>
                  <td>
                    {i.adjustedAnswer ?? t("common.none")} ({score(i.adjustedScore)})
                  </td>
                  <td>
                    {i.reason === null ? "" : text(i.reason)}
                    {i.devices.length > 0 && (
                      <span class="muted"> {t("dl.devices", { devices: i.devices.join(", ") })}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
