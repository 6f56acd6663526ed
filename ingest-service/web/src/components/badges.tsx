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

/**
 * The level, and for data from an unsigned source (issue 20: a Sparkplug B gateway) a distinct
 * mark with its reason, so "connected (unsigned)" never reads as the signed `connected`.
 */
export function EvidenceBadge({ level, unsigned }: { level: EvidenceLevel; unsigned?: string | undefined }) {
  const { t } = useI18n();
  return (
    <span class={`badge evidence-${level}`} data-level={level} data-unsigned={unsigned}>
      {t(`evidence.${level}`)}
      {unsigned === undefined ? null : (
        <span class="unsigned-mark" title={t("evidence.unsignedReason")}>
          {" "}
          <span aria-hidden="true">⚠</span> {t("evidence.unsigned")}
        </span>
      )}
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
