import { useState } from "preact/hooks";
import {
  type BureauFilter,
  type BureauRow,
  bureauOverview,
  type DeclaredVerified,
  evidencePath,
  INDUSTRIES,
} from "../api/bureau.js";
import { apiDownload, saveBlob } from "../api/client.js";
import type { Me } from "../api/types.js";
import { Pager } from "../components/pager.js";
import { LoadState } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { type I18n, useI18n } from "../i18n/i18n.js";
import { href } from "../router.js";
import { csvBlob } from "./csv.js";

const PAGE_SIZE = 50;
const EMPTY: BureauFilter = { district: "", industry: "", size: "" };

/**
 * All enterprises against the targets of INDICATORS §6. The server filters (district, industry,
 * size); the filtered list is paged here. Evidence levels, flags and the challenge button are on
 * each enterprise's page, one click away.
 */
export function BureauPage(_props: { me: Me }) {
  const i18n = useI18n();
  const { t, percent, label, number } = i18n;
  const [draft, setDraft] = useState<BureauFilter>(EMPTY);
  const [filter, setFilter] = useState<BureauFilter>(EMPTY);
  const [page, setPage] = useState(1);
  const [data] = useLoad(() => bureauOverview(filter), [filter]);

  const exportCsv = (rows: BureauRow[]) =>
    saveBlob(
      csvBlob(
        csvHeader(i18n),
        rows.map((r) => csvRow(i18n, r)),
      ),
      "onramp-bureau.csv",
    );

  const pct = (v: DeclaredVerified, target: number) => (
    <>
      {percent(v.declared)} / <strong>{percent(v.verified)}</strong>{" "}
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
      </form>
      <LoadState state={data}>
        {(d) => {
          const targets = d.view.targets;
          const shown = d.enterprises.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
          return (
            <>
              <p class="muted">
                {t("bureau.targets", {
                  cnc: percent(targets.minCncRate),
                  net: percent(targets.minAboveScaleNetworkingRate),
                  sme: targets.minSmeDigitalLevel,
                })}
              </p>
              <button type="button" onClick={() => exportCsv(d.enterprises)}>
                {t("bureau.exportCsv")}
              </button>
              <table class="bureau" data-total={d.enterprises.length}>
                <thead>
                  <tr>
                    <th scope="col">{t("bureau.enterprise")}</th>
                    <th scope="col">{t("bureau.district")}</th>
                    <th scope="col">{t("bureau.industry")}</th>
                    <th scope="col">{t("bureau.size")}</th>
                    <th scope="col">{t("bureau.cnc")}</th>
                    <th scope="col">{t("bureau.networking")}</th>
                    <th scope="col">{t("bureau.smeLevel")}</th>
                    <th scope="col">{t("bureau.bundle")}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((e) => (
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
                      <td>{number(e.profile.smeDigitalLevel, 1)}</td>
                      <td>
                        <button
                          type="button"
                          aria-label={t("bureau.downloadFor", { ent: e.id })}
                          onClick={() => apiDownload(evidencePath(e.id), `onramp-evidence-${e.id}.json`)}
                        >
                          {t("bureau.download")}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {d.enterprises.length === 0 && <p>{t("bureau.empty")}</p>}
              <Pager page={page} pageSize={PAGE_SIZE} total={d.enterprises.length} onPage={setPage} />
            </>
          );
        }}
      </LoadState>
    </>
  );
}

const csvHeader = ({ t }: I18n) => [
  t("bureau.enterprise"),
  t("bureau.district"),
  t("bureau.industry"),
  t("bureau.size"),
  t("bureau.cncDeclared"),
  t("bureau.cncVerified"),
  t("bureau.networkingDeclared"),
  t("bureau.networkingVerified"),
  t("bureau.smeLevel"),
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
  r.profile.smeDigitalLevel,
];
