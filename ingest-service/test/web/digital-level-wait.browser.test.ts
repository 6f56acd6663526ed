// Issue 15 §4 for the SME digital level, end to end: an honest enterprise whose level rests on a
// narrow margin in bound items, with its machines registered but their rates not yet judged, sees
// DIGITAL_LEVEL_NOT_YET_JUDGED in a neutral colour — on its page, in the bureau overview and in the
// diagnosis report — and never the red DIGITAL_LEVEL_NOT_SUPPORTED.
//
// Real peers: the ingest service with its embedded MQTT broker and a signed test gateway on
// 127.0.0.1, the dashboard built by Vite and served by it, Debian's Chromium. The judgement
// threshold is raised to 7 days so "not yet judged" holds however slowly the machine runs (the
// default 3 minutes would turn it into a judgement partway through a loaded run).
import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/peers/wait.js";
import { DICTIONARIES } from "../../web/src/i18n/i18n.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { launchChromium } from "./browser.js";
import { connectGateway, createToken, type SeededGateway } from "./seed.js";

const WEB_DIR = fileURLToPath(new URL("../../web", import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots", import.meta.url));
const SEVEN_DAYS_MS = 7 * 24 * 3_600_000;
const NOT_YET_JUDGED = "DIGITAL_LEVEL_NOT_YET_JUDGED";
/** The neutral colour of `.not-judged` (web/src/styles.css), as the browser computes it. */
const NEUTRAL = "rgb(74, 82, 96)";

/**
 * 10 + 7.5 + 7.5 + 7.5 + 1.5 = 34 unbound points, + 6 (networking E) + 0.7 (data collection I)
 * = 40.7: level 2 by 0.7 points. With no machine at `consistent` yet both bound items fall to 0:
 * adjusted 34, below 40 — but only through items whose rates are not yet judged.
 */
const NARROW_LEVEL_2 = {
  "foundation.information-systems": ["E"],
  "management.planning": ["F"],
  "management.funding": ["E"],
  "management.mechanisms": ["B", "C", "D", "E"],
  "management.talent": ["B"],
  "foundation.equipment-networking": ["E"],
  "foundation.data-collection": ["I"],
};

let h: Harness;
let browser: Browser;
let gamma: SeededGateway;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  if (process.env.ONRAMP_WEB_PREBUILT !== "1") {
    await build({ root: WEB_DIR, configFile: `${WEB_DIR}/vite.config.ts`, logLevel: "error" });
  }
  h = await startHarness({ indicators: { judgement: { minObservedWorkingMs: SEVEN_DAYS_MS } } });
  await h.api("POST", "/api/v1/enterprises", h.adminToken, { id: "gamma", name: "gamma" });
  await h.api("PATCH", "/api/v1/enterprises/gamma/profile", h.adminToken, {
    district: "西咸新区",
    industry: "auto-parts",
    aboveScale: true,
  });
  gamma = await connectGateway(h, "gamma", "hall-1", [
    { id: "cnc-1", class: "cnc_machine_tool" },
    { id: "cnc-2", class: "cnc_machine_tool" },
  ]);
  tokens.gamma = await createToken(h, "enterprise", "gamma");
  tokens.bureau = await createToken(h, "bureau");
  const put = await h.api("PUT", "/api/v1/enterprises/gamma/digital-level/answers", tokens.gamma, {
    answers: NARROW_LEVEL_2,
  });
  if (put.status !== 200) throw new Error(`answers: ${put.status} ${JSON.stringify(put.json)}`);
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await gamma?.client.endAsync();
  await h?.close();
});

async function login(token: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(h.http);
  await page.getByLabel(DICTIONARIES["zh-CN"]["login.token"]).fill(token);
  await page.getByRole("button", { name: DICTIONARIES["zh-CN"]["login.submit"] }).click();
  await page.waitForSelector("[data-testid=who]");
  return page;
}

type Level = {
  declared: { score: number; level: number };
  evidenceAdjusted: { score: number; level: number };
  flags: { code: string; en: string; items: string[] }[];
};

