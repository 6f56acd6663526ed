import { useState } from "preact/hooks";
import { apiGet, seg } from "../api/client.js";
import { enterpriseIndicators } from "../api/indicators.js";
import { useLivePresence } from "../api/live.js";
import type { DeviceSignals, EnterpriseReport, Me, SignalPoint } from "../api/types.js";
import { CauseText, StatusBadge } from "../components/badges.js";
import { SignalChart } from "../components/chart.js";
import { LoadState } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { type MessageKey, useI18n } from "../i18n/i18n.js";
import { href } from "../router.js";

const RANGES: [number, MessageKey][] = [
  [3_600_000, "range.1h"],
  [6 * 3_600_000, "range.6h"],
  [86_400_000, "range.24h"],
  [7 * 86_400_000, "range.7d"],
];

/**
 * Numeric signals the device-profile library uses most: charted for a device whose profile is not
 * in the ingest's library (then the user can add any other id by name).
 */
const COMMON_SIGNALS = [
  "spindle_speed",
  "spindle_load",
  "feed_rate",
  "part_count",
  "cycle_time",
  "operating_hours",
  "power_active",
  "energy_total",
  "frequency",
  "temperature",
];
const POINT_LIMIT = 5000;
/** Charted at first when the profile is known: its first numeric signals that have a value. */
const FIRST_CHARTS = 4;

const isNumeric = (type: string) => type === "number" || type === "integer";

function lastValueText(last: SignalPoint | null): string {
  if (last === null) return "—";
  if (typeof last.value === "number") return String(Number(last.value.toPrecision(6)));
  return String(last.value);
}

type DeviceLiveness = EnterpriseReport["devices"][number]["liveness"];
type ProofStatus = NonNullable<DeviceLiveness["deviceProof"]>["status"];

const PROOF_LABELS: Record<ProofStatus, MessageKey> = {
  verified: "device.proof.verified",
  invalid: "device.proof.invalid",
  missing: "device.proof.missing",
  absent: "device.proof.absent",
};

/**
 * The device proof of the device's last challenge in the report's period (issue 14 §4): valid,
 * invalid, missing (required of a device that announced an OPC UA certificate) or not supported
 * (a device with no certificate to sign with), with the reason the check gave (technical, English).
 */
function DeviceProofLine({ liveness }: { liveness: DeviceLiveness }) {
  const { t, dateTime } = useI18n();
  const proof = liveness.deviceProof;
  return (
    <p data-device-proof={proof?.status ?? (liveness.challenge === null ? "none" : "no-reply")}>
      {t("device.proof.title")}
      {liveness.challenge === null ? (
        t("device.proof.none")
      ) : (
        <>
          <strong>{t(proof === null ? "device.proof.noReply" : PROOF_LABELS[proof.status])}</strong> (
          {t("device.proof.at", { at: dateTime(liveness.challenge.issuedAt) })})
          {proof !== null && <small title={proof.reason}> — {proof.reason}</small>}
        </>
      )}
    </p>
  );
}

