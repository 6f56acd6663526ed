import { useState } from "preact/hooks";
import { apiGet, seg } from "../api/client.js";
import { useLivePresence } from "../api/live.js";
import type { Me, SignalPoint } from "../api/types.js";
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

/** Numeric signals the device-profile library uses most; the user can add any other id. */
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

/** A device's status and its signals' history, charted, over a chosen time range. */
export function DevicePage({ ent, gw, dev }: { me: Me; ent: string; gw: string; dev: string }) {
  const { t, dateTime } = useI18n();
  const [rangeMs, setRangeMs] = useState(3_600_000);
  const [extra, setExtra] = useState<string[]>([]);
  const [draft, setDraft] = useState("");
  const { presence } = useLivePresence(ent);
  const status = presence?.get(`${gw}/${dev}`);
  const [series] = useLoad(async () => {
    const from = Date.now() - rangeMs;
    const signals = [...new Set([...COMMON_SIGNALS, ...extra])];
    const all = await Promise.all(
      signals.map(async (signal) => ({
        signal,
        points: await apiGet<SignalPoint[]>(
          `/enterprises/${seg(ent, "gateways", gw, "devices", dev, "signals", signal)}?from=${from}&limit=${POINT_LIMIT}`,
        ),
      })),
    );
    return all.filter((s) =>
      s.points.some((p) => typeof p.value === "number" || typeof p.value === "boolean"),
    );
  }, [ent, gw, dev, rangeMs, extra.join(",")]);

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
