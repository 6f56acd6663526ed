import { useState } from "preact/hooks";
import { PERIOD_OPTIONS, type PeriodChoice, type ServedPeriod } from "../api/period.js";
import { useI18n } from "../i18n/i18n.js";

/**
 * The period selector of the enterprise and bureau pages (issue 15 §4): a named period, a month
 * or a custom range in Beijing time. The choice applies on "Apply", so typing a date does not
 * reload the page at each keystroke.
 */
export function PeriodPicker({
  value,
  onChange,
}: {
  value: PeriodChoice;
  onChange: (c: PeriodChoice) => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<PeriodChoice>(value);
  return (
    <form
      class="period-picker"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(draft);
      }}
    >
      <label for="p-option">{t("period.choose")}</label>
      <select
        id="p-option"
        value={draft.option}
        onChange={(e) => setDraft({ ...draft, option: e.currentTarget.value as PeriodChoice["option"] })}
      >
        {PERIOD_OPTIONS.map((o) => (
          <option key={o} value={o}>
            {t(`period.${o}`)}
          </option>
        ))}
      </select>
      {draft.option === "month" && (
        <>
          <label for="p-month">{t("period.month.input")}</label>
          <input
            id="p-month"
            type="month"
            required
            value={draft.month}
            onInput={(e) => setDraft({ ...draft, month: e.currentTarget.value })}
          />
        </>
      )}
      {draft.option === "year" && (
        <>
          <label for="p-year">{t("period.year.input")}</label>
          <input
            id="p-year"
            type="number"
            required
            min="2000"
            max="2100"
            value={draft.year}
            onInput={(e) => setDraft({ ...draft, year: e.currentTarget.value })}
          />
        </>
      )}
      {draft.option === "custom" && (
        <>
          <label for="p-from">{t("period.from")}</label>
          <input
            id="p-from"
            type="datetime-local"
            required
            value={draft.from}
            onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
          <label for="p-to">{t("period.to")}</label>
          <input
            id="p-to"
            type="datetime-local"
            value={draft.to}
            onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
        </>
      )}
      <button type="submit">{t("period.apply")}</button>
    </form>
  );
}

/** The period in words in the reader's language, as the server named it; bounds alone from an older server. */
export function PeriodLabel({ period }: { period: ServedPeriod }) {
  const { t, locale, dateTime } = useI18n();
  const text =
    period.label === undefined
      ? t("indicators.period", { from: dateTime(period.from), to: dateTime(period.to) })
      : locale === "zh-CN"
        ? period.label.zh
        : period.label.en;
  const label = (
    <p class="period-label" data-testid="period-label" data-kind={period.kind ?? "custom"}>
      {t("period.label")}: {text}
    </p>
  );
  if (period.asked === undefined) return label;
  // Issue 15 §4: a period longer than a report holds is judged on its last days; say so.
  return (
    <>
      {label}
      <p class="period-judged" data-testid="period-judged">
        {t("period.judgedLast", { days: String(Math.round((period.to - period.from) / 86_400_000)) })}
      </p>
    </>
  );
}
