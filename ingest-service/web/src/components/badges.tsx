import type { EvidenceLevel, PresenceState } from "../api/types.js";
import { dynamicKey, useI18n } from "../i18n/i18n.js";

/** Status with a word and a shape, never colour alone (WCAG 1.4.1). */
export function StatusBadge({ state }: { state: PresenceState }) {
  const { t } = useI18n();
  const mark = { online: "●", stale: "◐", offline: "○", never: "–" }[state];
  return (
    <span class={`badge status-${state}`} data-state={state}>
      <span aria-hidden="true">{mark} </span>
      {t(`status.${state}`)}
    </span>
  );
}

export function EvidenceBadge({ level }: { level: EvidenceLevel }) {
  const { t } = useI18n();
  return (
    <span class={`badge evidence-${level}`} data-level={level}>
      {t(`evidence.${level}`)}
    </span>
  );
}

/** `data`, `silence`, `gateway-death:lwt`, `disconnected:<code>` → words, the detail kept. */
export function CauseText({ cause }: { cause: string | null }) {
  const { t } = useI18n();
  if (cause === null) return <>{t("common.none")}</>;
  const [kind = "", detail] = cause.split(":", 2);
  const key = dynamicKey("cause", kind);
  if (key === undefined) return <>{cause}</>;
  return (
    <>
      {t(key)}
      {detail !== undefined && kind === "disconnected" ? ` (${detail})` : ""}
    </>
  );
}
