// The device page lists the device's signals from its profile (name, role, unit, last value) to
// pick which to chart, instead of a free-text box (issue 18 §7), and shows the device proof of the
// device's last challenge (issue 14 §4).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MqttClient } from "mqtt";
import type { Browser } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DICTIONARIES } from "../../web/src/i18n/i18n.js";
import { TestGateway } from "../helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "../helpers/harness.js";
import { launchChromium } from "./browser.js";
import { connectGateway, createToken, publishData, type SeededGateway } from "./seed.js";

const WEB_DIR = fileURLToPath(new URL("../../web", import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots", import.meta.url));
const zh = DICTIONARIES["zh-CN"];

/** The profile the seeded births name (test/cnc@1.0.0), as a one-file library (JSON is YAML). */
const PROFILE = {
  schemaVersion: 1,
  id: "test/cnc",
  version: "1.0.0",
  vendor: "Test",
  model: "cnc",
  class: "cnc_machine_tool",
  protocol: "modbus",
  source: { kind: "template", document: "device page test", note: "written by the test" },
  defaults: { pollIntervalMs: 1000, heartbeatMs: 60000 },
  signals: [
    {
      id: "spindle_speed",
      name: "Spindle speed, actual",
      role: "spindle_speed",
      type: "number",
      unit: "r/min",
      source: { modbus: { table: "holding", address: 0, dataType: "uint16" } },
    },
    {
      id: "part_count",
      role: "part_count",
      type: "integer",
      source: { modbus: { table: "holding", address: 1, dataType: "uint16" } },
    },
  ],
};

let h: Harness;
let browser: Browser;
let acme: SeededGateway;
let library: string;
let token: string;
let vmc: { gateway: TestGateway; client: MqttClient } | undefined;
/** The thumbprint the OPC UA machine's birth announces: its server certificate's SHA-256. */
const CERTIFICATE = "c3".repeat(32);

/**
 * A gateway serving an OPC UA machine that announced its server certificate, answering every
 * challenge with fresh values but no device proof — what a forger that cannot sign would send.
 */
async function connectOpcuaGateway(): Promise<{ gateway: TestGateway; client: MqttClient }> {
  const gateway = new TestGateway("acme", "hall-2");
  await gateway.enroll(h.http, await enrollmentToken(h, "acme", "hall-2"));
  const client = await gateway.connect(h.mqtt);
  await client.subscribeAsync(gateway.topic("cmd"), { qos: 1 });
  client.on("message", (_topic, message) => {
    const envelope = JSON.parse(message.toString()) as { payload: string };
    const cmd = JSON.parse(Buffer.from(envelope.payload, "base64url").toString()) as {
      id: string;
      dev: string;
      nonce: string;
      signals?: string[];
    };
    const now = Date.now();
    const reply = {
      ...gateway.header(),
      kind: "reply" as const,
      id: cmd.id,
      op: "challenge" as const,
      ok: true,
      nonce: cmd.nonce,
      dev: cmd.dev,
      samples: (cmd.signals ?? ["spindle_speed"]).map((s) => ({ s, v: 29.5, q: "good" as const, t: now })),
    };
    void client.publishAsync(gateway.topic("reply"), gateway.sign(reply), { qos: 1 });
  });
  const birth = gateway.birth([
    {
      id: "vmc-1",
      profile: "test/cnc@1.0.0",
      class: "cnc_machine_tool",
      mapping: `sha256:${"ab".repeat(32)}`,
      identity: {
        fingerprint: `sha256:${CERTIFICATE}`,
        source: "opcua-certificate",
        fields: { certificate_sha256: CERTIFICATE },
      },
    },
  ]);
  await client.publishAsync(gateway.topic("birth"), gateway.sign(birth), { qos: 1 });
  return { gateway, client };
}

beforeAll(async () => {
  if (process.env.ONRAMP_WEB_PREBUILT !== "1") {
    await build({ root: WEB_DIR, configFile: `${WEB_DIR}/vite.config.ts`, logLevel: "error" });
  }
  library = await mkdtemp(join(tmpdir(), "onramp-profiles-"));
  await writeFile(join(library, "test-cnc.yaml"), JSON.stringify(PROFILE, null, 2));
  h = await startHarness({ profilesDir: library });
  await h.api("POST", "/api/v1/enterprises", h.adminToken, { id: "acme", name: "acme" });
  acme = await connectGateway(h, "acme", "hall-1", [{ id: "lathe-1", class: "cnc_machine_tool" }]);
  await publishData(acme, "lathe-1");
  token = await createToken(h, "integrator", "acme");
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await acme?.client.endAsync();
  await vmc?.client.endAsync();
  await h?.close();
  if (library) await rm(library, { recursive: true, force: true });
});

describe("device signals", () => {
  it("the API lists the profile's signals with their last value, and 404s an unknown device", async () => {
    const path = "/api/v1/enterprises/acme/gateways/hall-1/devices";
    const listed = await h.api("GET", `${path}/lathe-1/signals`, token);
    expect(listed.status).toBe(200);
    const body = listed.json as {
      isProfileKnown: boolean;
      signals: {
        id: string;
        name: string | null;
        role: string;
        unit: string | null;
        last: { value: unknown } | null;
      }[];
    };
    expect(body.isProfileKnown).toBe(true);
    expect(body.signals.map((s) => [s.id, s.name, s.role, s.unit])).toEqual([
      ["spindle_speed", "Spindle speed, actual", "spindle_speed", "r/min"],
      ["part_count", null, "part_count", null],
    ]);
    // publishData sends 30 samples 0.5 … 29.5: the last is the newest.
    expect(body.signals[0]?.last?.value).toBe(29.5);
    expect(body.signals[1]?.last).toBeNull();
    expect((await h.api("GET", `${path}/press-9/signals`, token)).status).toBe(404);
  });

  it("the device page lists them to pick from, charts the ones picked, in Chromium", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(h.http);
    await page.getByLabel(zh["login.token"]).fill(token);
    await page.getByRole("button", { name: zh["login.submit"] }).click();
    await page.getByRole("link", { name: "lathe-1" }).click();

    await page.waitForSelector("[data-signal-row=spindle_speed]");
    const cells = (id: string) =>
      page.$$eval(`[data-signal-row=${id}] td`, (tds) => tds.map((td) => td.textContent.trim()));
    expect(await cells("spindle_speed")).toEqual([
      "",
      "spindle_speed Spindle speed, actual",
      "spindle_speed",
      "r/min",
      "29.5",
    ]);
    expect(await cells("part_count")).toEqual(["", "part_count", "part_count", "", "—"]);
    expect(await page.$("#signal-id")).toBeNull();
    // At first the numeric signals that have a value are charted: spindle_speed, not part_count.
    const spindle = page.getByRole("checkbox", {
      name: zh["device.chartSignal"].replace("{signal}", "spindle_speed"),
    });
    const parts = page.getByRole("checkbox", {
      name: zh["device.chartSignal"].replace("{signal}", "part_count"),
    });
    expect(await spindle.isChecked()).toBe(true);
    expect(await parts.isChecked()).toBe(false);
    await page.waitForSelector("figure[data-signal=spindle_speed] canvas");
    await page.screenshot({ path: `${SCREENSHOTS}/device-signals.png` });

    await spindle.uncheck();
    await page.getByText(zh["device.noData"]).waitFor();
    expect(await page.$("figure[data-signal=spindle_speed]")).toBeNull();
    await spindle.check();
    await page.waitForSelector("figure[data-signal=spindle_speed] canvas");
    await context.close();
  });

  it("the device page shows the last challenge's device proof with its reason: missing from a machine that announced a certificate", async () => {
    vmc = await connectOpcuaGateway();
    await publishData(vmc, "vmc-1");
    const challenged = await h.api("POST", "/api/v1/devices/vmc-1/challenge", h.adminToken, {
      enterprise: "acme",
      gateway: "hall-2",
      deadlineMs: 10_000,
    });
    expect(challenged.status).toBe(200);
    const outcome = challenged.json as { outcome: string; deviceProof: { status: string } | null };
    expect(outcome.deviceProof?.status).toBe("missing");
    expect(outcome.outcome).toBe("failed");

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(h.http);
    await page.getByLabel(zh["login.token"]).fill(token);
    await page.getByRole("button", { name: zh["login.submit"] }).click();
    await page.getByRole("link", { name: "vmc-1" }).click();
    const line = await page.waitForSelector("[data-device-proof]");
    expect(await line.getAttribute("data-device-proof")).toBe("missing");
    const text = (await line.textContent()) ?? "";
    expect(text).toContain(zh["device.proof.title"]);
    expect(text).toContain(zh["device.proof.missing"]);
    expect(text).toContain("the reply carries no device proof"); // the check's reason, technical (English)
    // lathe-1 was never challenged: the page says so.
    await page.goBack();
    await page.getByRole("link", { name: "lathe-1" }).click();
    await page.waitForSelector("[data-device-proof=none]");
    expect(await page.textContent("[data-device-proof]")).toContain(zh["device.proof.none"]);
    await context.close();
  }, 60_000);
});
