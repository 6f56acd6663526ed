import { useState } from "preact/hooks";
import { FLAG_NOT_SUPPORTED, FLAG_NOT_YET_JUDGED } from "../../../src/digital-level/flag-codes.js";
import {
  BUREAU_SORTS,
  type BureauFilter,
  type BureauRow,
  type BureauSort,
  bureauAll,
  bureauOverview,
  bureauQuery,
  type DeclaredVerified,
  evidencePath,
  INDUSTRIES,
} from "../api/bureau.js";
import { apiDownload, saveBlob } from "../api/client.js";
import { DEFAULT_PERIOD, type PeriodChoice, periodParams } from "../api/period.js";
import type { EvidenceLevel, FlagCode, Me } from "../api/types.js";
import { EvidenceBadge } from "../components/badges.js";
import { Pager } from "../components/pager.js";
import { PeriodLabel, PeriodPicker } from "../components/period-picker.js";
import { LoadState } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { type I18n, useI18n } from "../i18n/i18n.js";
import { href } from "../router.js";
import { csvBlob } from "./csv.js";
import { ReportDownload } from "./report-download.js";
import { BureauTrends } from "./trends.js";

const PAGE_SIZE = 50;
const EMPTY: BureauFilter = { district: "", industry: "", size: "" };
/** Strongest first (INDICATORS §4). */
const LEVELS: readonly EvidenceLevel[] = ["live-verified", "consistent", "connected", "declared"];

/**
 * All enterprises against the targets of INDICATORS §6. The server filters (district, industry,
 * size), sorts and pages: the page holds one page of rows, whatever the number of enterprises.
 * Each row counts its devices by evidence level and its flags by code, in plain words; the
 * flags' details and the challenge button are on the enterprise's page, one click away.
 */
