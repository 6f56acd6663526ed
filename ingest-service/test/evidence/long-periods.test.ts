// Issue 15 §4–5 over periods longer than a report holds (31 days): enterprises whose registration
// and data go back 45 days and a year, written through the real state store (signed frames
// accounted by `commitFrames`, as the ingest does), the service on a simulated clock.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { publicJwk } from "@onramp/contract";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DayTrends } from "../../src/evidence/day-trends.js";
import { writeEnterpriseMeta } from "../../src/evidence/enterprise-meta.js";
import { loadEnterpriseInput } from "../../src/evidence/load-input.js";
import { loadProfileSignals } from "../../src/evidence/profile-signals.js";
import { DEFAULT_PARAMS, type ResolvedPeriod, type TrendPoint } from "../../src/indicators/index.js";
import { type AccountedFrame, commitFrames } from "../../src/state/accounting.js";
import { pruneFrameLog } from "../../src/state/frame-log-retention.js";
import { DICTIONARIES } from "../../web/src/i18n/i18n.js";
import { samples, TestGateway } from "../helpers/gateway.js";
import { type Harness, startHarness, testLogger } from "../helpers/harness.js";
import { launchChromium } from "../web/browser.js";

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Monday 2026-12-07 10:00 Beijing time. */
const NOW = Date.parse("2026-12-07T10:00:00+08:00");
const MAPPING = `sha256:${"cd".repeat(32)}`;
let clock = NOW;
let h: Harness;

interface Trend {
  period: ResolvedPeriod;
  bucket: string;
  basis: string;
  points: TrendPoint[];
}

/**
 * An enterprise registered `daysAgo` days before NOW with `dev-01`; `dev-02` announced in a second
 * birth `secondAgo` days before NOW; one data frame a day (noon Beijing time) for `dev-01`.
 */
