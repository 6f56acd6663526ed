// `npm run demo` end to end, headless: the park starts as a child process and prints its dashboard
// URL with live data within 90 s, its devices come online and send frames, within 5 minutes of
// registration the honest enterprises' verified rates equal their declared ones and the dishonest
// one is caught on three check families, the bureau catches it through the API and in a headless
// Chromium, and SIGINT stops every process.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api } from "./demo/ingest.js";
import { EXTRA_DEVICES, planPark } from "./demo/park.js";
import { onlineCounts } from "./demo/run-demo.js";

const ENTERPRISES = 2;
const park = planPark(ENTERPRISES);
const [honest, dishonest] = park;
// The issue's done-when: a dashboard with live data within 90 s of `npm run demo`.
const READY_WITHIN_MS = 90_000;
// The forger's first fake announces the identity of the enterprise's own first CNC: one machine
// registered twice (INDICATORS §5, uniqueness).
const CLONE_FLAG = "UNIQUENESS_FINGERPRINT_DUPLICATE";
// The issue's done-when: honest verified rates equal to declared, and the dishonest enterprise
// caught on at least three different checks, within 5 minutes of registration.
const VERIFIED_WITHIN_MS = 5 * 60_000;
const DISHONEST_CHECK_FAMILIES = 3;
const RATES = ["networking", "digitalisation", "cnc"] as const;
const INGEST_DIR = join(import.meta.dirname, "../ingest-service");
const SCREENSHOT = join(import.meta.dirname, "../docs/screenshots/demo-bureau.png");

// The dashboard's own browser helper and dictionaries, imported by path at run time: the scripts
// project does not compile the ingest service's tests and web sources.
async function dashboardTestKit() {
  const { launchChromium } = (await import(join(INGEST_DIR, "test/web/browser.ts"))) as {
    launchChromium: () => Promise<Browser>;
  };
  const { DICTIONARIES } = (await import(join(INGEST_DIR, "web/src/i18n/i18n.ts"))) as {
    DICTIONARIES: Record<"zh-CN", Record<string, string>>;
  };
  return { launchChromium, zh: DICTIONARIES["zh-CN"] };
}

interface Started {
  readonly api: Api;
  readonly bureau: string;
  readonly pids: number[];
  /** `dashboard: <url>` as printed, or undefined when the dashboard is not built. */
  readonly dashboard: string | undefined;
  /** The printed URL that lands on the bureau view after login. */
  readonly bureauView: string | undefined;
  /** Devices online when the URL was printed, as the demo says. */
  readonly onlineAtUrl: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Kills what is still alive of `pids`, by PID, and waits until each has gone. */
async function killAll(pids: readonly number[]): Promise<void> {
  for (const pid of pids.filter(isAlive)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone in the meantime
    }
  }
  await until("the demo's processes to exit", async () => (pids.some(isAlive) ? undefined : true), 15_000);
}

interface Indicators {
  period: { kind: string; label: { zh: string; en: string } };
  rates: Record<
    (typeof RATES)[number],
    {
      declared: { value: number | null };
      verified: { value: number | null; judged: boolean; notJudgedReason?: { en: string } };
    }
  >;
  devices: { device: string; evidence: { level: string; blockingFlags: string[] } }[];
  flags: { check: string; code: string; device: string; severity: string; reason: string }[];
}

/** Why an honest enterprise's report is not yet "verified = declared, every device consistent+, no failure". */
function honestShortfalls(report: Indicators): string[] {
  const problems: string[] = [];
  for (const rate of RATES) {
    const { declared, verified } = report.rates[rate];
    // Issue 15 §4: judged, not "not yet judged" — observed long enough for its number to count.
    if (!verified.judged) problems.push(`${rate} ${verified.notJudgedReason?.en ?? "not judged"}`);
    else if (declared.value === null || verified.value !== declared.value)
      problems.push(`${rate} verified ${verified.value} vs declared ${declared.value}`);
  }
  for (const d of report.devices)
    if (d.evidence.level !== "consistent" && d.evidence.level !== "live-verified")
      problems.push(
        `${d.device} ${d.evidence.level}${d.evidence.blockingFlags.length > 0 ? ` (${d.evidence.blockingFlags.join(", ")})` : ""}`,
      );
  for (const f of report.flags.filter((x) => x.severity === "failure"))
    problems.push(`${f.device} ${f.code}`);
  return problems;
}

