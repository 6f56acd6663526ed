// Issue 15 §4–5 in Chromium: the period selector of the enterprise and bureau pages, the period in
// words in the header (zh-CN and English), "not yet judged" in a neutral colour for devices
// registered minutes ago, and the trends chart with its CSV download. Screenshots in docs/screenshots.
import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DICTIONARIES } from "../../web/src/i18n/i18n.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { launchChromium } from "./browser.js";
import { connectGateway, createToken, publishData, type SeededGateway } from "./seed.js";

const WEB_DIR = fileURLToPath(new URL("../../web", import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots", import.meta.url));
const zh = DICTIONARIES["zh-CN"];
const en = DICTIONARIES.en;

let h: Harness;
let browser: Browser;
let gw: SeededGateway;
let bureauToken: string;

beforeAll(async () => {
  if (process.env.ONRAMP_WEB_PREBUILT !== "1") {
    await build({ root: WEB_DIR, configFile: `${WEB_DIR}/vite.config.ts`, logLevel: "error" });
  }
  h = await startHarness();
  await h.api("POST", "/api/v1/enterprises", h.adminToken, { id: "qinling", name: "Qinling Parts" });
  await h.api("PATCH", "/api/v1/enterprises/qinling/profile", h.adminToken, {
    district: "高陵区",
    developmentZone: "经开区",
    industry: "auto-parts",
    aboveScale: true,
  });
  gw = await connectGateway(h, "qinling", "gw-1", [
    { id: "lathe-1", class: "cnc_machine_tool" },
    { id: "press-2", class: "press" },
  ]);
  await publishData(gw, "lathe-1");
  await h.api("PATCH", "/api/v1/enterprises/qinling/gateways/gw-1/devices/lathe-1", h.adminToken, {
    keyProcess: true,
    cnc: true,
  });
  bureauToken = await createToken(h, "bureau");
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gw?.client.endAsync();
  await h?.close();
});

async function login(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: "zh-CN",
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(h.http);
  await page.getByLabel(zh["login.token"]).fill(bureauToken);
  await page.getByRole("button", { name: zh["login.submit"] }).click();
  await page.waitForSelector("[data-testid=who]");
  return page;
}

async function choose(page: Page, option: string, fill?: (page: Page) => Promise<void>) {
  await page.selectOption("#p-option", option);
  await fill?.(page);
  await page.getByRole("button", { name: zh["period.apply"] }).click();
}

/** "2026-12" in Beijing time, the pilot's calendar. */
const beijingMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

describe("periods and trends in Chromium (issue 15)", () => {
  it("shows the enterprise's rates as not yet judged, in a neutral colour, for devices registered minutes ago", async () => {
    const page = await login();
    await page.goto(`${h.http}/#/e/qinling`);
    const label = page.getByTestId("period-label");
    await label.waitFor();
    expect(await label.textContent()).toMatch(new RegExp(`^${zh["period.label"]}: 自定义：`));
    // Both devices were registered a moment ago: inside the period, judged on the time since.
    const inside = page.getByTestId("registered-inside");
    expect(
      await inside.locator("li").evaluateAll((li) => li.map((l) => l.getAttribute("data-device"))),
    ).toEqual(["lathe-1", "press-2"]);
    // Verified rates: "not yet judged (observed … of the required 3 min …)", never a red 0 %.
    const notJudged = page.locator("table.indicators td[data-judged=false] .not-judged");
    expect(await notJudged.count()).toBe(3);
    expect(await notJudged.first().textContent()).toMatch(
      /^尚未评判（已观察 \d+ 秒，需要 3 分钟的工作时间）$/,
    );
    expect(await page.locator("table.indicators td[data-judged=false] strong").count()).toBe(0);
    const colour = await notJudged.first().evaluate((el) => getComputedStyle(el).color);
    expect(colour).toBe("rgb(74, 82, 96)"); // the neutral grey of .muted, not .error's red
    await page.screenshot({ path: `${SCREENSHOTS}/enterprise-not-judged.png`, fullPage: true });
    await page.context().close();
  }, 120_000);

  it("changes the period by name: since registration, a month, the last 7 days with a daily trend and its CSV", async () => {
    const page = await login();
    await page.goto(`${h.http}/#/e/qinling`);
    await page.getByTestId("period-label").waitFor();

    await choose(page, "since-registered");
    await page.waitForSelector('[data-testid=period-label][data-kind="since-registered"]');
    expect(await page.getByTestId("period-label").textContent()).toMatch(
      /^统计期: 自注册起：\d{4}-\d\d-\d\d \d\d:\d\d 至 .*（北京时间）$/,
    );
    // Registered at the start of this period: nothing registered inside it.
    expect(await page.getByTestId("registered-inside").count()).toBe(0);
    await page.waitForSelector("figure.trend-chart");
    expect(await page.textContent("figure.trend-chart figcaption")).toBe(
      zh["trends.caption"].replace("{bucket}", zh["bucket.hour"]),
    );

    const month = beijingMonth();
    await choose(page, "month", (p) => p.fill("#p-month", month));
    await page.waitForSelector('[data-testid=period-label][data-kind="month"]');
    const [y, m] = month.split("-").map(Number);
    expect(await page.getByTestId("period-label").textContent()).toContain(`${y}年${m}月（截至 `);

    await choose(page, "7d");
    await page.waitForSelector('[data-testid=period-label][data-kind="7d"]');
    const api = await h.api("GET", "/api/v1/enterprises/qinling/trends?period=7d", h.adminToken);
    const points = (api.json as { bucket: string; points: { from: number }[] }).points;
    expect((api.json as { bucket: string }).bucket).toBe("day");
    await page.waitForSelector(`figure.trend-chart[data-buckets="${points.length}"]`);
    expect(await page.locator("figure.trend-chart canvas").count()).toBeGreaterThan(0);
    await page.locator("figure.trend-chart details summary").click();
    expect(await page.locator("table.trend-table tbody tr").count()).toBe(points.length);
    await page.screenshot({ path: `${SCREENSHOTS}/enterprise-trends.png`, fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: zh["trends.csv"] }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("onramp-trends-qinling.csv");
    const csv = await readFile((await download.path()) as string, "utf8");
    expect(csv.startsWith("\uFEFFbucket_from,bucket_to,networking_verified,")).toBe(true);
    expect(csv.trimEnd().split("\r\n").length).toBe(points.length + 1);

    // The same period in English: the header follows the reader's language.
    await page.getByTestId("lang-switch").click();
    await page.waitForSelector('[data-testid=period-label][data-kind="7d"]');
    expect(await page.getByTestId("period-label").textContent()).toMatch(
      /^Period: Last 7 days: .* to .* \(Beijing time\)$/,
    );
    expect(await page.textContent("figure.trend-chart figcaption")).toBe(
      en["trends.caption"].replace("{bucket}", en["bucket.day"]),
    );
    await page.context().close();
  }, 120_000);

  it("gives the bureau the period selector, unjudged rates neither met nor missed, and the bureau trend", async () => {
    const page = await login();
    await page.goto(`${h.http}/#/bureau`);
    await page.waitForSelector("table.bureau tr[data-enterprise=qinling]");
    await choose(page, "since-registered");
    await page.waitForSelector('[data-testid=period-label][data-kind="since-registered"]');
    expect(await page.getByTestId("period-label").textContent()).toMatch(/^统计期: 自各企业注册起，截至 /);
    const row = page.locator("table.bureau tr[data-enterprise=qinling]");
    await row.locator("[data-judged=false]").first().waitFor();
    expect(await row.locator(".ok, .error").count()).toBe(0);
    // The bureau trend computes every enterprise's report: it loads when asked for.
    expect(await page.locator("figure.trend-chart").count()).toBe(0);
    await page.getByRole("button", { name: zh["trends.show"] }).click();
    await page.waitForSelector("figure.trend-chart");
    expect(await page.textContent("section.trends")).toContain(
      zh["trends.bureauMean"].replace("{count}", "1"),
    );
    await page.screenshot({ path: `${SCREENSHOTS}/bureau-trends.png`, fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: zh["trends.csv"] }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("onramp-bureau-trends.csv");
    await page.context().close();
  }, 120_000);
});
