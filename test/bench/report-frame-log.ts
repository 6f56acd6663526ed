// `npm run bench:report`: what a report's frame log costs to read (ingest-service/src/evidence/
// load-input.ts). One gateway sending a data frame every second (the agent's default batch age),
// for DEVICES devices (default 10) in each frame, DAYS days back (default 32: a 30-day period, its
// day of history and a day to spare), written by SQL as the frame log stores them, once to the
// embedded state store (PGlite, the default) and once to PostgreSQL (Debian's, started here: the
// store a big plant would pick instead). Then, per store, each median of RUNS (default 3), with
// the peak heap above the baseline sampled every 20 ms after a forced GC:
// - like for like, the same 1-day period (172,800 frames with its day of history) read whole and
//   summarised (frame-log-summary.ts): the summary's time and peak heap against the whole read's;
// - summarised only (whole is refused past `reports.framesInFull`), 7 and 30-day periods.
// Run: node --expose-gc --import tsx test/bench/report-frame-log.ts  (writes out/report-frame-log.json)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BirthBody, encodeFrame, generateGatewayKey, publicJwk } from "@onramp/contract";
import { writeEnterpriseMeta } from "../../ingest-service/src/evidence/enterprise-meta.js";
import { loadEnterpriseInput } from "../../ingest-service/src/evidence/load-input.js";
import type { ProfileSignals } from "../../ingest-service/src/evidence/profile-signals.js";
import {
  computeEnterpriseReport,
  DEFAULT_PARAMS,
  type Period,
} from "../../ingest-service/src/indicators/index.js";
import { type AccountedFrame, commitFrames } from "../../ingest-service/src/state/accounting.js";
import { openState } from "../../ingest-service/src/state/open-state.js";
import { Registry } from "../../ingest-service/src/state/registry.js";
import { EmbeddedStore } from "../../ingest-service/src/store/embedded.js";
import { startPostgres } from "../peers/postgres.js";
import { median } from "./median.js";

const DEVICES = Number(process.env.DEVICES ?? 10);
const DAYS = Number(process.env.DAYS ?? 32);
const RUNS = Number(process.env.RUNS ?? 3);
const DAY = 86_400_000;
const NOW = Date.parse("2026-12-07T10:00:00+08:00");
const PROFILE = "bench/cnc@1.0.0";
const signalsOf: ProfileSignals = (ref) =>
  ref === PROFILE ? [{ id: "spindle_speed", role: "spindle_speed", heartbeatMs: 2_000 }] : undefined;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc (see the header)");

/** Time and peak heap above the starting heap of one report: input loaded and computed. */
async function measure(load: () => Promise<unknown>): Promise<{ ms: number; peakHeapMiB: number }> {
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  const started = performance.now();
  await load();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, peakHeapMiB: (peak - base) / 1_048_576 };
}

type Figure = { ms: number; peakHeapMiB: number };

const med = (xs: Figure[]): Figure => ({
  ms: median(xs.map((r) => r.ms)),
  peakHeapMiB: median(xs.map((r) => r.peakHeapMiB)),
});

