// Issue 15 §4–5 through the ingest: periods chosen by name, "not yet judged" rates and the trends
// (JSON and CSV), on the four enterprises of the evidence scenario (four hours of real signed
// frames over MQTT into the embedded broker, PGlite and the embedded store).
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnterpriseReport, ResolvedPeriod, TrendPoint } from "../../src/indicators/index.js";
import { DICTIONARIES } from "../../web/src/i18n/i18n.js";
import { launchChromium } from "../web/browser.js";
import { runScenario, type Scenario } from "./scenario.js";

let s: Scenario;
/** honest-co's first registration: its first birth's receipt, just after the scenario starts. */
let registeredAt: number;

beforeAll(async () => {
  s = await runScenario();
  const devices = await s.h.api("GET", "/api/v1/enterprises/honest-co/devices", s.h.adminToken);
  registeredAt = Math.min(...(devices.json as { firstBirthAt: number }[]).map((d) => Number(d.firstBirthAt)));
}, 300_000);

afterAll(async () => {
  await s?.close();
});

const MINUTE = 60_000;
type Served = Omit<EnterpriseReport, "period"> & { period: ResolvedPeriod };
interface Trend {
  period: ResolvedPeriod;
  bucket: string;
  points: TrendPoint[];
}

async function get<T>(path: string): Promise<T> {
  const res = await s.h.api("GET", `/api/v1${path}`, s.h.adminToken);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as T;
}

