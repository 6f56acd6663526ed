import type { Lang } from "./words.js";

/**
 * Numbers, times and durations as the dashboard writes them (web/src/i18n/i18n.ts: `Intl`, one
 * decimal of percent), so a figure reads the same on screen and on paper. Times are China's
 * (UTC+8): the pilot's enterprises and bureau read them there.
 */
export interface ReportFormat {
  percent(ratio: number | null): string;
  dateTime(ms: number): string;
  date(ms: number): string;
  duration(ms: number): string;
  number(n: number): string;
}

export const REPORT_TIME_ZONE = "Asia/Shanghai";

export function reportFormat(lang: Lang): ReportFormat {
  const locale = lang === "zh" ? "zh-CN" : "en";
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const dt = new Intl.DateTimeFormat(locale, {
    timeZone: REPORT_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const d = new Intl.DateTimeFormat(locale, {
    timeZone: REPORT_TIME_ZONE,
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return {
    percent: (ratio) => (ratio === null ? "—" : pct.format(ratio)),
    dateTime: (ms) => `${dt.format(ms)} (UTC+8)`,
    date: (ms) => d.format(ms),
    duration: (ms) => {
      const minutes = Math.round(ms / 60_000);
      const h = Math.floor(minutes / 60);
      const m = minutes % 60;
      if (lang === "zh") return h > 0 ? `${h} 小时 ${m} 分钟` : `${m} 分钟`;
      return h > 0 ? `${h} h ${m} min` : `${m} min`;
    },
    number: (n) => num.format(n),
  };
}
