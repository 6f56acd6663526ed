import { Fragment } from "preact";
import { apiGet, seg } from "../api/client.js";
import type { LedgerRow, Me, Rejection } from "../api/types.js";
import { LoadState } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { type MessageKey, useI18n } from "../i18n/i18n.js";
import { href } from "../router.js";

const DAY_MS = 86_400_000;
const COUNTERS: [keyof LedgerRow, MessageKey][] = [
  ["frames", "gateway.frames"],
  ["gaps", "gateway.gaps"],
  ["duplicates", "gateway.duplicates"],
  ["rejections", "gateway.rejections"],
  ["lostFrames", "gateway.lostFrames"],
  ["lostSamples", "gateway.lostSamples"],
];

/** A gateway's own ledger rows (dev '') over 24 h — gaps, spool losses — and its refused frames. */
export function GatewayPage({ ent, gw }: { me: Me; ent: string; gw: string }) {
  const { t, number, dateTime } = useI18n();
  const [data] = useLoad(async () => {
    const from = Date.now() - DAY_MS;
    const [ledger, rejections] = await Promise.all([
      apiGet<LedgerRow[]>(`/enterprises/${seg(ent)}/ledger?gw=${encodeURIComponent(gw)}&dev=&from=${from}`),
      apiGet<Rejection[]>(`/enterprises/${seg(ent)}/rejections?limit=500`),
    ]);
    const totals = Object.fromEntries(
      COUNTERS.map(([field]) => [field, ledger.reduce((sum, row) => sum + Number(row[field] ?? 0), 0)]),
    );
    return { totals, rejections: rejections.filter((r) => r.gw === gw).slice(0, 50) };
  }, [ent, gw]);

  return (
    <>
      <p>
        <a href={href.enterprise(ent)}>{t("common.back")}</a>
      </p>
      <h1>{t("gateway.title", { gw })}</h1>
      <LoadState state={data}>
        {({ totals, rejections }) => (
          <>
            <section aria-labelledby="counters-title">
              <h2 id="counters-title">{t("gateway.counters")}</h2>
              <dl class="facts">
                {COUNTERS.map(([field, label]) => (
                  <Fragment key={field}>
                    <dt>{t(label)}</dt>
                    <dd data-counter={field}>{number(totals[field] ?? 0)}</dd>
                  </Fragment>
                ))}
              </dl>
            </section>
            <section aria-labelledby="rej-title">
              <h2 id="rej-title">{t("gateway.recentRejections")}</h2>
              {rejections.length === 0 ? (
                <p>{t("gateway.noRejections")}</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("gateway.at")}</th>
                      <th scope="col">{t("gateway.code")}</th>
                      <th scope="col">{t("gateway.message")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rejections.map((r) => (
                      <tr key={`${r.at}/${r.code}/${r.topic}`}>
                        <td>{dateTime(r.at)}</td>
                        <td>
                          <code>{r.code}</code>
                        </td>
                        <td lang="en">{r.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        )}
      </LoadState>
    </>
  );
}