describe("periods (issue 15 §4)", () => {
  it("serves since-registered from the enterprise's first registration to now, in words, every rate judged", async () => {
    const r = await get<Served>("/enterprises/honest-co/indicators?period=since-registered");
    expect(registeredAt - s.period.from).toBeGreaterThanOrEqual(0);
    expect(registeredAt - s.period.from).toBeLessThan(MINUTE);
    expect(r.period).toMatchObject({ kind: "since-registered", from: registeredAt, to: s.period.to + 1 });
    expect(r.period.label.en).toMatch(
      /^Since registration: \d{4}-\d\d-\d\d \d\d:\d\d to .* \(Beijing time\)$/,
    );
    expect(r.period.label.zh).toMatch(/^自注册起：.*（北京时间）$/);
    for (const rate of [r.rates.networking, r.rates.cnc, r.rates.digitalisation]) {
      expect(rate.declared.judged).toBe(true);
      expect(rate.verified.judged).toBe(true);
    }
    expect(r.rates.cnc.verified.value).toBe(1);
  });

  it("holds a rate observed two minutes as not yet judged, with the observed and required time", async () => {
    const to = registeredAt + 2.5 * MINUTE;
    const r = await get<Served>(`/enterprises/honest-co/indicators?period=since-registered&to=${to}`);
    expect(r.period).toMatchObject({ from: registeredAt, to });
    expect(r.rates.networking.verified).toMatchObject({
      judged: false,
      notJudgedReason: {
        en: "not yet judged (observed 2 min of the required 3 min of working time)",
        zh: "尚未评判（已观察 2 分钟，需要 3 分钟的工作时间）",
        observedMs: 2.5 * MINUTE,
        requiredMs: 3 * MINUTE,
      },
    });
    expect(r.rates.networking.declared.judged).toBe(true);
  });

  it("names today in Beijing time and refuses a month that has not started or a period it does not know", async () => {
    const today = await get<Served>("/enterprises/honest-co/indicators?period=today");
    expect(today.period.kind).toBe("today");
    expect(today.period.label.zh).toMatch(/^今天（\d{4}-\d\d-\d\d，截至 \d\d:\d\d，北京时间）$/);
    for (const period of ["month:2999-01", "yesterday"]) {
      const res = await s.h.api(
        "GET",
        `/api/v1/enterprises/honest-co/indicators?period=${period}`,
        s.h.adminToken,
      );
      expect(res.status).toBe(400);
      expect((res.json as { code: string }).code).toBe("ONRAMP_API_VALIDATION");
    }
  });

  it("gives the bureau each enterprise since its own registration, unjudged rates neither met nor missed", async () => {
    const o = await get<{
      period: ResolvedPeriod;
      enterprises: { id: string; cnc: { judged: boolean } }[];
      view: { overall: { targets: { cnc: { verified: { met: string[]; notJudged: string[] } } } } };
    }>("/bureau/overview?period=since-registered");
    expect(o.period.kind).toBe("since-registered");
    expect(o.period.label.en).toMatch(/^Since each enterprise's registration, up to /);
    expect(o.enterprises.every((e) => e.cnc.judged)).toBe(true);
    expect(o.view.overall.targets.cnc.verified.met).toContain("honest-co");
    const early = await get<typeof o>(
      `/bureau/overview?period=since-registered&to=${s.period.from + 2 * MINUTE}`,
    );
    expect(early.view.overall.targets.cnc.verified.met).toEqual([]);
    expect(early.view.overall.targets.cnc.verified.notJudged).toContain("honest-co");
  });
});

describe("trends (issue 15 §5)", () => {
  it("cuts since-registered into hours, each bucket's figures those of a report of that hour", async () => {
    const started = performance.now();
    const trend = await get<Trend>("/enterprises/honest-co/trends?period=since-registered");
    const trendMs = performance.now() - started;
    expect(trend.bucket).toBe("hour");
    expect(trend.points[0]?.from).toBe(registeredAt);
    expect(trend.points.at(-1)?.to).toBe(s.period.to + 1);
    expect(trend.points.length).toBeGreaterThanOrEqual(5);
    const startedN = performance.now();
    const reports = [];
    for (const p of trend.points)
      reports.push(await get<Served>(`/enterprises/honest-co/indicators?from=${p.from}&to=${p.to}`));
    const reportsMs = performance.now() - startedN;
    for (const [i, p] of trend.points.entries()) {
      const r = reports[i] as Served;
      expect(p.networking.value, `hour ${i}`).toBe(r.rates.networking.verified.value);
      expect(p.cnc.value, `hour ${i}`).toBe(r.rates.cnc.verified.value);
      expect(p.networking.judged, `hour ${i}`).toBe(r.rates.networking.verified.judged);
    }
    console.log(
      `honest-co trend of ${trend.points.length} hours: ${trendMs.toFixed(0)} ms in one request; ` +
        `${trend.points.length} per-hour reports ${reportsMs.toFixed(0)} ms`,
    );
  });

  it("keeps the replaying enterprise's machine out of every hour's verified networking, on cloud all the same", async () => {
    const trend = await get<Trend>("/enterprises/replay-co/trends?period=since-registered&bucket=hour");
    expect(trend.points.map((p) => p.networking.numerator)).toEqual(trend.points.map(() => 0));
    expect(trend.points.some((p) => p.onCloud.numerator === 1)).toBe(true);
  });

  it("exports the same trend as CSV with a byte-order mark, Beijing times and the judged column", async () => {
    const trend = await get<Trend>("/enterprises/honest-co/trends?period=since-registered");
    const res = await s.h.app.inject({
      method: "GET",
      url: "/api/v1/enterprises/honest-co/trends.csv?period=since-registered",
      headers: { authorization: `Bearer ${s.h.adminToken}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="onramp-trends-honest-co.csv"');
    expect(res.body.startsWith("\uFEFFbucket_from,bucket_to,networking_verified,")).toBe(true);
    const rows = res.body
      .slice(1)
      .trimEnd()
      .split("\r\n")
      .map((l) => l.split(","));
    expect(rows.length).toBe(trend.points.length + 1);
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    for (const [i, p] of trend.points.entries()) {
      const row = rows[i + 1] as string[];
      expect(row[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      expect(row[col("networking_verified")]).toBe(
        p.networking.value === null ? "" : String(p.networking.value),
      );
      expect(row[col("cnc_verified_judged")]).toBe(String(p.cnc.judged));
      expect(row[col("on_cloud_share_of")]).toBe(String(p.onCloud.denominator));
    }
  });

  it("gives the bureau, per hour, the mean of the enterprises' judged figures, as JSON and CSV", async () => {
    const bureau = await get<{
      period: ResolvedPeriod;
      enterprises: number;
      points: { networking: { value: number | null; enterprises: number } }[];
    }>("/bureau/trends?period=since-registered&bucket=hour");
    expect(bureau.enterprises).toBe(4);
    const each = await Promise.all(
      ["fake-co", "honest-co", "replay-co", "twin-co"].map((e) =>
        get<Trend>(`/enterprises/${e}/trends?period=since-registered&bucket=hour&from=${bureau.period.from}`),
      ),
    );
    for (const [i, p] of bureau.points.entries()) {
      const judged = each.flatMap((t) => {
        const f = t.points[i]?.networking;
        return f?.judged && f.value !== null ? [f.value] : [];
      });
      expect(p.networking.enterprises).toBe(judged.length);
      if (judged.length > 0)
        expect(p.networking.value).toBeCloseTo(judged.reduce((a, b) => a + b, 0) / judged.length, 12);
    }
    const csv = await s.h.app.inject({
      method: "GET",
      url: "/api/v1/bureau/trends.csv?period=since-registered&bucket=hour",
      headers: { authorization: `Bearer ${s.h.adminToken}` },
    });
    expect(csv.body.split("\r\n")[0]).toBe(
      "\uFEFFbucket_from,bucket_to,networking_verified_mean,networking_verified_enterprises,cnc_verified_mean,cnc_verified_enterprises,on_cloud_share_mean,on_cloud_share_enterprises",
    );
  });
});

describe("the enterprise page on four hours of real frames (issue 15 §4–5)", () => {
  it("draws the hourly trend since registration, every rate judged, and says the period in words", async () => {
    const WEB_DIR = fileURLToPath(new URL("../../web", import.meta.url));
    const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots", import.meta.url));
    if (process.env.ONRAMP_WEB_PREBUILT !== "1")
      await build({ root: WEB_DIR, configFile: `${WEB_DIR}/vite.config.ts`, logLevel: "error" });
    const zh = DICTIONARIES["zh-CN"];
    const browser = await launchChromium();
    try {
      const page = await (
        await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" })
      ).newPage();
      await page.goto(s.h.http);
      await page.getByLabel(zh["login.token"]).fill(s.h.adminToken);
      await page.getByRole("button", { name: zh["login.submit"] }).click();
      await page.waitForSelector("[data-testid=who]");
      await page.goto(`${s.h.http}/#/e/honest-co`);
      await page.getByTestId("period-label").waitFor();
      await page.selectOption("#p-option", "since-registered");
      await page.getByRole("button", { name: zh["period.apply"] }).click();
      await page.waitForSelector('[data-testid=period-label][data-kind="since-registered"]');
      const trend = await get<Trend>("/enterprises/honest-co/trends?period=since-registered");
      await page.waitForSelector(`figure.trend-chart[data-buckets="${trend.points.length}"]`);
      // Four hours observed: every rate judged, none shown as "not yet judged".
      expect(await page.locator("table.indicators td[data-judged=false]").count()).toBe(0);
      await page.locator("figure.trend-chart details summary").click();
      const cells = await page
        .locator("table.trend-table td[data-figure=networking]")
        .evaluateAll((tds) => tds.map((td) => td.textContent));
      expect(cells.length).toBe(trend.points.length);
      expect(cells.filter((c) => c === "100%").length).toBe(
        trend.points.filter((p) => p.networking.judged && p.networking.value === 1).length,
      );
      await mkdir(SCREENSHOTS, { recursive: true });
      await page
        .locator("section.trends")
        .screenshot({ path: `${SCREENSHOTS}/enterprise-trends-hourly.png` });
      await page.screenshot({ path: `${SCREENSHOTS}/enterprise-since-registered.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  }, 180_000);
});
