import { useEffect, useMemo, useState } from "preact/hooks";
import { apiGet, forgetToken, storedToken } from "./api/client.js";
import type { Me } from "./api/types.js";
import { Refused } from "./components/status.js";
import { I18nContext, initialLocale, type Locale, makeI18n, saveLocale, useI18n } from "./i18n/i18n.js";
import { BureauPage } from "./pages/bureau.js";
import { DevicePage } from "./pages/device.js";
import { EnterprisePage } from "./pages/enterprise.js";
import { GatewayPage } from "./pages/gateway.js";
import { LoginPage } from "./pages/login.js";
import { QuestionnairePage } from "./pages/questionnaire.js";
import { href, navigate, type Route, useRoute } from "./router.js";

/** What the token may read: mirrors api/auth.ts so the page never even asks for another's data. */
export const canRead = (me: Me, ent: string): boolean =>
  me.role === "admin" || me.role === "bureau" || me.enterprise === ent;

const homeOf = (me: Me): string => (me.enterprise === null ? href.bureau() : href.enterprise(me.enterprise));

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const route = useRoute();
  const i18n = useMemo(
    () =>
      makeI18n(locale, (next) => {
        saveLocale(next);
        setLocale(next);
      }),
    [locale],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = i18n.t("app.title");
  }, [locale, i18n]);
  useEffect(() => {
    if (storedToken() === null) return setMe(null);
    apiGet<Me>("/me").then(setMe, () => {
      forgetToken();
      setMe(null);
    });
  }, []);

  const logout = () => {
    forgetToken();
    setMe(null);
    navigate(href.login());
  };

  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip" href="#main">
        {i18n.t("app.skip")}
      </a>
      <Header me={me ?? null} onLogout={logout} />
      <main id="main" tabIndex={-1}>
        {me === undefined ? (
          <p aria-busy="true">{i18n.t("common.loading")}</p>
        ) : me === null ? (
          <LoginPage
            onLogin={(who) => {
              setMe(who);
              navigate(homeOf(who));
            }}
          />
        ) : (
          <Page route={route} me={me} />
        )}
      </main>
    </I18nContext.Provider>
  );
}

function Page({ route, me }: { route: Route; me: Me }) {
  switch (route.page) {
    case "home":
    case "login":
      navigate(homeOf(me));
      return null;
    case "bureau":
      return me.role === "bureau" || me.role === "admin" ? <BureauPage me={me} /> : <Refused />;
    case "enterprise":
      return canRead(me, route.ent) ? <EnterprisePage me={me} ent={route.ent} /> : <Refused />;
    case "questionnaire":
      return canRead(me, route.ent) ? <QuestionnairePage me={me} ent={route.ent} /> : <Refused />;
    case "gateway":
      return canRead(me, route.ent) ? <GatewayPage me={me} ent={route.ent} gw={route.gw} /> : <Refused />;
    case "device":
      return canRead(me, route.ent) ? (
        <DevicePage me={me} ent={route.ent} gw={route.gw} dev={route.dev} />
      ) : (
        <Refused />
      );
  }
}

function Header({ me, onLogout }: { me: Me | null; onLogout: () => void }) {
  const { t, locale, setLocale } = useI18n();
  const other: Locale = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <header class="top">
      <span class="brand">{t("app.title")}</span>
      <nav aria-label={t("nav.label")}>
        {me !== null && (me.role === "bureau" || me.role === "admin") && (
          <a href={href.bureau()}>{t("nav.bureau")}</a>
        )}
        {me?.enterprise != null && <a href={href.enterprise(me.enterprise)}>{t("nav.myEnterprise")}</a>}
      </nav>
      <span class="spacer" />
      {me !== null && (
        <span class="who" data-testid="who">
          {t(`role.${me.role}`)} · {me.name}
        </span>
      )}
      <button
        type="button"
        lang={other}
        data-testid="lang-switch"
        aria-label={t("lang.switch")}
        onClick={() => setLocale(other)}
      >
        {t("lang.other")}
      </button>
      {me !== null && (
        <button type="button" onClick={onLogout}>
          {t("nav.logout")}
        </button>
      )}
    </header>
  );
}