describe("a digital level below its floor only through rates not yet judged", () => {
  it("is DIGITAL_LEVEL_NOT_YET_JUDGED in the API, with the waiting items and their observed time", async () => {
    const report = await h.api("GET", "/api/v1/enterprises/gamma/indicators", tokens.gamma as string);
    const body = report.json as {
      rates: { networking: { verified: { judged: boolean; denominator: number } } };
      digitalLevel: Level;
    };
    expect(body.rates.networking.verified).toMatchObject({ judged: false, denominator: 2 });
    expect(body.digitalLevel.declared).toEqual({ score: 40.7, level: 2 });
    expect(body.digitalLevel.evidenceAdjusted).toEqual({ score: 34, level: 1 });
    expect(body.digitalLevel.flags.map((f) => [f.code, f.items])).toEqual([
      [NOT_YET_JUDGED, ["foundation.equipment-networking", "foundation.data-collection"]],
    ]);
    expect(body.digitalLevel.flags[0]?.en).toMatch(/of the required 168 h of working time/);
  });

  it("shows it neutrally on the enterprise page and in the bureau overview, never red", async () => {
    const page = await login(tokens.gamma as string);
    await page.goto(`${h.http}/#/e/gamma`);
    const flag = await page.waitForSelector(`li[data-flag=${NOT_YET_JUDGED}]`);
    expect(await flag.getAttribute("class")).toBe("not-judged");
    expect(await flag.evaluate((el) => getComputedStyle(el).color)).toBe(NEUTRAL);
    expect(await flag.textContent()).toContain("尚未评判");
    expect(await page.getAttribute("ul.dl-flags", "role")).toBe("status");
    expect(await page.$("li[data-flag=DIGITAL_LEVEL_NOT_SUPPORTED]")).toBeNull();
    await page
      .locator("[data-testid=digital-level]")
      .screenshot({ path: `${SCREENSHOTS}/digital-level-not-yet-judged.png` });
    await page.context().close();

    // The bureau's default window ends at the last whole minute: machines registered inside the
    // current minute are not in it yet, and with no equipment in its period an enterprise is judged
    // by the absence (red). Wait until the window holds gamma's two machines.
    type Overview = {
      view: { overall: { targets: { smeDigitalLevel: { notJudged: string[]; missed: string[] } } } };
      enterprises: { id: string; devices: number; digitalLevel?: { flags: string[] } }[];
    };
    const overview = await waitFor(
      "gamma's machines in the bureau's window",
      async () => {
        const o = (await h.api("GET", "/api/v1/bureau/overview", tokens.bureau as string)).json as Overview;
        return o.enterprises.find((e) => e.id === "gamma")?.devices === 2 ? o : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 2_000 },
    );
    expect(overview.enterprises.find((e) => e.id === "gamma")?.digitalLevel?.flags).toEqual([NOT_YET_JUDGED]);
    // Neither met nor missed in the level-2 tally, as a rate not yet judged.
    expect(overview.view.overall.targets.smeDigitalLevel).toMatchObject({ notJudged: ["gamma"], missed: [] });
    const bureau = await login(tokens.bureau as string);
    const cell = await bureau.waitForSelector(
      "table.bureau [data-enterprise=gamma] [data-digital-level='2'][data-flagged=false] .not-judged",
    );
    expect(await cell.textContent()).toContain(DICTIONARIES["zh-CN"]["bureau.smeNotYetJudged"]);
    expect(await cell.evaluate((el) => getComputedStyle(el).color)).toBe(NEUTRAL);
    expect(await bureau.$("table.bureau [data-enterprise=gamma] strong.missed")).toBeNull();
    await bureau.screenshot({ path: `${SCREENSHOTS}/bureau-digital-level-not-yet-judged.png` });
    // The CSV export names the digital level's flags, so a spreadsheet tells waiting from failing.
    const [download] = await Promise.all([
      bureau.waitForEvent("download"),
      bureau.getByRole("button", { name: DICTIONARIES["zh-CN"]["bureau.exportCsv"] }).click(),
    ]);
    const csv = (await readFile((await download.path()) as string, "utf8")).trimEnd().split("\r\n");
    expect(csv[0]?.split(",").at(-1)).toBe(DICTIONARIES["zh-CN"]["bureau.csvSmeFlags"]);
    const row = csv.find((line) => line.startsWith("gamma,"));
    expect(row?.split(",").at(-1)).toBe(NOT_YET_JUDGED);
    await bureau.context().close();
  }, 300_000);

  it("lists it neutrally in the diagnosis report, with the level's verdict not yet judged", async () => {
    const response = await fetch(`${h.http}/api/v1/enterprises/gamma/report.html`, {
      headers: { authorization: `Bearer ${tokens.gamma}` },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<li class="not-judged" data-level-flag="${NOT_YET_JUDGED}">`);
    expect(html).not.toContain("DIGITAL_LEVEL_NOT_SUPPORTED");
    const summaryLevelRow = /<section id="summary">.*?<\/section>/s.exec(html)?.[0].split("<tr>").at(-1);
    expect(summaryLevelRow).toContain('data-verdict="notJudged"');
  });
});
