import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { en } from "./en.js";
import { zhCN } from "./zh-CN.js";

export type MessageKey = keyof typeof zhCN;
export type Locale = "zh-CN" | "en";
export const LOCALES: readonly Locale[] = ["zh-CN", "en"];

/** zh-CN is the reference dictionary; `en` is typed against its keys, so neither can miss one. */
export const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

const LOCALE_KEY = "onramp.locale";

export function initialLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  return saved === "en" ? "en" : "zh-CN";
}

export function saveLocale(locale: Locale): void {
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
}

/** `{name}` placeholders are replaced by `vars.name`. */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = DICTIONARIES[locale][key];
  if (vars === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole));
}

/** A key built from data (a status, a flag code) when the dictionary has it, else undefined. */
export function dynamicKey(prefix: string, value: string): MessageKey | undefined {
  const key = `${prefix}.${value}`;
  return key in zhCN ? (key as MessageKey) : undefined;
}

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** A word for a value from the data (device class, industry…), the value itself if unknown. */
  label: (prefix: string, value: string) => string;
  dateTime: (ms: number | null) => string;
  number: (n: number | null, digits?: number) => string;
  percent: (ratio: number | null) => string;
  setLocale: (locale: Locale) => void;
}

export function makeI18n(locale: Locale, setLocale: (l: Locale) => void): I18n {
  const dt = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "medium" });
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const dash = translate(locale, "common.none");
  return {
    locale,
    t: (key, vars) => translate(locale, key, vars),
    label: (prefix, value) => {
      const key = dynamicKey(prefix, value);
      return key === undefined ? value : translate(locale, key);
    },
    dateTime: (ms) => (ms === null ? dash : dt.format(ms)),
    number: (n, digits = 0) =>
      n === null ? dash : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
    percent: (ratio) => (ratio === null ? dash : pct.format(ratio)),
    setLocale,
  };
}

export const I18nContext = createContext<I18n>(makeI18n("zh-CN", () => {}));
export const useI18n = (): I18n => useContext(I18nContext);
