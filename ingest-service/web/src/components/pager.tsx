import { useI18n } from "../i18n/i18n.js";

export function Pager(props: { page: number; pageSize: number; total: number; onPage: (p: number) => void }) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <nav class="pager" aria-label={t("pager.label")}>
      <button type="button" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        {t("pager.previous")}
      </button>
      <span aria-live="polite">{t("pager.position", { page: props.page, pages, total: props.total })}</span>
      <button type="button" disabled={props.page >= pages} onClick={() => props.onPage(props.page + 1)}>
        {t("pager.next")}
      </button>
    </nav>
  );
}
