import { useState } from "preact/hooks";
import { ApiFailure, apiSend, seg } from "../api/client.js";
import type { CreatedEnrollmentToken } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";

/** Integrator action: a one-time enrollment token for a gateway, shown once. */
export function EnrollmentForm({ ent }: { ent: string }) {
  const { t, dateTime } = useI18n();
  const [gatewayId, setGatewayId] = useState("");
  const [created, setCreated] = useState<CreatedEnrollmentToken | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setCreated(null);
    try {
      setCreated(
        await apiSend<CreatedEnrollmentToken>("POST", `/enterprises/${seg(ent)}/enrollment-tokens`, {
          gatewayId: gatewayId.trim(),
        }),
      );
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.code : "ONRAMP_NETWORK");
    }
  };

  return (
    <section aria-labelledby="enroll-title">
      <h2 id="enroll-title">{t("enroll.title")}</h2>
      <form onSubmit={submit} class="inline">
        <label for="gateway-id">{t("enroll.gatewayId")}</label>
        <input
          id="gateway-id"
          required
          pattern="[a-z0-9][a-z0-9_-]{0,62}"
          value={gatewayId}
          onInput={(e) => setGatewayId(e.currentTarget.value)}
        />
        <button type="submit">{t("enroll.create")}</button>
      </form>
      {error !== null && (
        <p role="alert" class="error" data-code={error}>
          {t("enroll.failed")}
        </p>
      )}
      {created !== null && (
        <div role="status">
          <p>{t("enroll.created", { expires: dateTime(created.expiresAt) })}</p>
          <code data-testid="enrollment-token">{created.token}</code>
        </div>
      )}
    </section>
  );
}
