import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnterpriseReport } from "../../src/indicators/index.js";
import { DICTIONARIES } from "../../web/src/i18n/i18n.js";
import { type DemoLike, ENT, ENT_NAME, startDemoLike } from "../report/demo-like-enterprise.js";
import { pdfText } from "../report/pdf-tools.js";
import { launchChromium } from "./browser.js";
import { createToken } from "./seed.js";

const WEB_DIR = fileURLToPath(new URL("../../web", import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots", import.meta.url));
const zh = DICTIONARIES["zh-CN"];

let demo: DemoLike;
let browser: Browser;
let work: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  if (process.env.ONRAMP_WEB_PREBUILT !== "1") {
    await build({ root: WEB_DIR, configFile: `${WEB_DIR}/vite.config.ts`, logLevel: "error" });
  }
  demo = await startDemoLike();
  tokens.own = await createToken(demo.h, "enterprise", ENT);
  tokens.bureau = await createToken(demo.h, "bureau");
  browser = await launchChromium();
  work = await mkdtemp(join(tmpdir(), "onramp-report-download-"));
  await mkdir(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

async function login(token: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(demo.h.http);
  await page.getByLabel(zh["login.token"]).fill(token);
  await page.getByRole("button", { name: zh["login.submit"] }).click();
  await page.waitForSelector("[data-testid=who]");
  return page;
}

/** The report the page's default period gives (the harness clock is fixed, so the same period). */
async function defaultReport(token: string): Promise<EnterpriseReport> {
  const answer = await demo.h.api("GET", `/api/v1/enterprises/${ENT}/indicators`, token);
  expect(answer.status).toBe(200);
  return answer.json as EnterpriseReport;
}

/** Clicks the button and returns the downloaded PDF's text. */
async function downloadFrom(page: Page, name: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 150_000 }),
    page.getByTestId(`report-pdf-${ENT}`).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`onramp-diagnosis-${ENT}.pdf`);
  const file = join(work, name);
  await download.saveAs(file);
  return (await pdfText(file)).text;
}

describe("diagnosis report download in the dashboard", () => {
  it("downloads the enterprise's own report from its page, with the numbers the page shows", async () => {
    const page = await login(tokens.own as string);
    await page.goto(`${demo.h.http}/#/e/${ENT}`);
    const button = page.getByTestId(`report-pdf-${ENT}`);
    await button.waitFor();
    expect(await button.textContent()).toBe(zh["report.download"]);
    await page.screenshot({ path: `${SCREENSHOTS}/enterprise-report-button.png` });
    const report = await defaultReport(tokens.own as string);
    const text = await downloadFrom(page, "enterprise.pdf");
    const pct = new Intl.NumberFormat("zh-CN", { style: "percent", maximumFractionDigits: 1 });
    expect(text).toContain(ENT_NAME);
    const cnc = report.rates.cnc.verified;
    expect(text).toContain(`${pct.format(cnc.value ?? 0)} (${cnc.numerator}/${cnc.denominator})`);
    // The button is usable again once the PDF is saved.
    expect(await button.isEnabled()).toBe(true);
    await page.context().close();
  }, 240_000);

  it("downloads any enterprise's report from the bureau page, in English after the language switch", async () => {
    const page = await login(tokens.bureau as string);
    await page.goto(`${demo.h.http}/#/bureau`);
    await page.getByTestId(`report-pdf-${ENT}`).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/bureau-report-button.png` });
    await page.getByTestId("lang-switch").click();
    expect(await page.getByTestId(`report-pdf-${ENT}`).getAttribute("aria-label")).toBe(
      DICTIONARIES.en["report.downloadFor"].replace("{ent}", ENT),
    );
    const text = await downloadFrom(page, "bureau.pdf");
    expect(text).toContain("Digital diagnosis report");
    expect(text).toContain(ENT_NAME);
    await page.context().close();
  }, 240_000);
});