export function BureauPage(_props: { me: Me }) {
  const i18n = useI18n();
  const { t, percent, label, number, locale } = i18n;
  const [period, setPeriod] = useState<PeriodChoice>(DEFAULT_PERIOD);
  const periodQuery = periodParams(period).toString();
  const [draft, setDraft] = useState<BureauFilter>(EMPTY);
  const [filter, setFilter] = useState<BureauFilter>(EMPTY);
  const [sort, setSort] = useState<BureauSort>("id");
  const [page, setPage] = useState(1);
  const [data] = useLoad(
    () => bureauOverview(filter, { page, pageSize: PAGE_SIZE, sort }, periodQuery),
    [filter, sort, page, periodQuery],
  );

  const exportCsv = async () => {
    const rows = await bureauAll(filter, sort, periodQuery);
    saveBlob(
      csvBlob(
        csvHeader(i18n),
        rows.map((r) => csvRow(i18n, r)),
      ),
      "onramp-bureau.csv",
    );
  };

  const pct = (v: DeclaredVerified, target: number) =>
    v.judged === false ? (
      // Issue 15 §4: observed too briefly — neither met nor missed, in a neutral colour.
      <>
        {percent(v.declared)} /{" "}
        <span class="not-judged" data-judged="false">
          {v.notJudgedReason === undefined
            ? t("indicators.notJudged")
            : locale === "zh-CN"
              ? v.notJudgedReason.zh
              : v.notJudgedReason.en}
        </span>
      </>
    ) : (
      <>
        {percent(v.declared)} / <strong>{percent(v.verified)}</strong>{" "}
        {v.leftOut > 0 && <span class="muted">{t("bureau.leftOut", { count: v.leftOut })} </span>}
        {v.verified !== null && (
          <span class={v.verified >= target ? "ok" : "error"}>
            {t(v.verified >= target ? "bureau.met" : "bureau.missed")}
          </span>
        )}
      </>
    );

  return (
    <>
      <h1>{t("bureau.title")}</h1>
      <PeriodPicker
        value={period}
        onChange={(p) => {
          setPage(1);
          setPeriod(p);
        }}
      />
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setFilter({ ...draft, district: draft.district.trim() });
        }}
      >
        <label for="f-district">{t("bureau.district")}</label>
        <input
          id="f-district"
          value={draft.district}
          onInput={(e) => setDraft({ ...draft, district: e.currentTarget.value })}
        />
        <label for="f-industry">{t("bureau.industry")}</label>
        <select
          id="f-industry"
          value={draft.industry}
          onChange={(e) => setDraft({ ...draft, industry: e.currentTarget.value })}
        >
          <option value="">{t("common.all")}</option>
          {INDUSTRIES.map((i) => (
            <option key={i} value={i}>
              {label("industry", i)}
            </option>
          ))}
        </select>
        <label for="f-size">{t("bureau.size")}</label>
        <select
          id="f-size"
          value={draft.size}
          onChange={(e) => setDraft({ ...draft, size: e.currentTarget.value as BureauFilter["size"] })}
        >
          <option value="">{t("common.all")}</option>
          <option value="above-scale">{t("size.above-scale")}</option>
          <option value="sme">{t("size.sme")}</option>
        </select>
        <button type="submit">{t("bureau.apply")}</button>
        <label for="f-sort">{t("bureau.sort")}</label>
        <select
          id="f-sort"
          value={sort}
          onChange={(e) => {
            setPage(1);
            setSort(e.currentTarget.value as BureauSort);
          }}
        >
          {BUREAU_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`sort.${s}`)}
            </option>
          ))}
        </select>
      </form>
      <LoadState state={data}>
        {(d) => {
          const targets = d.view.targets;
          return (
            <>
              <PeriodLabel period={d.period} />
              <p class="muted">
                {t("bureau.targets", {
                  cnc: percent(targets.minCncRate),
                  net: percent(targets.minAboveScaleNetworkingRate),
                  sme: targets.minSmeDigitalLevel,
                })}
              </p>
              <button type="button" onClick={() => void exportCsv()}>
                {t("bureau.exportCsv")}
              </button>
              <table class="bureau" data-total={d.total} data-page={d.page} data-sort={d.sort}>
                <thead>
                  <tr>
                    <th scope="col">{t("bureau.enterprise")}</th>
                    <th scope="col">{t("bureau.district")}</th>
                    <th scope="col">{t("bureau.industry")}</th>
                    <th scope="col">{t("bureau.size")}</th>
                    <th scope="col">{t("bureau.cnc")}</th>
                    <th scope="col">{t("bureau.networking")}</th>
                    <th scope="col">{t("bureau.smeLevel")}</th>
                    <th scope="col">{t("bureau.devices")}</th>
                    <th scope="col">{t("bureau.evidence")}</th>
                    <th scope="col">{t("bureau.flags")}</th>
                    <th scope="col">{t("bureau.bundle")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.enterprises.map((e) => (
                    <tr key={e.id} data-enterprise={e.id}>
                      <td>
                        <a href={href.enterprise(e.id)}>{e.id}</a>
                      </td>
                      <td>{e.profile.district}</td>
                      <td>{label("industry", e.profile.industry)}</td>
                      <td>{t(e.profile.aboveScale ? "size.above-scale" : "size.sme")}</td>
                      <td>{pct(e.cnc, targets.minCncRate)}</td>
                      <td>
                        {e.profile.aboveScale
                          ? pct(e.networking, targets.minAboveScaleNetworkingRate)
                          : percent(e.networking.verified)}
                      </td>
                      <td>
                        <SmeLevelCell row={e} />
                      </td>
                      <td>{number(e.devices)}</td>
                      <td>
                        <EvidenceCounts levels={e.evidenceLevels} unsigned={e.unsignedDevices} />
                      </td>
                      <td>
                        <FlagCounts ent={e.id} flags={e.flags} />
                      </td>
                      <td>
                        <button
                          type="button"
                          aria-label={t("bureau.downloadFor", { ent: e.id })}
                          onClick={() => apiDownload(evidencePath(e.id), `onramp-evidence-${e.id}.json`)}
                        >
                          {t("bureau.download")}
                        </button>{" "}
                        <ReportDownload ent={e.id} period={periodQuery} compact />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {d.total === 0 && <p>{t("bureau.empty")}</p>}
              <Pager page={d.page} pageSize={d.pageSize} total={d.total} onPage={setPage} />
              <BureauTrends query={bureauQuery(filter, periodQuery)} />
            </>
          );
        }}
      </LoadState>
    </>
  );
}

function EvidenceCounts({ levels, unsigned }: { levels: Record<EvidenceLevel, number>; unsigned: number }) {
  const { t, number } = useI18n();
  const present = LEVELS.filter((level) => levels[level] > 0);
  if (present.length === 0) return <>{number(0)}</>;
  return (
    <ul class="counts">
      {present.map((level) => (
        <li key={level} data-level-count={level}>
          <EvidenceBadge level={level} /> {number(levels[level])}
        </li>
      ))}
      {unsigned > 0 && (
        <li data-unsigned-count={unsigned} title={t("evidence.unsignedReason")}>
          <span aria-hidden="true">⚠</span> {t("bureau.unsignedDevices", { count: number(unsigned) })}
        </li>
      )}
    </ul>
  );
}

function FlagCounts({ ent, flags }: { ent: string; flags: Partial<Record<FlagCode, number>> }) {
  const { t, number } = useI18n();
  const codes = (Object.keys(flags) as FlagCode[]).filter((code) => (flags[code] ?? 0) > 0);
  if (codes.length === 0) return <>{t("flags.none")}</>;
  return (
    <a href={href.enterprise(ent)} title={t("bureau.flagsOpen", { ent })}>
      <ul class="counts">
        {codes.map((code) => (
          <li key={code} data-flag-count={code}>
            {t(`flag.${code}`)} × {number(flags[code] ?? 0)}
          </li>
        ))}
      </ul>
    </a>
  );
}

const flagTotal = (r: BureauRow) => Object.values(r.flags).reduce((sum, n) => sum + (n ?? 0), 0);

const csvHeader = ({ t }: I18n) => [
  t("bureau.enterprise"),
  t("bureau.district"),
  t("bureau.industry"),
  t("bureau.size"),
  t("bureau.cncDeclared"),
  t("bureau.cncVerified"),
  t("bureau.networkingDeclared"),
  t("bureau.networkingVerified"),
  t("bureau.csvSmeDeclared"),
  t("bureau.csvSmeAdjusted"),
  t("bureau.csvDevices"),
  ...LEVELS.map((level) => t(`evidence.${level}`)),
  t("bureau.csvFlags"),
  t("bureau.csvSmeFlags"),
];

const csvRow = (i18n: I18n, r: BureauRow) => [
  r.id,
  r.profile.district,
  i18n.label("industry", r.profile.industry),
  i18n.t(r.profile.aboveScale ? "size.above-scale" : "size.sme"),
  r.cnc.declared,
  r.cnc.verified,
  r.networking.declared,
  r.networking.verified,
  r.digitalLevel?.declared?.level ?? r.profile.smeDigitalLevel,
  r.digitalLevel?.evidenceAdjusted?.level ?? null,
  r.devices,
  ...LEVELS.map((level) => r.evidenceLevels[level]),
  flagTotal(r),
  // The digital level's flag codes, the neutral DIGITAL_LEVEL_NOT_YET_JUDGED included, so a
  // spreadsheet can tell a level still waiting for evidence from one the evidence does not back.
  (r.digitalLevel?.flags ?? []).join(" "),
];

/**
 * INDICATORS §7: the questionnaire's declared level beside the evidence-adjusted one, with the
 * flag when the evidence does not back it; the profile's declared number when no questionnaire.
 */
function SmeLevelCell({ row }: { row: BureauRow }) {
  const { t, number } = useI18n();
  const dl = row.digitalLevel;
  if (dl?.declared == null) return <>{number(row.profile.smeDigitalLevel, 1)}</>;
  const notSupported = dl.flags.includes(FLAG_NOT_SUPPORTED);
  const notYetJudged = dl.flags.includes(FLAG_NOT_YET_JUDGED);
  return (
    <span data-digital-level={dl.declared.level} data-flagged={notSupported}>
      {t("bureau.smeDeclared", { level: dl.declared.level })}
      {dl.evidenceAdjusted !== null && (
        <> / {t("bureau.smeAdjusted", { level: dl.evidenceAdjusted.level })}</>
      )}
      {notSupported && (
        <strong class="missed" title={t("bureau.smeNotSupported")}>
          {" "}
          ⚠ {t("bureau.smeNotSupported")}
        </strong>
      )}
      {notYetJudged && (
        // Issue 15 §4: the items that lost points were observed too briefly: neutral, never red.
        <>
          {" "}
          <span class="not-judged" data-judged="false" title={t("bureau.smeNotYetJudgedTitle")}>
            {t("bureau.smeNotYetJudged")}
          </span>
        </>
      )}
    </span>
  );
}