/** A device's status and its signals' history, charted, over a chosen time range. */
export function DevicePage({ ent, gw, dev }: { me: Me; ent: string; gw: string; dev: string }) {
  const { t, dateTime } = useI18n();
  const [rangeMs, setRangeMs] = useState(3_600_000);
  const [extra, setExtra] = useState<string[]>([]);
  const [picked, setPicked] = useState<Set<string> | undefined>(undefined);
  const [draft, setDraft] = useState("");
  const { presence } = useLivePresence(ent);
  const status = presence?.get(`${gw}/${dev}`);
  const [listed] = useLoad(
    () => apiGet<DeviceSignals>(`/enterprises/${seg(ent, "gateways", gw, "devices", dev, "signals")}`),
    [ent, gw, dev],
  );
  const known = listed.status === "ok" && listed.value.isProfileKnown ? listed.value.signals : undefined;
  // Until the user picks, chart the profile's first numeric signals that report a value.
  const chosen =
    picked ??
    new Set(
      known
        ?.filter((s) => isNumeric(s.type) && s.last !== null)
        .slice(0, FIRST_CHARTS)
        .map((s) => s.id) ?? [],
    );
  const toCharts = known ? [...chosen] : [...new Set([...COMMON_SIGNALS, ...extra])];
  const [series] = useLoad(async () => {
    const from = Date.now() - rangeMs;
    const all = await Promise.all(
      toCharts.map(async (signal) => ({
        signal,
        points: await apiGet<SignalPoint[]>(
          `/enterprises/${seg(ent, "gateways", gw, "devices", dev, "signals", signal)}?from=${from}&limit=${POINT_LIMIT}`,
        ),
      })),
    );
    return all.filter((s) =>
      s.points.some((p) => typeof p.value === "number" || typeof p.value === "boolean"),
    );
  }, [ent, gw, dev, rangeMs, toCharts.join(",")]);
  // The report is the enterprise's (enterprise, bureau, admin); others see the page without it.
  const [report] = useLoad(() => enterpriseIndicators(ent), [ent]);
  const liveness =
    report.status === "ok" ? report.value.devices.find((d) => d.device === dev)?.liveness : undefined;
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };

  return (
    <>
      <p>
        <a href={href.enterprise(ent)}>{t("common.back")}</a>
      </p>
      <h1>{t("device.title", { dev, gw })}</h1>
      <p>
        <StatusBadge state={status?.state ?? "never"} /> <CauseText cause={status?.cause ?? null} /> ·{" "}
        {t("device.lastSeen", { at: dateTime(status?.lastSeen ?? null) })}
      </p>
      {liveness !== undefined && <DeviceProofLine liveness={liveness} />}
      <form class="inline" onSubmit={(e) => e.preventDefault()}>
        <label for="range">{t("device.range")}</label>
        <select id="range" value={rangeMs} onChange={(e) => setRangeMs(Number(e.currentTarget.value))}>
          {RANGES.map(([ms, label]) => (
            <option key={ms} value={ms}>
              {t(label)}
            </option>
          ))}
        </select>
      </form>
      <LoadState state={listed}>
        {(list) =>
          list.isProfileKnown ? (
            <table class="signals" data-profile={list.profile}>
              <thead>
                <tr>
                  <th>{t("device.col.chart")}</th>
                  <th>{t("device.col.signal")}</th>
                  <th>{t("device.col.role")}</th>
                  <th>{t("device.col.unit")}</th>
                  <th>{t("device.col.last")}</th>
                </tr>
              </thead>
              <tbody>
                {list.signals.map((s) => (
                  <tr key={s.id} data-signal-row={s.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t("device.chartSignal", { signal: s.id })}
                        checked={chosen.has(s.id)}
                        disabled={!isNumeric(s.type) && s.type !== "boolean"}
                        onChange={() => toggle(s.id)}
                      />
                    </td>
                    <td>
                      <code>{s.id}</code>
                      {s.name !== null ? <small> {s.name}</small> : null}
                    </td>
                    <td>{s.role}</td>
                    <td>{s.unit ?? ""}</td>
                    <td data-last={s.id} title={s.last ? dateTime(s.last.t) : ""}>
                      {lastValueText(s.last)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <form
              class="inline"
              onSubmit={(e) => {
                e.preventDefault();
                if (draft.trim() !== "") setExtra((x) => [...x, draft.trim()]);
                setDraft("");
              }}
            >
              <label for="signal-id">{t("device.addSignal")}</label>
              <input
                id="signal-id"
                pattern="[a-z0-9][a-z0-9_]{0,62}"
                value={draft}
                onInput={(e) => setDraft(e.currentTarget.value)}
              />
              <button type="submit">{t("device.add")}</button>
            </form>
          )
        }
      </LoadState>
      <LoadState state={series}>
        {(list) =>
          list.length === 0 ? (
            <p>{t("device.noData")}</p>
          ) : (
            list.map((s) => <SignalChart key={s.signal} signal={s.signal} points={s.points} />)
          )
        }
      </LoadState>
    </>
  );
}
