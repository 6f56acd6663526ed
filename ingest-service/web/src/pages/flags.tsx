import type { Flag } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";

/** INDICATORS §4: flags stand beside the numbers, each in plain words (translated by its code). */
export function FlagList({ flags }: { flags: readonly Flag[] }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="flags-title">
      <h2 id="flags-title">{t("flags.title")}</h2>
      {flags.length === 0 ? (
        <p>{t("flags.none")}</p>
      ) : (
        <ul class="flags">
          {flags.map((flag) => (
            <li key={`${flag.device}/${flag.code}/${flag.reason}`} class={`severity-${flag.severity}`}>
              <span class="badge">{t(`severity.${flag.severity}`)}</span> <strong>{flag.device}</strong>:{" "}
              <span data-code={flag.code}>{t(`flag.${flag.code}`)}</span>
              <details>
                <summary>{t("flags.details")}</summary>
                <p lang="en">{flag.reason}</p>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