/** The state store `dataDir` (PGlite) or `postgresUrl` opens, seeded, then measured. */
async function benchStore(store: { dataDir: string; postgresUrl?: string }) {
  const sql = await openState(store);
  try {
    const bornAt = NOW - (DAYS + 1) * DAY;
    await new Registry(sql).createEnterprise("bench-co", "bench-co", bornAt);
    await writeEnterpriseMeta(sql, "bench-co", {
      district: "高新区",
      developmentZone: null,
      industry: "auto-parts",
      industryKind: "discrete",
      aboveScale: true,
      smeDigitalLevel: null,
      calendar: null,
    });
    const key = generateGatewayKey();
    await sql.query(
      `INSERT INTO gateways (ent, id, kid, public_jwk, mqtt_username, password_hash, enrolled_at)
       VALUES ('bench-co', 'gw-1', $1, $2, 'bench-co/gw-1', '-', $3)`,
      [key.kid, JSON.stringify(publicJwk(key.publicKey)), bornAt],
    );
    const sess = "bench-session-0001";
    const devices = Array.from({ length: DEVICES }, (_, i) => `dev-${String(i + 1).padStart(2, "0")}`);
    const birth: BirthBody = {
      v: 1,
      kind: "birth",
      ent: "bench-co",
      gw: "gw-1",
      sess,
      seq: 0,
      ts: bornAt,
      agent: { name: "bench", version: "0" },
      kid: key.kid,
      willSeq: 1,
      devices: devices.map((id) => ({
        id,
        profile: PROFILE,
        class: "cnc_machine_tool",
        mapping: `sha256:${"ab".repeat(32)}`,
        identity: null,
      })),
    };
    await commitFrames(
      sql,
      [{ body: birth, receivedAt: bornAt, isSkewed: false, raw: encodeFrame(birth, key) } as AccountedFrame],
      [],
      () => undefined,
    );
    const frames = (DAYS * DAY) / 1_000;
    const seeded = performance.now();
    // Each frame: every device with one sample, times stored as the frame log stores them.
    const perDevice = devices
      .map(
        (d) =>
          `json_build_object('dev', '${d}', 't0', $2::bigint + n::bigint * 1000 - 50, 'dt', json_build_object('spindle_speed', json_build_array(0)))`,
      )
      .join(", ");
    for (let start = 2; start < frames + 2; start += 200_000) {
      await sql.query(
        `INSERT INTO frame_log (ent, gw, kind, sess, seq, ts, received_at, digest, devices, raw)
         SELECT 'bench-co', 'gw-1', 'data', $1, n, $2::bigint + n::bigint * 1000, $2::bigint + n::bigint * 1000 + 150,
           md5(n::text), json_build_array(${perDevice}), NULL
         FROM generate_series($3::int, $4::int - 1) AS n`,
        [sess, NOW - DAYS * DAY - 2_000, start, Math.min(frames + 2, start + 200_000)],
      );
    }
    console.log(
      `[report-frame-log] ${store.postgresUrl === undefined ? "PGlite" : "PostgreSQL"}: seeded ${frames} frames of ${DEVICES} devices in ${Math.round((performance.now() - seeded) / 1000)} s`,
    );
    const deps = (framesInFull: number) => ({
      sql,
      store: new EmbeddedStore(sql),
      signalsOf,
      params: DEFAULT_PARAMS,
      framesInFull,
    });
    const report = (period: Period, framesInFull: number) => async () => {
      const { input } = await loadEnterpriseInput(deps(framesInFull), "bench-co", period);
      return computeEnterpriseReport(input, DEFAULT_PARAMS);
    };
    const oneDay = { from: NOW - DAY, to: NOW };
    // Interleaved: whole, summarised, whole, … so drift of the shared machine hits both alike.
    const whole: Figure[] = [];
    const summarised: Figure[] = [];
    const name = store.postgresUrl === undefined ? "PGlite" : "PostgreSQL";
    const progress = (what: string, r: Figure) =>
      console.log(
        `[report-frame-log] ${name} ${what}: ${(r.ms / 1000).toFixed(1)} s, peak heap +${r.peakHeapMiB.toFixed(0)} MiB`,
      );
    for (let i = 0; i < RUNS; i++) {
      whole.push(await measure(report(oneDay, 1_000_000)));
      progress("1 day whole", whole.at(-1) as Figure);
      summarised.push(await measure(report(oneDay, 0)));
      progress("1 day summarised", summarised.at(-1) as Figure);
    }
    const longer = async (days: number): Promise<Figure> => {
      const all: Figure[] = [];
      for (let i = 0; i < RUNS; i++) {
        all.push(await measure(report({ from: NOW - days * DAY, to: NOW }, 250_000)));
        progress(`${days} days summarised`, all.at(-1) as Figure);
      }
      return med(all);
    };
    return {
      oneDay: {
        frames: 2 * 86_400,
        whole: med(whole),
        summarised: med(summarised),
        timeRatio: med(summarised).ms / med(whole).ms,
        heapRatio: med(summarised).peakHeapMiB / med(whole).peakHeapMiB,
      },
      sevenDays: { frames: 8 * 86_400, summarised: await longer(7) },
      thirtyDays: DAYS >= 31 ? { frames: 31 * 86_400, summarised: await longer(30) } : null,
    };
  } finally {
    await sql.close();
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "onramp-bench-report-"));
  const postgres = await startPostgres({ fsync: false });
  try {
    const pglite = await benchStore({ dataDir });
    const pg = await benchStore({ dataDir, postgresUrl: await postgres.createDatabase("bench_report") });
    const result = { devices: DEVICES, framesPerDay: 86_400, runs: RUNS, pglite, postgres: pg };
    const out = fileURLToPath(new URL("./out/", import.meta.url));
    mkdirSync(out, { recursive: true });
    writeFileSync(`${out}report-frame-log.json`, `${JSON.stringify(result, null, 2)}\n`);
    const line = (name: string, r: Figure, frames: number) =>
      `    ${name}: ${(r.ms / 1000).toFixed(1)} s (${((r.ms * 1000) / frames).toFixed(1)} µs/frame), peak heap +${r.peakHeapMiB.toFixed(0)} MiB`;
    console.log(
      `[report-frame-log] one gateway, a frame a second carrying ${DEVICES} devices; medians of ${RUNS}`,
    );
    for (const [name, r] of [
      ["PGlite", pglite],
      ["PostgreSQL", pg],
    ] as const) {
      console.log(`  ${name}`);
      console.log(line("1 day, read whole", r.oneDay.whole, r.oneDay.frames));
      console.log(line("1 day, summarised", r.oneDay.summarised, r.oneDay.frames));
      console.log(
        `    summarised / whole: time ${r.oneDay.timeRatio.toFixed(2)}×, peak heap ${r.oneDay.heapRatio.toFixed(2)}×`,
      );
      console.log(line("7 days, summarised", r.sevenDays.summarised, r.sevenDays.frames));
      if (r.thirtyDays !== null)
        console.log(line("30 days, summarised", r.thirtyDays.summarised, r.thirtyDays.frames));
    }
  } finally {
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
