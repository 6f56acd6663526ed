import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import sparkplugClient from "sparkplug-client";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MosquittoBroker, startMosquitto } from "../../../test/peers/mosquitto.js";
import { waitFor } from "../../../test/peers/wait.js";
import { DICTIONARIES } from "../../web/src/i18n/i18n.js";
import { removeDataDirs } from "../helpers/data-dir.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { launchChromium } from "./browser.js";
import { createToken } from "./seed.js";

/**
 * Issue 20 in the browser: a device behind a Sparkplug B gateway (Eclipse Tahu's edge node on
 * Mosquitto) shows in the enterprise's dashboard as connected with the unsigned mark and its
 * reason, with what moving to the Onramp agent would gain, and under the verified rates as
 * counted separately — in zh-CN and English.
 */
const WEB_DIR = fileURLToPath(new URL("../../web", import.meta.url));
const zh = DICTIONARIES["zh-CN"];
const en = DICTIONARIES.en;

let broker: MosquittoBroker;
let h: Harness;
let browser: Browser;
let edge: ReturnType<typeof sparkplugClient.newClient> | undefined;
let integrator: string;

beforeAll(async () => {
  if (process.env.ONRAMP_WEB_PREBUILT !== "1") {
    await build({ root: WEB_DIR, configFile: `${WEB_DIR}/vite.config.ts`, logLevel: "error" });
  }
  broker = await startMosquitto();
  h = await startHarness({
    profilesDir: new URL("../../../device-profiles", import.meta.url).pathname,
    sparkplug: { url: broker.url, hostId: "onramp-web" },
  });
  await h.api("POST", "/api/v1/enterprises", h.adminToken, { id: "acme", name: "acme" });
  integrator = await createToken(h, "integrator", "acme");
  await h.api("POST", "/api/v1/sparkplug/edges", integrator, {
    group: "G",
    edge: "E",
    ent: "acme",
    gw: "ignition",
  });
  await h.api("PUT", "/api/v1/enterprises/acme/gateways/ignition/sparkplug-devices/M1", integrator, {
    dev: "lathe-sp",
    profile: "cnc/modbus-template@1.0.0",
  });
  const node = sparkplugClient.newClient({
    serverUrl: broker.url,
    groupId: "G",
    edgeNode: "E",
    clientId: "edge-web",
    username: "",
    password: "",
  });
  edge = node;
  node.on("birth", () => {
    node.publishNodeBirth({ timestamp: Date.now(), metrics: [] });
    node.publishDeviceBirth("M1", {
      timestamp: Date.now(),
      metrics: [
        { name: "NC/Execution", alias: 1, type: "String", value: "ACTIVE" },
        { name: "Spindle/Speed", alias: 2, type: "Double", value: 900 },
      ],
    });
  });
  await waitFor(
    "the Sparkplug device on the registry",
    async () =>
      ((await h.api("GET", "/api/v1/enterprises/acme/devices", h.adminToken)).json as { id: string }[]).some(
        (d) => d.id === "lathe-sp",
      ),
    { timeoutMs: 90_000, intervalMs: 200 },
  );
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  edge?.stop();
  await browser?.close();
  await h?.close();
  await broker?.stop();
  await removeDataDirs();
});

describe("dashboard: a Sparkplug B device", { timeout: 120_000 }, () => {
  it("is marked connected (unsigned) with its reason and the gain, and counted separately, in both languages", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(h.http);
    await page.getByLabel(zh["login.token"]).fill(integrator);
    await page.getByRole("button", { name: zh["login.submit"] }).click();
    const badge = page.locator("[data-device=lathe-sp] [data-level=connected][data-unsigned=sparkplug-b]");
    await badge.waitFor({ timeout: 60_000 });
    expect(await badge.textContent()).toContain(zh["evidence.unsigned"]);
    expect(await badge.locator(".unsigned-mark").getAttribute("title")).toBe(zh["evidence.unsignedReason"]);
    expect(await page.textContent("tr[data-device=lathe-sp]")).toContain(zh["evidence.unsignedGain"]);
    const separate = page.locator(".unsigned-separate").first();
    await separate.waitFor({ state: "attached" });
    expect(await separate.getAttribute("data-unsigned-count")).toBe("1");
    await page
      .locator("li[data-left-out=lathe-sp] [data-code=UNSIGNED_SOURCE]")
      .first()
      .waitFor({ state: "attached" });

    await page.getByTestId("lang-switch").click();
    await page.getByText(en["devices.title"], { exact: true }).waitFor();
    expect(await badge.textContent()).toContain(en["evidence.unsigned"]);
    expect(await page.textContent("tr[data-device=lathe-sp]")).toContain(en["evidence.unsignedGain"]);
    await context.close();
  });
});