const failureChecks = (report: Indicators) =>
  [...new Set(report.flags.filter((f) => f.severity === "failure").map((f) => f.check))].sort();

interface LedgerRow {
  gw: string;
  dev: string;
  frames: number;
  duplicates: number;
  skewedFrames: number;
}

describe("npm run demo --enterprises 2 --machines 1", () => {
  let demo: ChildProcess;
  let dir: string;
  let out = "";
  let started: Started;
  let spawnedAt = 0;
  let urlAt: number | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "onramp-demo-"));
    // `npm run demo` builds the dashboard first; so does this test, before the clock starts —
    // unless scripts/test.sh already built it once for the whole suite.
    if (process.env.ONRAMP_WEB_PREBUILT !== "1") {
      await promisify(execFile)("npm", ["run", "build"], { cwd: join(import.meta.dirname, "..") });
    }
    const script = join(import.meta.dirname, "demo.ts");
    spawnedAt = performance.now();
    demo = spawn(
      process.execPath,
      ["--import", "tsx", script, "--enterprises", String(ENTERPRISES), "--machines", "1", "--data-dir", dir],
      // Its own process group: whatever happens, afterAll can end every process the demo started.
      { stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    demo.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // Stamped as the output arrives, not when the poll below next looks.
      if (urlAt === undefined && /^(dashboard: |dashboard not built)/m.test(out)) urlAt = performance.now();
    });
    demo.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    started = await until(
      "the demo to print its URL, tokens and pids",
      async () => {
        if (demo.exitCode !== null) throw new Error(`the demo exited ${demo.exitCode}:\n${out}`);
        const url = /^API: (http:\/\/\S+)\/api\/v1$/m.exec(out)?.[1];
        const admin = /^ {2}admin\s+(ort_\S+)$/m.exec(out)?.[1];
        const bureau = /^ {2}bureau\s+(ort_\S+)$/m.exec(out)?.[1];
        const pids = /^pids: ([\d ]+)$/m.exec(out)?.[1];
        const online = /^Onramp demo park is live \([\d.]+ s\): (\d+) of \d+ devices online$/m.exec(out)?.[1];
        if (!url || !admin || !bureau || !pids || !online) return undefined;
        return {
          api: new Api(url, admin),
          bureau,
          pids: pids.split(" ").map(Number),
          dashboard: /^dashboard: (http:\/\/\S+)/m.exec(out)?.[1],
          bureauView: /bureau view: (http:\/\/\S+\/#\/bureau)\s/m.exec(out)?.[1],
          onlineAtUrl: Number(online),
        };
      },
      150_000,
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    // Normally the SIGINT test has stopped everything. If a test failed before it: SIGINT first,
    // as Ctrl-C would (the demo stops its children by PID), then SIGKILL by PID whatever is left —
    // the demo, its children as printed, and any other member of its process group.
    if (demo?.pid !== undefined && demo.exitCode === null && demo.signalCode === null) {
      const exited = new Promise((resolve) => demo.once("exit", resolve));
      demo.kill("SIGINT");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    }
    const pids = [...(demo?.pid === undefined ? [] : [demo.pid]), ...(started?.pids ?? [])];
    await killAll(pids);
    if (demo?.pid !== undefined) {
      try {
        process.kill(-demo.pid, "SIGKILL"); // grandchildren (esbuild services) of the same group
      } catch {
        // the group is empty already
      }
    }
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it("prints the dashboard and one login token per role", () => {
    expect(out).toMatch(/^(dashboard: |dashboard not built)/m);
    for (const role of ["admin", "bureau", "integrator", "enterprise"])
      expect(out).toMatch(new RegExp(`^ {2}${role}\\s+ort_`, "m"));
  });

  it("prints the dashboard URL with live data within 90 s of start", async () => {
    expect(
      started.dashboard,
      "the dashboard is built by `npm run build` (npm run demo runs it)",
    ).toBeDefined();
    expect(urlAt).toBeDefined();
    const startToUrl = Math.round((urlAt ?? Number.POSITIVE_INFINITY) - spawnedAt);
    console.log(
      `demo (${ENTERPRISES} enterprises × 1 machine): spawn to dashboard URL printed ${(startToUrl / 1000).toFixed(1)} s, ` +
        `${started.onlineAtUrl} devices online`,
    );
    expect(startToUrl).toBeLessThanOrEqual(READY_WITHIN_MS);
    // Live data behind the URL: every enterprise already has devices online when it is printed.
    expect(started.onlineAtUrl).toBeGreaterThanOrEqual(park.length);
    const counts = await onlineCounts(started.api, park);
    expect(park.filter((ent) => (counts.get(ent.id) ?? 0) === 0).map((ent) => ent.id)).toEqual([]);
    expect(started.bureauView).toBe(`${started.dashboard}#/bureau`);
  });

  it("brings every enterprise's agent devices online, enrolled through the real flow", async () => {
    for (const ent of park) {
      // Five devices everywhere, plus the S7 line or MTConnect machine of the enterprises that have one.
      const expected = [
        "cnc-1",
        "cnc-modbus-1",
        "meter-cnc-modbus-1",
        "meter-line-1",
        "plc-line-1",
        ...ent.extras.map((extra) => EXTRA_DEVICES[extra]),
      ].sort();
      const devices = await until(
        `${ent.id}: ${expected.length} devices of gw-1 online`,
        async () => {
          const presence = await started.api.call<{ gw: string; dev: string; state: string }[]>(
            "GET",
            `/enterprises/${ent.id}/presence`,
          );
          const online = presence.filter((d) => d.gw === "gw-1" && d.state === "online").map((d) => d.dev);
          return online.length >= expected.length ? online : undefined;
        },
        60_000,
      );
      expect(devices.sort()).toEqual(expected);
    }
  });

  it("keeps frames arriving from every enterprise", async () => {
    for (const ent of park) {
      const frames = async () => {
        const rows = await started.api.call<LedgerRow[]>(
          "GET",
          `/enterprises/${ent.id}/ledger`,
          undefined,
          started.bureau,
        );
        return rows.filter((r) => r.gw === "gw-1").reduce((n, r) => n + r.frames, 0);
      };
      const before = await frames();
      await until(
        `${ent.id}: more frames`,
        async () => ((await frames()) > before ? true : undefined),
        30_000,
      );
    }
  });

  it("leaves the dishonest enterprise's traces: replayed frames, a forged gateway and a cloned CNC", async () => {
    if (honest === undefined || dishonest === undefined) throw new Error("two enterprises expected");
    const forged = await until(
      "the forged gateway's skewed and duplicated frames",
      async () => {
        const rows = await started.api.call<LedgerRow[]>(
          "GET",
          `/enterprises/${dishonest.id}/ledger`,
          undefined,
          started.bureau,
        );
        const gw2 = rows.filter((r) => r.gw === "gw-2");
        const skewed = gw2.reduce((n, r) => n + r.skewedFrames, 0);
        const duplicates = gw2.reduce((n, r) => n + r.duplicates, 0);
        return skewed >= 60 && duplicates >= 10 ? { skewed, duplicates } : undefined;
      },
      60_000,
    );
    expect(forged.skewed).toBeGreaterThanOrEqual(60);
    type Device = { gw: string; id: string; fingerprint: string | null };
    const fingerprint = async (ent: string, gw: string, id: string) =>
      (await started.api.call<Device[]>("GET", `/enterprises/${ent}/devices`)).find(
        (d) => d.gw === gw && d.id === id,
      )?.fingerprint ?? undefined;
    const original = await fingerprint(dishonest.id, "gw-1", "cnc-1");
    expect(original).toMatch(/\S/);
    expect(
      await until("the forged clone's birth", () => fingerprint(dishonest.id, "gw-2", "cnc-fake-1"), 30_000),
    ).toBe(original);
    // The honest enterprise's machine is no one's clone.
    expect(await fingerprint(honest.id, "gw-1", "cnc-1")).not.toBe(original);
  });

  it(
    "within 5 minutes of registration, period since registered: honest verified rates judged and equal to declared, met or missed against the targets, every honest device consistent or above with no failure flag, the dishonest enterprise caught on three check families with its reasons",
    async () => {
      if (dishonest === undefined) throw new Error("two enterprises expected");
      const enterprises = await started.api.call<{ id: string; createdAt: number | string }[]>(
        "GET",
        "/enterprises",
      );
      const registeredAt = new Map(enterprises.map((e) => [e.id, Number(e.createdAt)]));
      // Issue 15 §4, §6: the period a bureau officer picks, "since registered".
      const report = (ent: string) =>
        started.api.call<Indicators>(
          "GET",
          `/enterprises/${ent}/indicators?period=since-registered`,
          undefined,
          started.bureau,
        );
      const deadline = Math.max(...registeredAt.values()) + VERIFIED_WITHIN_MS;
      let last = "";
      const metAt = await until(
        "honest = declared and the dishonest enterprise caught",
        async () => {
          const problems: string[] = [];
          for (const ent of park.filter((e) => !e.isDishonest)) {
            for (const p of honestShortfalls(await report(ent.id))) problems.push(`${ent.id}: ${p}`);
          }
          const checks = failureChecks(await report(dishonest.id));
          if (checks.length < DISHONEST_CHECK_FAMILIES)
            problems.push(`${dishonest.id} caught on ${checks.join(", ") || "nothing"}`);
          last = problems.join("; ");
          return problems.length === 0 ? Date.now() : undefined;
        },
        Math.max(0, deadline - Date.now()),
      ).catch((error: Error) => {
        throw new Error(`${error.message} within 5 min of registration; still: ${last}`);
      });
      const dishonestReport = await report(dishonest.id);
      const codes = [
        ...new Set(dishonestReport.flags.filter((f) => f.severity === "failure").map((f) => f.code)),
      ].sort();
      console.log(
        `verified = declared for every honest enterprise ${((metAt - Math.min(...registeredAt.values())) / 1000).toFixed(0)} s after registration; ` +
          `${dishonest.id} caught on ${failureChecks(dishonestReport).join(", ")}: ${codes.join(", ")}`,
      );
      expect(metAt).toBeLessThanOrEqual(deadline);
      expect(dishonestReport.period.kind).toBe("since-registered");
      expect(failureChecks(dishonestReport).length).toBeGreaterThanOrEqual(DISHONEST_CHECK_FAMILIES);
      // Flagged with its reasons: every failure says why, in plain words.
      for (const f of dishonestReport.flags.filter((x) => x.severity === "failure"))
        expect(f.reason, `${f.device} ${f.code}`).toMatch(/\S{3}/);
      // Shown as met or not met against the targets (INDICATORS §6): every honest enterprise's
      // verified CNC-ization, and above-scale networking, is judged, in met or missed, none
      // "not yet judged" — through the bureau's own view for the same period.
      type Tallies = Record<"met" | "missed" | "notJudged" | "notComputable", string[]>;
      type Overview = {
        period: { kind: string };
        view: { overall: { targets: Record<"cnc" | "aboveScaleNetworking", { verified: Tallies }> } };
      };
      // The overview's period ends at the last whole minute, so it may trail the report by up to one.
      const judgedInOverview = (o: Overview) => {
        const { cnc, aboveScaleNetworking } = o.view.overall.targets;
        return park
          .filter((e) => !e.isDishonest)
          .every(
            (e) =>
              [...cnc.verified.met, ...cnc.verified.missed].includes(e.id) &&
              (e.size === "small" ||
                [...aboveScaleNetworking.verified.met, ...aboveScaleNetworking.verified.missed].includes(
                  e.id,
                )),
          );
      };
      let lastOverview = "";
      const overview = await until(
        "every honest enterprise met or missed in the bureau overview since registered",
        async () => {
          const o = await started.api.call<Overview>(
            "GET",
            "/bureau/overview?period=since-registered",
            undefined,
            started.bureau,
          );
          lastOverview = JSON.stringify(o.view.overall.targets);
          return judgedInOverview(o) ? o : undefined;
        },
        120_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; targets: ${lastOverview}`);
      });
      expect(overview.period.kind).toBe("since-registered");
      const { cnc } = overview.view.overall.targets;
      for (const ent of park.filter((e) => !e.isDishonest))
        expect(cnc.verified.notJudged).not.toContain(ent.id);
      console.log(`bureau targets since registered: CNC-ization ${JSON.stringify(cnc.verified)}`);
      // The forger's fakes count in no verified rate.
      const fakes = dishonestReport.devices.filter((d) => d.device.startsWith("cnc-fake-"));
      expect(
        fakes.map((d) => d.evidence.level).filter((l) => l === "consistent" || l === "live-verified"),
      ).toEqual([]);
    },
    VERIFIED_WITHIN_MS + 240_000,
  );

  it("shows the bureau the declared rates and flags the cloned CNC of the dishonest enterprise", async () => {
    if (honest === undefined || dishonest === undefined) throw new Error("two enterprises expected");
    type Report = {
      rates: { cnc: { declared: { value: number | null } } };
      flags: { code: string; device: string }[];
    };
    const report = (ent: string) =>
      started.api.call<Report>("GET", `/enterprises/${ent}/indicators`, undefined, started.bureau);
    const flagged = await until(
      "the clone flagged in the dishonest enterprise's report",
      async () => {
        const r = await report(dishonest.id);
        return r.flags.some((f) => f.code === CLONE_FLAG) ? r : undefined;
      },
      60_000,
    );
    expect(flagged.flags.find((f) => f.code === CLONE_FLAG)?.device).toBe("cnc-1");
    // Every key-process machine (CNCs and the PLC line) declared under numerical or PLC control.
    expect((await report(honest.id)).rates.cnc.declared.value).toBe(1);
  });

  it("shows the bureau, in a headless Chromium, the dishonest enterprise's flags and the cloned CNC's reason", async () => {
    if (honest === undefined || dishonest === undefined) throw new Error("two enterprises expected");
    if (started.bureauView === undefined) throw new Error("no bureau view URL printed");
    type Row = { id: string; flags: Record<string, number> };
    type Flag = { code: string; device: string; reason: string };
    // The replayed session is what only the dishonest enterprise shows: its old session reappears
    // after a later one, its samples going back a day.
    const REPLAY_FLAGS = ["REPLAY_SESSION_REAPPEARED", "REPLAY_SAMPLE_TIME_BACKWARDS"];
    const isReplay = (code: string) => code.startsWith("REPLAY_");
    // The overview serves the figures of the bureau warm-up's last pass (a period ending on a
    // whole minute, a pass every 45 s): devices born after that minute join a pass or two later,
    // so a fresh park reaches the bureau view up to about two minutes after its URL.
    let lastSeen = "";
    const rows = await until(
      "the clone and the replayed session in the bureau overview",
      async () => {
        const overview = await started.api.call<{ enterprises: Row[] }>(
          "GET",
          "/bureau/overview",
          undefined,
          started.bureau,
        );
        const row = overview.enterprises.find((e) => e.id === dishonest.id);
        lastSeen = JSON.stringify(row?.flags);
        const codes = [CLONE_FLAG, ...REPLAY_FLAGS];
        return codes.every((code) => (row?.flags[code] ?? 0) > 0) ? overview.enterprises : undefined;
      },
      180_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; its flags there: ${lastSeen}`);
    });
    const overviewAfterUrl = Math.round(performance.now() - (urlAt ?? spawnedAt));
    const dishonestFlags = Object.keys(rows.find((e) => e.id === dishonest.id)?.flags ?? {});
    const honestFlags = Object.keys(rows.find((e) => e.id === honest.id)?.flags ?? {});
    expect(dishonestFlags).toEqual(expect.arrayContaining([CLONE_FLAG, ...REPLAY_FLAGS]));
    expect(honestFlags.filter(isReplay)).toEqual([]);
    expect(honestFlags).not.toContain(CLONE_FLAG);

    const { launchChromium, zh } = await dashboardTestKit();
    const label = (code: string) => zh[`flag.${code}`] ?? `(no zh-CN label for ${code})`;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const page = await context.newPage();
    // The printed bureau URL: the login page, then the bureau view.
    await page.goto(started.bureauView);
    await page.getByLabel(zh["login.token"] as string).fill(started.bureau);
    await page.getByRole("button", { name: zh["login.submit"] as string }).click();
    const rowOf = (ent: string) => page.locator(`table.bureau tr[data-enterprise="${ent}"]`);
    await rowOf(dishonest.id).locator(`[data-flag-count=${CLONE_FLAG}]`).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).hash).toBe("#/bureau");
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");

    // Every flag the overview counts for the dishonest enterprise, in words: the clone and the
    // replayed session.
    for (const code of dishonestFlags)
      expect(await rowOf(dishonest.id).locator(`[data-flag-count=${code}]`).textContent()).toContain(
        label(code),
      );
    console.log(
      `bureau overview flagged ${dishonest.id} ${(overviewAfterUrl / 1000).toFixed(1)} s after the URL; ` +
        `its row: ${dishonestFlags.join(", ")}; ${honest.id}: ${honestFlags.join(", ") || "no flags"}`,
    );
    // The honest enterprise shows no replay and no clone.
    await rowOf(honest.id).waitFor();
    expect(await rowOf(honest.id).locator("[data-flag-count^=REPLAY_]").count()).toBe(0);
    const honestText = (await rowOf(honest.id).textContent()) ?? "";
    for (const code of REPLAY_FLAGS) expect(honestText).not.toContain(label(code));
    await mkdir(join(SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    // One click to the enterprise's page: cnc-1 with the clone's label and its plain-language reason.
    const reasons = (
      await started.api.call<{ flags: Flag[] }>(
        "GET",
        `/enterprises/${dishonest.id}/indicators`,
        undefined,
        started.bureau,
      )
    ).flags
      .filter((f) => f.code === CLONE_FLAG && f.device === "cnc-1")
      .map((f) => f.reason);
    expect(reasons.length).toBeGreaterThan(0);
    await rowOf(dishonest.id).locator("a[title]").click();
    await page.waitForSelector("#flags-title", { timeout: 30_000 });
    expect(new URL(page.url()).hash).toBe(`#/e/${dishonest.id}`);
    const clone = page
      .locator("ul.flags li")
      .filter({ has: page.locator(`[data-code=${CLONE_FLAG}]`) })
      .filter({ has: page.locator("strong", { hasText: /^cnc-1$/ }) });
    await clone.first().waitFor();
    expect(await clone.first().locator(`[data-code=${CLONE_FLAG}]`).textContent()).toBe(label(CLONE_FLAG));
    const reason = (await clone.first().locator("details p").textContent())?.trim();
    expect(reasons).toContain(reason);
    console.log(`${dishonest.id} page, cnc-1: ${label(CLONE_FLAG)} — ${reason}`);
    await context.close();
  }, 300_000);

  it("stops every process it started on SIGINT and exits 0", async () => {
    expect(started.pids.length).toBeGreaterThanOrEqual(5);
    expect(started.pids.every(isAlive)).toBe(true);
    const exited = new Promise<number | null>((resolve) => demo.once("exit", (code) => resolve(code)));
    demo.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(started.pids.filter(isAlive)).toEqual([]);
  }, 30_000);
});