async function seed(ent: string, daysAgo: number, secondAgo: number): Promise<TestGateway> {
  const ctx = h.app.ingest;
  const bornAt = NOW - daysAgo * DAY;
  await ctx.registry.createEnterprise(ent, ent, bornAt);
  await writeEnterpriseMeta(ctx.sql, ent, {
    district: "高新区",
    developmentZone: null,
    industry: "auto-parts",
    industryKind: "discrete",
    aboveScale: true,
    smeDigitalLevel: null,
    calendar: null,
  });
  const gateway = new TestGateway(ent, "gw-1");
  await ctx.sql.query(
    `INSERT INTO gateways (ent, id, kid, public_jwk, mqtt_username, password_hash, enrolled_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      ent,
      "gw-1",
      gateway.key.kid,
      JSON.stringify(publicJwk(gateway.key.publicKey)),
      `${ent}/gw-1`,
      "-",
      bornAt,
    ],
  );
  const device = (id: string) => ({
    id,
    profile: "test/cnc@1.0.0",
    class: "cnc_machine_tool",
    mapping: MAPPING,
    identity: null,
  });
  const frame = (body: ReturnType<TestGateway["data"]> | ReturnType<TestGateway["birth"]>, at: number) => {
    const timed = { ...body, ts: at };
    return { body: timed, receivedAt: at, isSkewed: false, raw: gateway.sign(timed) } as AccountedFrame;
  };
  const frames: AccountedFrame[] = [frame(gateway.birth([device("dev-01")]), bornAt)];
  const noon = Date.parse("2026-12-07T12:00:00+08:00");
  for (let d = daysAgo; d >= 1; d--) {
    const at = noon - d * DAY;
    if (d === secondAgo) frames.push(frame(gateway.birth([device("dev-01"), device("dev-02")]), at - 60_000));
    frames.push(
      frame(gateway.data([{ dev: "dev-01", samples: samples("spindle_speed", 5, at - 10_000) }]), at),
    );
  }
  for (let i = 0; i < frames.length; i += 200)
    await commitFrames(ctx.sql, frames.slice(i, i + 200), [], () => undefined);
  return gateway;
}

let longCo: TestGateway;

beforeAll(async () => {
  h = await startHarness({}, { now: () => clock });
  longCo = await seed("long-co", 45, 10);
  await seed("year-co", 400, 100);
  await seed("new-co", 2, 1);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

async function get<T>(path: string): Promise<T> {
  const res = await h.api("GET", `/api/v1${path}`, h.adminToken);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as T;
}

/** A DayTrends over the harness's real state store, as app.ts builds it, to read its stats. */
async function dayTrends(
  opts: {
    findings?: (ent: string, day: { from: number; to: number }) => unknown[];
    /** Every period loaded, to count the computations. */
    loaded?: { from: number; to: number }[];
    frameLogRetentionMs?: number;
  } = {},
): Promise<DayTrends> {
  const { findings, loaded = [], frameLogRetentionMs } = opts;
  const ctx = h.app.ingest;
  const signalsOf = await loadProfileSignals(undefined);
  return new DayTrends({
    sql: ctx.sql,
    params: DEFAULT_PARAMS,
    now: () => clock,
    log: testLogger(),
    load: (ent, period) => {
      loaded.push(period); // which days were read, to count the computations
      return loadEnterpriseInput(
        { sql: ctx.sql, store: ctx.store, signalsOf, params: DEFAULT_PARAMS },
        ent,
        period,
      );
    },
    ...(findings === undefined ? {} : { findings }),
    ...(frameLogRetentionMs === undefined ? {} : { frameLogRetentionMs }),
  });
}

describe("reports over a period longer than 31 days (issue 15 §4)", () => {
  it("gives the bureau overview since registration, the old enterprises judged on their last 31 days, and says so", async () => {
    const o = await get<{
      period: ResolvedPeriod & { judgedAtMost: { days: number; from: number; to: number } };
      total: number;
      enterprises: { id: string }[];
    }>("/bureau/overview?period=since-registered");
    expect(o.total).toBe(3);
    expect(o.enterprises.map((e) => e.id)).toEqual(["long-co", "new-co", "year-co"]);
    const minute = Math.floor(NOW / MINUTE) * MINUTE;
    expect(o.period.judgedAtMost).toEqual({ days: 31, from: minute - 31 * DAY, to: minute });
    expect(o.period.label.en).toBe(
      "Since each enterprise's registration, up to 2026-12-07 10:00 (Beijing time); an enterprise registered more than 31 days ago is judged on its last 31 days",
    );
    expect(o.period.label.zh).toBe(
      "自各企业注册起，截至 2026-12-07 10:00（北京时间）；注册超过 31 天的企业评判最近 31 天",
    );
  });

  it("gives an enterprise's report since registration on its last 31 days, the period asked beside it", async () => {
    const r = await get<{ period: ResolvedPeriod; devices: unknown[] }>(
      "/enterprises/long-co/indicators?period=since-registered",
    );
    expect(r.period).toMatchObject({
      kind: "since-registered",
      from: NOW + 1 - 31 * DAY,
      to: NOW + 1,
      asked: { from: NOW - 45 * DAY, to: NOW + 1 },
    });
    expect(r.period.label.en).toMatch(
      /^Since registration: 2026-10-23 10:00 to .*; judged on the last 31 days: /,
    );
    expect(r.devices.length).toBe(2);
    const bundle = await get<{ input: { period: { from: number; to: number } } }>(
      "/enterprises/long-co/evidence?period=since-registered",
    );
    expect(bundle.input.period).toEqual({ from: NOW + 1 - 31 * DAY, to: NOW + 1 });
  });

  it("judges the last 12 months and a year on their last 31 days, in the overview and a report", async () => {
    const o = await get<{ period: ResolvedPeriod; total: number }>("/bureau/overview?period=12m");
    expect(o.total).toBe(3);
    const minute = Math.floor(NOW / MINUTE) * MINUTE;
    expect(o.period).toMatchObject({ kind: "12m", from: minute - 31 * DAY, to: minute });
    expect(o.period.asked?.from).toBe(Date.parse("2025-12-07T10:00:00+08:00"));
    expect(o.period.label.en).toMatch(
      /^Last 12 months: .*; judged on the last 31 days: 2026-11-06 10:00 to 2026-12-07 10:00/,
    );
    const r = await get<{ period: ResolvedPeriod }>("/enterprises/year-co/indicators?period=year:2025");
    expect(r.period).toMatchObject({
      kind: "year",
      from: Date.parse("2026-01-01T00:00:00+08:00") - 31 * DAY,
      asked: { from: Date.parse("2025-01-01T00:00:00+08:00"), to: Date.parse("2026-01-01T00:00:00+08:00") },
    });
    expect(r.period.label.zh).toMatch(
      /^2025年（北京时间）；评判最近 31 天：2025-12-01 00:00 至 2026-01-01 00:00/,
    );
    const trend = await get<Trend>("/enterprises/year-co/trends?period=year:2025");
    expect(trend.bucket).toBe("week");
    expect(trend.points[0]?.from).toBe(Date.parse("2025-01-01T00:00:00+08:00"));
  }, 300_000);

  it("heads the diagnosis report with the period asked and the 31 days judged, in Chinese and English", async () => {
    for (const [lang, words] of [
      ["zh", "自注册起：2026-10-23 10:00 至 2026-12-07 10:00（北京时间）；评判最近 31 天："],
      [
        "en",
        "Since registration: 2026-10-23 10:00 to 2026-12-07 10:00 (Beijing time); judged on the last 31 days: ",
      ],
    ] as const) {
      const res = await h.app.inject({
        method: "GET",
        url: `/api/v1/enterprises/long-co/report.html?period=since-registered&lang=${lang}`,
        headers: { authorization: `Bearer ${h.adminToken}` },
      });
      expect(res.statusCode).toBe(200);
      const header = /<dd data-field="period">([^<]*)<\/dd>/.exec(res.body)?.[1] ?? "";
      expect(header.startsWith(words), header).toBe(true);
    }
  });

  it("refuses an explicit range longer than a report holds, naming the limit", async () => {
    const res = await h.api(
      "GET",
      `/api/v1/enterprises/long-co/indicators?from=${NOW - 45 * DAY}&to=${NOW}`,
      h.adminToken,
    );
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "ONRAMP_PERIOD_TOO_LONG" });
    expect(JSON.stringify(res.json)).toContain("31 days");
  });
});

describe("trends longer than 31 days, from stored days (issue 15 §5)", () => {
  it("cuts since-registered into Monday-to-Monday weeks, a device counted from the week it was registered", async () => {
    const trend = await get<Trend>("/enterprises/long-co/trends?period=since-registered");
    expect(trend.bucket).toBe("week");
    expect(trend.basis).toBe("days");
    // Registered Friday 2026-10-23 10:00: that partial week, six whole weeks, then today's.
    const mondays = ["10-26", "11-02", "11-09", "11-16", "11-23", "11-30", "12-07"].map((d) =>
      Date.parse(`2026-${d}T00:00:00+08:00`),
    );
    expect(trend.points.map((p) => p.from)).toEqual([NOW - 45 * DAY, ...mondays]);
    expect(trend.points.map((p) => p.to)).toEqual([...mondays, NOW + 1]);
    // dev-02 announced on Friday 2026-11-27: in the denominators from that week on.
    expect(trend.points.map((p) => p.networking.denominator)).toEqual([1, 1, 1, 1, 1, 2, 2, 2]);
    expect(trend.points.map((p) => p.onCloud.denominator)).toEqual([1, 1, 1, 1, 1, 2, 2, 2]);
    // No profile library: completeness cannot be computed, so no device is on cloud — a 0, judged.
    expect(trend.points.every((p) => p.networking.numerator === 0 && p.networking.judged)).toBe(true);
  });

  it("serves the same weeks as CSV, and the bureau's monthly means since the oldest registration", async () => {
    const csv = await h.app.inject({
      method: "GET",
      url: "/api/v1/enterprises/long-co/trends.csv?period=since-registered&bucket=week",
      headers: { authorization: `Bearer ${h.adminToken}` },
    });
    expect(csv.statusCode).toBe(200);
    const rows = csv.body.slice(1).trimEnd().split("\r\n");
    expect(rows.length).toBe(9);
    expect(rows[2]?.startsWith("2026-10-26T00:00:00+08:00,2026-11-02T00:00:00+08:00,")).toBe(true);
    const bureau = await get<Trend & { enterprises: number }>("/bureau/trends?period=since-registered");
    // From year-co's registration 400 days ago: longer than a year, so months.
    expect(bureau.enterprises).toBe(3);
    expect(bureau.basis).toBe("days");
    expect(bureau.bucket).toBe("month");
    expect(bureau.points[0]?.from).toBe(NOW - 400 * DAY);
    expect(bureau.points[1]?.from).toBe(Date.parse("2025-12-01T00:00:00+08:00"));
    expect(bureau.points.length).toBe(14); // November 2025 (from the 2nd) to December 2026
  }, 600_000);

  it("refuses hours over more than 31 days and a trend longer than three years", async () => {
    const hours = await h.api(
      "GET",
      "/api/v1/enterprises/long-co/trends?period=since-registered&bucket=hour",
      h.adminToken,
    );
    expect(hours.status).toBe(400);
    const long = await h.api(
      "GET",
      `/api/v1/enterprises/long-co/trends?from=${NOW - 1200 * DAY}&to=${NOW}&bucket=month`,
      h.adminToken,
    );
    expect(long.status).toBe(400);
    expect(long.json).toMatchObject({ code: "ONRAMP_PERIOD_TOO_LONG" });
  });

  it("measures a one-year weekly trend cold and warm", async () => {
    const period = `from=${NOW - 364 * DAY}&to=${NOW}&bucket=week`;
    await h.app.ingest.sql.query("DELETE FROM trend_days WHERE ent = $1", ["year-co"]);
    const cold = performance.now();
    const a = await get<Trend>(`/enterprises/year-co/trends?${period}`);
    const coldMs = performance.now() - cold;
    const warm = performance.now();
    const b = await get<Trend>(`/enterprises/year-co/trends?${period}`);
    const warmMs = performance.now() - warm;
    expect(a.points.length).toBe(53);
    expect(b).toEqual(a);
    console.log(
      `year-co, 1-year weekly trend (${a.points.length} weeks, 365 days, 2 devices): cold ${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms`,
    );
  }, 600_000);
});

describe("the cost of one day of dense frames", () => {
  it("measures the one-day report behind a stored day: three devices, a frame every 10 s each", async () => {
    const ctx = h.app.ingest;
    const ent = "dense-co";
    const from = Date.parse("2026-12-05T00:00:00+08:00");
    await ctx.registry.createEnterprise(ent, ent, from - DAY);
    const gateway = new TestGateway(ent, "gw-1");
    await ctx.sql.query(
      `INSERT INTO gateways (ent, id, kid, public_jwk, mqtt_username, password_hash, enrolled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        ent,
        "gw-1",
        gateway.key.kid,
        JSON.stringify(publicJwk(gateway.key.publicKey)),
        `${ent}/gw-1`,
        "-",
        from - DAY,
      ],
    );
    const ids = ["dev-01", "dev-02", "dev-03"];
    const birth = {
      ...gateway.birth(
        ids.map((id) => ({
          id,
          profile: "test/cnc@1.0.0",
          class: "cnc_machine_tool",
          mapping: MAPPING,
          identity: null,
        })),
      ),
      ts: from - DAY,
    };
    const frames: AccountedFrame[] = [
      { body: birth, receivedAt: from - DAY, isSkewed: false, raw: gateway.sign(birth) },
    ];
    for (let t = from; t < from + 2 * DAY; t += 10_000) {
      const body = {
        ...gateway.data(ids.map((dev) => ({ dev, samples: samples("spindle_speed", 1, t - 500) }))),
        ts: t,
      };
      frames.push({ body, receivedAt: t, isSkewed: false, raw: gateway.sign(body) });
    }
    const seeding = performance.now();
    for (let i = 0; i < frames.length; i += 1000)
      await commitFrames(ctx.sql, frames.slice(i, i + 1000), [], () => undefined);
    const seedMs = performance.now() - seeding;
    const days = await dayTrends();
    const cold = performance.now();
    const { stats } = await days.days(ent, { from, to: from + 2 * DAY });
    const coldMs = performance.now() - cold;
    expect(stats).toEqual({ stored: 0, computed: 2, recomputed: 0, open: 0, beyondRetention: 0 });
    const warm = performance.now();
    expect((await days.days(ent, { from, to: from + 2 * DAY })).stats.stored).toBe(2);
    const warmMs = performance.now() - warm;
    console.log(
      `dense-co: ${frames.length} frames seeded in ${seedMs.toFixed(0)} ms; 2 one-day reports (8,640 frames each) ` +
        `cold ${coldMs.toFixed(0)} ms (${(coldMs / 2).toFixed(0)} ms a day), warm ${warmMs.toFixed(0)} ms`,
    );
  }, 600_000);
});

