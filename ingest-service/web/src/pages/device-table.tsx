import { useMemo, useState } from "preact/hooks";
import { ApiFailure } from "../api/client.js";
import { type ChallengeOutcome, challengeDevice } from "../api/indicators.js";
import type { Device, DevicePresence, EnterpriseReport, Me, PresenceState } from "../api/types.js";
import { CauseText, EvidenceBadge, StatusBadge } from "../components/badges.js";
import { Pager } from "../components/pager.js";
import { useI18n } from "../i18n/i18n.js";
import { href } from "../router.js";

const PAGE_SIZE = 50;
const STATES: PresenceState[] = ["online", "stale", "offline", "never"];

type ChallengeView = "running" | ChallengeOutcome | { error: string };

/** The challenge route is the bureau's (and admin's): an enterprise cannot vouch for itself. */
export const mayChallenge = (me: Me) => me.role === "bureau" || me.role === "admin";

/** Devices with their live status (INDICATORS §3), evidence level (§4) and a challenge button. */
export function DeviceTable(props: {
  me: Me;
  ent: string;
  devices: Device[];
  presence: Map<string, DevicePresence>;
  report: EnterpriseReport | null;
}) {
  const { t, label, dateTime } = useI18n();
  const [filter, setFilter] = useState<PresenceState | "">("");
  const [page, setPage] = useState(1);
  const [challenges, setChallenges] = useState<Record<string, ChallengeView>>({});
  const evidence = useMemo(
    () => new Map((props.report?.devices ?? []).map((d) => [d.device, d.evidence])),
    [props.report],
  );
  const rows = props.devices
    .map((device) => ({ device, presence: props.presence.get(`${device.gw}/${device.id}`) }))
    .filter((r) => filter === "" || (r.presence?.state ?? "never") === filter);
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  const challenge = async (d: Device) => {
    const k = `${d.gw}/${d.id}`;
    setChallenges((c) => ({ ...c, [k]: "running" }));
    try {
      const outcome = await challengeDevice(props.ent, d.gw, d.id);
      setChallenges((c) => ({ ...c, [k]: outcome }));
    } catch (error) {
      setChallenges((c) => ({
        ...c,
        [k]: { error: error instanceof ApiFailure ? error.code : "ONRAMP_NETWORK" },
      }));
    }
  };

  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">{t("devices.title")}</h2>
      <label for="state-filter">{t("devices.filterState")}</label>{" "}
      <select
        id="state-filter"
        value={filter}
        onChange={(e) => {
          setFilter(e.currentTarget.value as PresenceState | "");
          setPage(1);
        }}
      >
        <option value="">{t("common.all")}</option>
        {STATES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </select>
      <table class="devices">
        <thead>
          <tr>
            <th scope="col">{t("devices.device")}</th>
            <th scope="col">{t("devices.gateway")}</th>
            <th scope="col">{t("devices.class")}</th>
            <th scope="col">{t("devices.status")}</th>
            <th scope="col">{t("devices.cause")}</th>
            <th scope="col">{t("devices.since")}</th>
            <th scope="col">{t("devices.evidence")}</th>
            {mayChallenge(props.me) && <th scope="col">{t("challenge.title")}</th>}
          </tr>
        </thead>
        <tbody>
          {shown.map(({ device: d, presence: p }) => {
            const level = evidence.get(d.id);
            const ch = challenges[`${d.gw}/${d.id}`];
            return (
              <tr key={`${d.gw}/${d.id}`} data-device={d.id}>
                <td>
                  <a href={href.device(props.ent, d.gw, d.id)}>{d.id}</a>
                </td>
                <td>
                  <a href={href.gateway(props.ent, d.gw)}>{d.gw}</a>
                </td>
                <td>{label("class", d.class)}</td>
                <td>
                  <StatusBadge state={p?.state ?? "never"} />
                </td>
                <td>
                  <CauseText cause={p?.cause ?? null} />
                </td>
                <td>{dateTime(p?.since ?? null)}</td>
                <td>
                  {level === undefined ? (
                    t("common.none")
                  ) : (
                    <EvidenceBadge level={level.level} unsigned={level.unsignedSource} />
                  )}
                  {level?.unsignedSource === undefined ? null : (
                    <div class="unsigned-gain">{t("evidence.unsignedGain")}</div>
                  )}
                </td>
                {mayChallenge(props.me) && (
                  <td>
                    <button type="button" disabled={ch === "running"} onClick={() => challenge(d)}>
                      {t("challenge.run")}
                    </button>{" "}
                    <ChallengeResult view={ch} />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p>{t("devices.empty")}</p>}
      <Pager page={page} pageSize={PAGE_SIZE} total={rows.length} onPage={setPage} />
    </section>
  );
}

function ChallengeResult({ view }: { view: ChallengeView | undefined }) {
  const { t } = useI18n();
  if (view === undefined) return null;
  if (view === "running") return <span aria-live="polite">{t("challenge.running")}</span>;
  if ("error" in view)
    return (
      <span role="alert" class="error" data-code={view.error}>
        {t("challenge.error")}
      </span>
    );
  return (
    <span aria-live="polite" data-outcome={view.outcome} class={view.outcome === "passed" ? "ok" : "error"}>
      {t(view.outcome === "passed" ? "challenge.passed" : "challenge.failed")}
    </span>
  );
}
