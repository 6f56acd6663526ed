import type { ComponentChildren } from "preact";
import { type MessageKey, useI18n } from "../i18n/i18n.js";
import type { Loaded } from "./use-load.js";

/** Loading, refused (403/404) or failed: one place renders them, with role=alert for errors. */
export function LoadState<T>(props: { state: Loaded<T>; children: (value: T) => ComponentChildren }) {
  const { t } = useI18n();
  const { state } = props;
  if (state.status === "loading") return <p aria-busy="true">{t("common.loading")}</p>;
  if (state.status === "error") {
    const key: MessageKey =
      state.httpStatus === 403
        ? "error.forbidden"
        : state.httpStatus === 404
          ? "error.notFound"
          : state.httpStatus === 401
            ? "error.unauthorized"
            : "error.failed";
    return (
      <p role="alert" class="error" data-code={state.code}>
        {t(key)}
      </p>
    );
  }
  return <>{props.children(state.value)}</>;
}

export function Refused() {
  const { t } = useI18n();
  return (
    <p role="alert" class="error" data-code="ONRAMP_AUTH_FORBIDDEN">
      {t("error.forbidden")}
    </p>
  );
}
