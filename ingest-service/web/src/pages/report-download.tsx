import { useState } from "preact/hooks";
import { ApiFailure, apiDownload, seg } from "../api/client.js";
import { useI18n } from "../i18n/i18n.js";

/** The diagnosis report PDF's path for an enterprise, in the page's language (issue 15 point 3). */
export function reportPdfPath(ent: string, locale: string, periodQuery = ""): string {
  // The page's period (issue 15 point 4) as the page asked the API for it: named or from/to.
  const query = new URLSearchParams(periodQuery);
  query.set("lang", locale === "en" ? "en" : "zh");
  return `/enterprises/${seg(ent)}/report.pdf?${query}`;
}

/**
 * Downloads the enterprise's diagnosis report (数字化评估诊断报告) as a PDF. The server prints it
 * in Chromium, which takes seconds, so the button says so while it waits; a full print queue
 * (503 ONRAMP_REPORT_BUSY) or a missing Chromium is said in words, not swallowed.
 */
export function ReportDownload({
  ent,
  period,
  compact,
}: {
  ent: string;
  /** The page's period query (`periodParams(...)`), so the PDF covers what the page shows. */
  period?: string;
  compact?: boolean;
}) {
  const { t, locale } = useI18n();
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");
  const [why, setWhy] = useState("");
  const download = async () => {
    setState("busy");
    try {
      await apiDownload(reportPdfPath(ent, locale, period), `onramp-diagnosis-${ent}.pdf`);
      setState("idle");
    } catch (error) {
      setWhy(
        error instanceof ApiFailure && error.code === "ONRAMP_REPORT_BUSY"
          ? t("report.busy")
          : error instanceof ApiFailure
            ? `${error.code}: ${error.message}`
            : t("error.failed"),
      );
      setState("failed");
    }
  };
  return (
    <span class="report-download">
      <button
        type="button"
        data-testid={`report-pdf-${ent}`}
        aria-label={compact ? t("report.downloadFor", { ent }) : undefined}
        disabled={state === "busy"}
        onClick={() => void download()}
      >
        {state === "busy" ? t("report.preparing") : compact ? t("report.short") : t("report.download")}
      </button>
      {state === "failed" && (
        <span role="alert" class="error">
          {" "}
          {why}
        </span>
      )}
    </span>
  );
}
