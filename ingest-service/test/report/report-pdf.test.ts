import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnterpriseReport } from "../../src/indicators/index.js";
import { diagnosisHtml } from "../../src/report/layout.js";
import { PdfRenderer } from "../../src/report/renderer.js";
import { createToken } from "../web/seed.js";
import { CONNECTED, type DemoLike, ENT, ENT_NAME, startDemoLike } from "./demo-like-enterprise.js";
import { DIGITAL_LEVEL, NOT_JUDGED, PERIOD_LABEL, withExtensions } from "./extensions-fixture.js";
import { pdfPages, pdfText } from "./pdf-tools.js";

/** The report's pages as PNG, committed so the closing note and README can show them. */
const IMAGES = fileURLToPath(new URL("../../../docs/images", import.meta.url));

let demo: DemoLike;
let work: string;
const tokens: Record<string, string> = {};
const written: string[] = [];

beforeAll(async () => {
  demo = await startDemoLike({ report: { maxConcurrent: 1, maxQueued: 0, idleCloseMs: 60_000 } });
  work = await mkdtemp(join(tmpdir(), "onramp-report-"));
  await mkdir(IMAGES, { recursive: true });
  tokens.own = await createToken(demo.h, "enterprise", ENT);
  await demo.h.api("POST", "/api/v1/enterprises", demo.h.adminToken, { id: "other-co", name: "other" });
  tokens.other = await createToken(demo.h, "enterprise", "other-co");
  tokens.bureau = await createToken(demo.h, "bureau");
}, 180_000);

afterAll(async () => {
  await demo?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
  const sizes = await Promise.all(
    written.map(async (f) => `${f} (${Math.round((await stat(join(IMAGES, f))).size / 1024)} KiB)`),
  );
  console.log(`report pages in ${IMAGES}: ${sizes.join(", ")}`);
});

const query = () => `from=${demo.period.from}&to=${demo.period.to}`;

