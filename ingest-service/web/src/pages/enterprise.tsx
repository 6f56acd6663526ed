import { useState } from "preact/hooks";
import { apiGet, seg } from "../api/client.js";
import type { DigitalLevel } from "../api/digital-level.js";
import { enterpriseIndicators } from "../api/indicators.js";
import { useLivePresence } from "../api/live.js";
import { DEFAULT_PERIOD, type PeriodChoice, periodParams } from "../api/period.js";
import type { Device, Enterprise, Gateway, Me } from "../api/types.js";
import { PeriodPicker } from "../components/period-picker.js";
import { LoadState } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { useI18n } from "../i18n/i18n.js";
import { href } from "../router.js";
import { DeviceTable } from "./device-table.js";
import { DigitalLevelPanel } from "./digital-level.js";
import { EnrollmentForm } from "./enrollment.js";
import { FlagList } from "./flags.js";
import { IndicatorsPanel } from "./indicators.js";
import { ReportDownload } from "./report-download.js";
import { EnterpriseTrends } from "./trends.js";

const mayManage = (me: Me) => me.role === "integrator" || me.role === "admin";

/** One enterprise: indicators, devices with live status, gateways, integrator actions. */
export function EnterprisePage({ me, ent }: { me: Me; ent: string }) {
  const { t, dateTime } = useI18n();
  const [registry] = useLoad(async () => {
    const [enterprises, gateways, devices] = await Promise.all([
      apiGet<Enterprise[]>(`/enterprises`),
      apiGet<Gateway[]>(`/enterprises/${seg(ent)}/gateways`),
      apiGet<Device[]>(`/enterprises/${seg(ent)}/devices`),
    ]);
    return { enterprise: enterprises.find((e) => e.id === ent), gateways, devices };
  }, [ent]);
  const [period, setPeriod] = useState<PeriodChoice>(DEFAULT_PERIOD);
  const query = periodParams(period).toString();
  const [report] = useLoad(() => enterpriseIndicators(ent, new URLSearchParams(query)), [ent, query]);
  const { presence, live } = useLivePresence(ent);

  return (
    <LoadState state={registry}>
      {({ enterprise, gateways, devices }) => (
        <>
          <h1 data-testid="enterprise-title">
            {enterprise?.name ?? ent} <span class="muted">({ent})</span>
          </h1>
          <p class="live" aria-live="polite" data-live={live}>
            {t(`live.${live}`)}
          </p>
          <PeriodPicker value={period} onChange={setPeriod} />
          <p>
            <ReportDownload ent={ent} period={query} />
          </p>
          <LoadState state={report}>{(r) => <IndicatorsPanel report={r} />}</LoadState>
          <EnterpriseTrends ent={ent} query={query} />
          <DeviceTable
            me={me}
            ent={ent}
            devices={devices}
            presence={presence ?? new Map()}
            report={report.status === "ok" ? report.value : null}
          />
          {report.status === "ok" && <FlagList flags={report.value.flags} />}
          {report.status === "ok" && (
            <DigitalLevelPanel
              ent={ent}
              level={(report.value as { digitalLevel?: DigitalLevel }).digitalLevel}
            />
          )}
          <section aria-labelledby="gw-title">
            <h2 id="gw-title">{t("gateways.title")}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("gateways.gateway")}</th>
                  <th scope="col">{t("gateways.status")}</th>
                  <th scope="col">{t("gateways.enrolledAt")}</th>
                  <th scope="col">{t("gateways.agent")}</th>
                </tr>
              </thead>
              <tbody>
                {gateways.map((g) => (
                  <tr key={g.id}>
                    <td>
                      <a href={href.gateway(ent, g.id)}>{g.id}</a>
                    </td>
                    <td>{g.revokedAt === null ? t(`gateway.${g.status}`) : t("gateway.revoked")}</td>
                    <td>{dateTime(g.enrolledAt)}</td>
                    <td>{g.agentVersion ?? t("common.none")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {gateways.length === 0 && <p>{t("gateways.empty")}</p>}
          </section>
          {mayManage(me) && <EnrollmentForm ent={ent} />}
        </>
      )}
    </LoadState>
  );
}
