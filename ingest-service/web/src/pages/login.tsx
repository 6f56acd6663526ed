import { useState } from "preact/hooks";
import { ApiFailure, apiGet, forgetToken, storeToken } from "../api/client.js";
import type { Me } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";

/** Paste an API token (ort_…); /me tells its role and enterprise. */
export function LoginPage({ onLogin }: { onLogin: (me: Me) => void }) {
  const { t } = useI18n();
  const [token, setToken] = useState("");
  const [error, setError] = useState<"invalid" | "failed" | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    storeToken(token.trim());
    try {
      onLogin(await apiGet<Me>("/me"));
    } catch (failure) {
      forgetToken();
      setError(failure instanceof ApiFailure && failure.status === 401 ? "invalid" : "failed");
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="login" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      <form onSubmit={submit}>
        <label for="token">{t("login.token")}</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          required
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy || token.trim() === ""}>
          {t("login.submit")}
        </button>
      </form>
      {error !== null && (
        <p role="alert" class="error">
          {t(error === "invalid" ? "login.invalid" : "error.failed")}
        </p>
      )}
    </section>
  );
}