describe("the enterprise page over 45 days (issue 15 §4–5)", () => {
  it("says the report judges the last 31 days and draws the weekly trend since registration", async () => {
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
      await page.goto(h.http);
      await page.getByLabel(zh["login.token"]).fill(h.adminToken);
      await page.getByRole("button", { name: zh["login.submit"] }).click();
      await page.waitForSelector("[data-testid=who]");
      await page.goto(`${h.http}/#/e/long-co`);
      await page.getByTestId("period-label").waitFor();
      await page.selectOption("#p-option", "since-registered");
      await page.getByRole("button", { name: zh["period.apply"] }).click();
      await page.waitForSelector('[data-testid=period-label][data-kind="since-registered"]');
      expect(await page.getByTestId("period-label").textContent()).toMatch(
        /^统计期: 自注册起：2026-10-23 10:00 至 2026-12-07 10:00（北京时间）；评判最近 31 天：/,
      );
      expect(await page.getByTestId("period-judged").textContent()).toBe(
        "各项比率按所选统计期的最近 31 天评判（一份报告最多覆盖 31 天）；下方趋势覆盖整个统计期。",
      );
      // Eight weeks: the partial one from Friday 23 October to today's.
      await page.waitForSelector('figure.trend-chart[data-buckets="8"]');
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: `${SCREENSHOTS}/enterprise-long-period.png`, fullPage: true });
      // The same in English: the header follows the reader's language.
      await page.getByTestId("lang-switch").click();
      await page.waitForSelector("html[lang=en]");
      expect(await page.getByTestId("period-label").textContent()).toMatch(
        /^Period: Since registration: .*; judged on the last 31 days: /,
      );
      expect(await page.getByTestId("period-judged").textContent()).toBe(
        "Rates are judged on the last 31 days of the period asked (a report holds at most 31 days); the trend below covers the whole period.",
      );
      await page.context().close();
    } finally {
      await browser.close();
    }
  }, 300_000);
});