/** GET over real HTTP (the bytes a browser or the CLI receives), timed. */
async function fetchAs(token: string, path: string) {
  const started = performance.now();
  const response = await fetch(`${demo.h.http}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await response.arrayBuffer());
  return { response, body, ms: Math.round(performance.now() - started) };
}

async function servedReport(token: string): Promise<EnterpriseReport> {
  const { response, body } = await fetchAs(token, `/api/v1/enterprises/${ENT}/indicators?${query()}`);
  expect(response.status).toBe(200);
  return JSON.parse(body.toString("utf8")) as EnterpriseReport;
}

/** Every number of the served JSON the report prints, as the report writes it (INDICATORS §2–§4). */
function expectedTexts(report: EnterpriseReport, lang: "zh" | "en"): string[] {
  const pct = new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en", {
    style: "percent",
    maximumFractionDigits: 1,
  });
  const share = (v: number | null) => (v === null ? "—" : pct.format(v));
  const texts: string[] = [];
  for (const pair of [report.rates.networking, report.rates.digitalisation, report.rates.cnc]) {
    for (const rate of [pair.declared, pair.verified])
      texts.push(`${share(rate.value)} (${rate.numerator}/${rate.denominator})`);
    for (const left of pair.verified.leftOut) texts.push(left.device);
  }
  for (const rate of [report.rates.networking.declared, report.rates.networking.verified]) {
    if (rate.sme !== null) texts.push(rate.sme.band, String(rate.sme.points));
  }
  for (const d of report.devices)
    texts.push(d.device, share(d.onCloud.onlineShare), share(d.utilisation.value));
  texts.push(share(report.utilisation.value), share(report.completeness.value));
  for (const flag of report.flags) texts.push(flag.code);
  // INDICATORS §6: the devices still needed to reach 80 % key-process CNC-ization.
  const cnc = report.rates.cnc.verified;
  const needed = Math.ceil(report.params.targets.minCncRate * cnc.denominator - 1e-9) - cnc.numerator;
  texts.push(lang === "zh" ? `还需 ${needed} 台设备` : `${needed} more devices`);
  return texts;
}

async function savePdf(name: string, bytes: Buffer): Promise<string> {
  const file = join(work, `${name}.pdf`);
  await writeFile(file, bytes);
  return file;
}

describe("diagnosis report PDF (数字化评估诊断报告) from the API", () => {
  it("prints the served report's numbers, profile, inventory, flags and plan in Chinese", async () => {
    const report = await servedReport(tokens.own as string);
    // The demo-like enterprise: 3 connected CNCs count; the declared grinder and saw do not.
    expect(report.rates.cnc.verified).toMatchObject({
      numerator: 3,
      denominator: 5,
      numeratorDevices: [...CONNECTED],
    });
    const { response, body, ms } = await fetchAs(
      tokens.own as string,
      `/api/v1/enterprises/${ENT}/report.pdf?${query()}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toContain(`onramp-diagnosis-${ENT}`);
    expect(body.subarray(0, 5).toString()).toBe("%PDF-");
    const file = await savePdf("zh", body);
    const { text, pages } = await pdfText(file);
    console.log(
      `zh PDF: ${body.length} bytes, ${pages} pages, ${ms} ms (first request: Chromium start included)`,
    );
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain("数字化评估诊断报告");
    for (const t of [ENT_NAME, "雁塔区", "高新区", "汽车零部件", "规模以上", "数控机床", "冲压机"])
      expect(text).toContain(t);
    for (const t of expectedTexts(report, "zh")) expect(text).toContain(t);
    // The plan: one more key-process machine for 80 %: connect the declared grinder (needed);
    // the manual saw cannot be numerically controlled, so it is to be replaced (further).
    // (Whitespace aside: a table cell wraps its words over lines.)
    const plan = text.slice(text.indexOf("八、差距与改进计划")).replace(/\s/g, "");
    for (const t of [
      "grinder-4",
      "接入网关并上传数据",
      "为达标所需",
      "saw-5",
      "更换或改造为数控设备",
      "进一步",
    ])
      expect(plan).toContain(t);
    const html = await fetchAs(tokens.own as string, `/api/v1/enterprises/${ENT}/report.html?${query()}`);
    expect(html.response.headers.get("content-type")).toContain("text/html");
    const steps = [...html.body.toString().matchAll(/<tr data-step="([^"]+)" data-action="([^"]+)"/g)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
    expect(steps).toEqual(["grinder-4:connect", "saw-5:replace", "grinder-4:connect", "saw-5:connect"]);
    expect(text).toContain("尚未填写《中小企业数字化水平评测指标》问卷");
    written.push(...(await pdfPages(file, IMAGES, "diagnosis-zh")));
  }, 180_000);

  it("prints the same numbers in English with ?lang=en, for a bureau token", async () => {
    const report = await servedReport(tokens.bureau as string);
    const { response, body, ms } = await fetchAs(
      tokens.bureau as string,
      `/api/v1/enterprises/${ENT}/report.pdf?${query()}&lang=en`,
    );
    expect(response.status).toBe(200);
    const file = await savePdf("en", body);
    const { text, pages } = await pdfText(file);
    console.log(`en PDF: ${body.length} bytes, ${pages} pages, ${ms} ms (Chromium warm)`);
    expect(text).toContain("Digital diagnosis report");
    for (const t of expectedTexts(report, "en")) expect(text).toContain(t);
    expect(text).toContain("connect it to a gateway and send its data");
    written.push(...(await pdfPages(file, IMAGES, "diagnosis-en")));
  }, 180_000);

  it("renders the SME digital level, the period in words and a not-yet-judged rate when the report carries them", async () => {
    const report = withExtensions(await servedReport(tokens.own as string));
    const renderer = new PdfRenderer(
      {
        chromiumPath: "/usr/bin/chromium",
        maxConcurrent: 1,
        maxQueued: 0,
        idleCloseMs: 0,
        timeoutMs: 60_000,
      },
      pino({ level: "silent" }),
    );
    try {
      const profile = (await demo.h.api("GET", `/api/v1/enterprises/${ENT}/profile`, tokens.own as string))
        .json;
      const html = diagnosisHtml({ report, profile: profile as never, generatedAt: demo.period.to }, "zh");
      const file = await savePdf("zh-ext", await renderer.render(html));
      const { text } = await pdfText(file);
      expect(text).toContain(PERIOD_LABEL.zh);
      expect(text).toContain(`尚未判定：${NOT_JUDGED.zh}`);
      expect(text).toContain("42 分，2 级");
      expect(text).toContain("35 分，1 级");
      for (const i of DIGITAL_LEVEL.items) expect(text).toContain(i.title.zh);
      expect(text).toContain(DIGITAL_LEVEL.flags[0]?.zh);
      // Level 2 is 5 points away; proving F-2.3 (4) and F-2.2 (3) closes it.
      expect(text).toContain("还差 5 分");
      expect(text).toMatch(
        /F-2\.3 关键工序数控化率：提供 关键工序数控化率（证据等级 ≥ 数据一致）可恢复 4 分/,
      );
      written.push(...(await pdfPages(file, IMAGES, "diagnosis-zh-digital-level")));
    } finally {
      await renderer.close();
    }
  }, 180_000);

  it("is tenant-scoped: another enterprise's token is refused", async () => {
    const { response, body } = await fetchAs(
      tokens.other as string,
      `/api/v1/enterprises/${ENT}/report.pdf?${query()}`,
    );
    expect(response.status).toBe(403);
    expect(JSON.parse(body.toString())).toMatchObject({ code: "ONRAMP_AUTH_FORBIDDEN" });
  });

  it("refuses with 503 ONRAMP_REPORT_BUSY and Retry-After when Chromium is busy and the queue is full", async () => {
    // maxConcurrent 1, maxQueued 0: while one PDF prints, the others are refused at once.
    const answers = await Promise.all(
      [0, 1, 2].map(() => fetchAs(tokens.own as string, `/api/v1/enterprises/${ENT}/report.pdf?${query()}`)),
    );
    const statuses = answers.map((a) => a.response.status).sort();
    expect(statuses[0]).toBe(200);
    expect(statuses).toContain(503);
    for (const a of answers.filter((x) => x.response.status === 503)) {
      expect(JSON.parse(a.body.toString())).toMatchObject({ code: "ONRAMP_REPORT_BUSY" });
      expect(a.response.headers.get("retry-after")).toBe("5");
    }
    const metrics = await fetch(`${demo.h.http}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/onramp_report_pdfs_total\{outcome="busy"\} [1-9]/);
  }, 180_000);
});

const BIN = fileURLToPath(new URL("../../bin/onramp-ingest.js", import.meta.url));

/** The CLI as a child process (async: the service it calls runs in this process). */
function cli(args: string[], token: string | undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env, ONRAMP_API_TOKEN: token };
  if (token === undefined) delete env.ONRAMP_API_TOKEN;
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 170_000 }, (error, stdout, stderr) =>
      resolve({
        code: error === null ? 0 : typeof error.code === "number" ? error.code : null,
        stdout,
        stderr,
      }),
    );
  });
}

describe("onramp-ingest report (the CLI, through the API)", () => {
  it("writes the same report's PDF to --out, with the served JSON's numbers", async () => {
    const report = await servedReport(tokens.own as string);
    const out = join(work, "cli.pdf");
    const args = ["report", "--server", demo.h.http, "--enterprise", ENT, "--out", out];
    const run = await cli(
      [...args, "--from", String(demo.period.from), "--to", String(demo.period.to)],
      tokens.own,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${out.replace(/[.*+?^$()|[\]\\]/g, "\\$&")}: \\d+ bytes\n$`));
    const { text } = await pdfText(out);
    for (const t of expectedTexts(report, "zh")) expect(text).toContain(t);
  }, 180_000);

  it("says what is wrong: no token, or a token for another enterprise", async () => {
    const out = join(work, "refused.pdf");
    const args = ["report", "--server", demo.h.http, "--enterprise", ENT, "--out", out];
    const noToken = await cli(args, undefined);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain("ONRAMP_API_VALIDATION: token: set ONRAMP_API_TOKEN");
    const other = await cli(args, tokens.other);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^ONRAMP_AUTH_FORBIDDEN: /);
    await expect(stat(out)).rejects.toMatchObject({ code: "ENOENT" });
  }, 60_000);
});

describe("diagnosis report without Chromium", () => {
  it("answers 503 ONRAMP_REPORT_RENDERER_UNAVAILABLE naming what to install", async () => {
    const renderer = new PdfRenderer(
      {
        chromiumPath: join(tmpdir(), "no-chromium-here"),
        maxConcurrent: 1,
        maxQueued: 0,
        idleCloseMs: 0,
        timeoutMs: 5_000,
      },
      pino({ level: "silent" }),
    );
    await expect(renderer.render("<p>x</p>")).rejects.toMatchObject({
      code: "ONRAMP_REPORT_RENDERER_UNAVAILABLE",
      status: 503,
      message: expect.stringContaining("apt-get install -y chromium"),
    });
    await renderer.close();
  });
});