describe("stored days stay true (issue 15 §5)", () => {
  const last45 = { from: NOW - 45 * DAY, to: NOW + 1 };

  it("recomputes the day a late spooled frame adds samples to and the next (its history), nothing else", async () => {
    const days = await dayTrends();
    const first = await days.days("long-co", last45);
    expect(first.stats.computed + first.stats.recomputed).toBe(0); // stored by the trend requests above
    expect(first.stats.open).toBe(1); // today
    const stored = first.stats.stored;
    // A frame measured 20 days ago, delivered now by the agent's disk spool.
    const measured = Date.parse("2026-11-17T15:00:00+08:00");
    const late = longCo.data([{ dev: "dev-02", samples: samples("spindle_speed", 3, measured) }]);
    const body = { ...late, ts: measured };
    await commitFrames(
      h.app.ingest.sql,
      [{ body, receivedAt: clock, isSkewed: false, raw: longCo.sign(body) }],
      [],
      () => undefined,
    );
    clock = NOW + 1; // to tell this pass's writes apart
    try {
      const second = await days.days("long-co", last45);
      expect(second.stats).toEqual({
        stored: stored - 2,
        computed: 0,
        recomputed: 2,
        open: 1,
        beyondRetention: 0,
      });
      // 17 November, and 18 November, whose report reads the day before as history.
      const rewritten = await h.app.ingest.sql.query<{ dayFrom: number }>(
        `SELECT day_from AS "dayFrom" FROM trend_days WHERE ent = 'long-co' AND computed_at = $1 ORDER BY day_from`,
        [NOW + 1],
      );
      expect(rewritten.map((r) => Number(r.dayFrom))).toEqual([
        Date.parse("2026-11-17T00:00:00+08:00"),
        Date.parse("2026-11-18T00:00:00+08:00"),
      ]);
      const again = await days.days("long-co", last45);
      expect(again.stats).toEqual({ stored, computed: 0, recomputed: 0, open: 1, beyondRetention: 0 });
    } finally {
      clock = NOW;
    }
  }, 300_000);

  it("recomputes the days a city-wide scan later found a copied stream on, and only those", async () => {
    // What the scan found (copied-streams.ts keeps it in memory): a copy on 20 November.
    const copyDay = Date.parse("2026-11-20T00:00:00+08:00");
    let found: unknown[] = [];
    const days = await dayTrends({
      findings: (_ent, day) => (found.length > 0 && day.from === copyDay ? found : []),
    });
    const before = await days.days("long-co", last45);
    expect(before.stats.computed + before.stats.recomputed).toBe(0);
    found = [
      { device: "dev-01", other: { enterprise: "another", device: "lathe-9" }, at: copyDay + 3_600_000 },
    ];
    const after = await days.days("long-co", last45);
    expect(after.stats).toMatchObject({ computed: 0, recomputed: 1, stored: before.stats.stored - 1 });
  }, 300_000);

  it("computes a day once when a trend and the warm-up ask for it together, and reuses today for a minute", async () => {
    const loaded: { from: number; to: number }[] = [];
    const days = await dayTrends({ loaded });
    await h.app.ingest.sql.query("DELETE FROM trend_days WHERE ent = 'long-co' AND day_from = $1", [
      Date.parse("2026-12-06T00:00:00+08:00"),
    ]);
    const [a, b] = await Promise.all([days.days("long-co", last45), days.fill("long-co", 5)]);
    expect(a.stats.computed + b.computed).toBe(2); // both saw 6 December missing…
    const sunday = loaded.filter((p) => p.from === Date.parse("2026-12-06T00:00:00+08:00"));
    expect(sunday.length).toBe(1); // …and it was read once
    const today = loaded.filter((p) => p.from === Date.parse("2026-12-07T00:00:00+08:00")).length;
    clock = NOW + 30_000;
    try {
      await days.days("long-co", last45);
      expect(loaded.filter((p) => p.from === Date.parse("2026-12-07T00:00:00+08:00")).length).toBe(today);
      clock = NOW + 61_000;
      await days.days("long-co", last45);
      expect(loaded.filter((p) => p.from === Date.parse("2026-12-07T00:00:00+08:00")).length).toBe(today + 1);
    } finally {
      clock = NOW;
    }
  }, 300_000);

  it("serves days past the frame log's retention as stored, never recomputed from their lost frames, and no figures for one never stored", async () => {
    const loaded: { from: number; to: number }[] = [];
    const retained = await dayTrends({ loaded, frameLogRetentionMs: 30 * DAY });
    const oldDay = Date.parse("2026-10-25T00:00:00+08:00");
    await h.app.ingest.sql.query("DELETE FROM trend_days WHERE ent = 'long-co' AND day_from = $1", [oldDay]);
    const { days: served, stats } = await retained.days("long-co", last45);
    // Frames before 7 November 10:00 are gone; a day's report reads the day before it too, so
    // 23 October to 8 November: 17 days.
    expect(stats.beyondRetention).toBe(17);
    expect(stats.computed + stats.recomputed).toBe(0);
    expect(loaded.filter((p) => p.from < NOW - 30 * DAY)).toEqual([]);
    const sunday = served.find((d) => d.from === oldDay);
    expect(sunday?.networking).toEqual({
      value: null,
      numerator: 0,
      denominator: 0,
      judged: false,
      counted: [],
      of: [],
    });
    // Its week: 26 October's Monday-to-Sunday week is judged on its other days.
    const monday = served.find((d) => d.from === Date.parse("2026-10-26T00:00:00+08:00"));
    expect(monday?.networking.denominator).toBe(1);
  }, 300_000);

  it("keeps stored days when the frame log's retention deletes their frames", async () => {
    const days = await dayTrends();
    const before = await days.days("long-co", last45);
    const pruned = await pruneFrameLog(
      h.app.ingest.sql,
      { retentionDays: 30, maxRawBytesPerDeviceHour: 1_000_000, batchRows: 1000 },
      clock,
    );
    expect(pruned.deleted).toBeGreaterThan(0);
    const after = await days.days("long-co", last45);
    expect(after.stats.recomputed).toBe(0);
    expect(after.days).toEqual(before.days);
  }, 300_000);

  it("recomputes every day when the enterprise's definition changes (its profile here)", async () => {
    const days = await dayTrends();
    const res = await h.api("PATCH", "/api/v1/enterprises/long-co/profile", h.adminToken, {
      aboveScale: false,
    });
    expect(res.status).toBe(200);
    const after = await days.days("long-co", last45);
    expect(after.stats.stored).toBe(0);
    expect(after.stats.recomputed).toBeGreaterThan(40);
  }, 300_000);

  it("lets the bureau warm-up store yesterday once settled, and backfill older days within a budget per pass", async () => {
    const days = await dayTrends();
    clock = NOW + DAY; // Tuesday 10:00: Monday 7 December is closed and settled
    try {
      // Monday computed (the budget of one), then the 45 days back to 23 October found stored.
      expect(await days.fill("long-co", 1)).toEqual({
        stored: 45,
        computed: 1,
        recomputed: 0,
        open: 0,
        beyondRetention: 0,
      });
      // Everything stored up to yesterday: skipped until the next day closes.
      expect(await days.fill("long-co", 1)).toEqual({
        stored: 0,
        computed: 0,
        recomputed: 0,
        open: 0,
        beyondRetention: 0,
      });
      clock = Date.parse("2026-12-09T00:05:00+08:00"); // five minutes after midnight: not settled
      expect(await days.fill("long-co", 1)).toEqual({
        stored: 0,
        computed: 0,
        recomputed: 0,
        open: 0,
        beyondRetention: 0,
      });
      clock = Date.parse("2026-12-09T00:15:00+08:00");
      expect(await days.fill("long-co", 1)).toEqual({
        stored: 46,
        computed: 1,
        recomputed: 0,
        open: 0,
        beyondRetention: 0,
      });
      // A fresh start with nothing stored: 47 days filled newest first, 20 per pass.
      await h.app.ingest.sql.query("DELETE FROM trend_days WHERE ent = 'long-co'");
      const fresh = await dayTrends();
      expect(await fresh.fill("long-co", 20)).toEqual({
        stored: 0,
        computed: 20,
        recomputed: 0,
        open: 0,
        beyondRetention: 0,
      });
      expect(await fresh.fill("long-co", 20)).toEqual({
        stored: 20,
        computed: 20,
        recomputed: 0,
        open: 0,
        beyondRetention: 0,
      });
      expect(await fresh.fill("long-co", 20)).toEqual({
        stored: 40,
        computed: 7,
        recomputed: 0,
        open: 0,
        beyondRetention: 0,
      });
      const served = await fresh.days("long-co", { from: NOW - 45 * DAY, to: clock + 1 });
      expect(served.stats).toEqual({ stored: 47, computed: 0, recomputed: 0, open: 1, beyondRetention: 0 });
    } finally {
      clock = NOW;
    }
  }, 300_000);
});
