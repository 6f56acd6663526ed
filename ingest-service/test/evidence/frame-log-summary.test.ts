// A frame log too long to hand to the report whole is summarised (evidence/frame-log-summary.ts):
// presence as runs of frames, the replay check streamed. The report must not tell the difference.
// Here one enterprise's frame log, written through the real state store as the ingest writes it
// (signed frames accounted by `commitFrames`), holds everything presence and replay read: two
// gateways, gateway restarts (new sessions), deaths, status events stamped before their receipt,
// frames without a sign of life, gaps around each device's stale threshold, a device on both
// gateways, redeliveries, replays, conflicting frames, an old session reappearing, and samples
// stamped backwards and in the future. Every period below is computed both ways and compared as
// canonical JSON. A second enterprise holds 7 days of a gateway sending a frame every 2 s
// (345,600 frames with the day of history, more than the 250,000 a report takes whole): its 7-day report, refused before,
// is computed and its counts checked against the frame log.
import type { DataBody, Sample } from "@onramp/contract";
import { publicJwk } from "@onramp/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEnterpriseMeta } from "../../src/evidence/enterprise-meta.js";
import { LIMITS, loadEnterpriseInput } from "../../src/evidence/load-input.js";
import type { ProfileSignals } from "../../src/evidence/profile-signals.js";
import {
  canonicalJson,
  computeEnterpriseReport,
  DEFAULT_PARAMS,
  type EnterpriseInput,
  EnterpriseInputSchema,
  type JsonValue,
  type Period,
} from "../../src/indicators/index.js";
import { type AccountedFrame, commitFrames } from "../../src/state/accounting.js";
import { verifyBundle } from "../../src/verify-cli/verify-bundle.js";
import { TestGateway } from "../helpers/gateway.js";
import { type Harness, startHarness } from "../helpers/harness.js";

const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const NOW = Date.parse("2026-12-07T10:00:00+08:00");
const MAPPING = `sha256:${"ab".repeat(32)}`;
const params = DEFAULT_PARAMS;
/** What the harness's API reads whole (config `reports.framesInFull`): the mixed log's 3 days exceed it. */
const API_FRAMES_IN_FULL = 2_000;

/** Profiles with different heartbeats, so the stale threshold differs by device (3 × heartbeat). */
const signalsOf: ProfileSignals = (ref) => {
  const heartbeatMs =
    ref === "test/fast@1.0.0" ? 2 * SECOND : ref === "test/slow@1.0.0" ? 30 * SECOND : undefined;
  return heartbeatMs === undefined
    ? undefined
    : [{ id: "spindle_speed", role: "spindle_speed", heartbeatMs }];
};

/** A seeded generator (mulberry32): the frame log is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

let h: Harness;

async function enrol(ent: string, gateways: TestGateway[], at: number): Promise<void> {
  const ctx = h.app.ingest;
  await ctx.registry.createEnterprise(ent, ent, at);
  await writeEnterpriseMeta(ctx.sql, ent, {
    district: "高新区",
    developmentZone: null,
    industry: "auto-parts",
    industryKind: "discrete",
    aboveScale: true,
    smeDigitalLevel: null,
    calendar: null,
  });
  for (const gateway of gateways)
    await ctx.sql.query(
      `INSERT INTO gateways (ent, id, kid, public_jwk, mqtt_username, password_hash, enrolled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        ent,
        gateway.gw,
        gateway.key.kid,
        JSON.stringify(publicJwk(gateway.key.publicKey)),
        `${ent}/${gateway.gw}`,
        "-",
        at,
      ],
    );
}

const device = (id: string, profile: string) => ({
  id,
  profile,
  class: "cnc_machine_tool",
  mapping: MAPPING,
  identity: null,
});

function accounted(
  gateway: TestGateway,
  body: Parameters<TestGateway["sign"]>[0],
  receivedAt: number,
): AccountedFrame {
  return { body, receivedAt, isSkewed: false, raw: gateway.sign(body) } as AccountedFrame;
}

async function commit(frames: AccountedFrame[]): Promise<void> {
  const sorted = [...frames].sort((a, b) => a.receivedAt - b.receivedAt);
  for (let i = 0; i < sorted.length; i += 200)
    await commitFrames(h.app.ingest.sql, sorted.slice(i, i + 200), [], () => undefined);
}

const START = NOW - 3 * DAY;

/**
 * The mixed frame log of `mix-co` over 3 days: bursts of activity, each a few hundred frames a
 * few seconds apart, separated by quiet hours, with every event presence and replay read.
 */
async function seedMixed(): Promise<{ dataFrames: number; sentAt: number[] }> {
  const next = random(20261207);
  const gw1 = new TestGateway("mix-co", "gw-1");
  const gw2 = new TestGateway("mix-co", "gw-2");
  await enrol("mix-co", [gw1, gw2], START);
  const frames: AccountedFrame[] = [];
  const timed = <B extends { ts: number }>(body: B, at: number): B => ({ ...body, ts: at });
  const sample = (at: number, good = true): Sample[] => [
    { s: "spindle_speed", v: Math.round(next() * 1000), q: good ? "good" : "bad", t: at - 200 },
  ];
  frames.push(
    accounted(
      gw1,
      timed(gw1.birth([device("dev-a", "test/fast@1.0.0"), device("dev-b", "test/slow@1.0.0")]), START),
      START,
    ),
  );
  const gw2Birth = START + 36 * HOUR;
  let gw2Born = false;
  const sent: { gateway: TestGateway; body: DataBody; at: number }[] = [];
  let t = START + MINUTE;
  let dataFrames = 0;
  while (t < NOW - 10 * MINUTE) {
    // A burst: 150–400 frames, 0.5–8 s apart (the fast device's stale threshold is 6 s).
    const length = 150 + Math.floor(next() * 250);
    for (let i = 0; i < length && t < NOW - 10 * MINUTE; i++) {
      if (!gw2Born && t >= gw2Birth) {
        gw2Born = true;
        frames.push(
          accounted(
            gw2,
            timed(gw2.birth([device("dev-c", "test/fast@1.0.0"), device("dev-a", "test/fast@1.0.0")]), t),
            t,
          ),
        );
      }
      const gateway = gw2Born && next() < 0.3 ? gw2 : gw1;
      const devs =
        gateway === gw2
          ? [
              { dev: "dev-c", samples: sample(t, next() > 0.05) },
              ...(next() < 0.5 ? [{ dev: "dev-a", samples: sample(t) }] : []),
            ]
          : [
              { dev: "dev-a", samples: sample(t, next() > 0.05) },
              ...(next() < 0.2 ? [{ dev: "dev-b", samples: sample(t) }] : []),
            ];
      const body = timed(gateway.data(devs), t);
      frames.push(accounted(gateway, body, t));
      sent.push({ gateway, body, at: t });
      dataFrames++;
      const roll = next();
      if (roll < 0.01) {
        // A disconnect the agent saw a little before this frame was received, then a reconnect.
        const seen = t - Math.floor(next() * 10 * SECOND);
        frames.push(
          accounted(
            gateway,
            timed(
              gateway.status([
                {
                  dev: devs[0]?.dev ?? "dev-a",
                  state: "disconnected",
                  t: seen,
                  cause: { code: "ONRAMP_MODBUS_TIMEOUT", message: "timeout" },
                },
              ]),
              t + 1,
            ),
            t + 1,
          ),
        );
        frames.push(
          accounted(
            gateway,
            timed(
              gateway.status([{ dev: devs[0]?.dev ?? "dev-a", state: "connected", t: t + 4 * SECOND }]),
              t + 4 * SECOND,
            ),
            t + 4 * SECOND,
          ),
        );
      } else if (roll < 0.015) {
        frames.push(
          accounted(
            gateway,
            timed(
              gateway.status([
                {
                  dev: "dev-a",
                  state: "error",
                  t,
                  cause: { code: "ONRAMP_MODBUS_EXCEPTION", message: "illegal address" },
                },
              ]),
              t,
            ),
            t,
          ),
        );
      }
      t += 500 + Math.floor(next() * 7_500);
    }
    const pause = next();
    if (pause < 0.3) {
      // The gateway dies (last will) and comes back in a new session.
      frames.push(accounted(gw1, timed(gw1.death("lwt"), t), t));
      t += 5 * MINUTE;
      gw1.sess = `session-${String(Math.floor(next() * 1e9)).padStart(10, "0")}`;
      frames.push(
        accounted(
          gw1,
          timed(gw1.birth([device("dev-a", "test/fast@1.0.0"), device("dev-b", "test/slow@1.0.0")]), t),
          t,
        ),
      );
    }
    t += Math.floor(next() * 3 * HOUR);
  }
  // Copies: redelivered within the hour (ignored), replayed a day later, a conflicting frame with a
  // sent (session, seq), an old session's frame after the newer ones, samples back and ahead in time.
  const pick = (i: number) => sent[Math.floor(i * sent.length)] as (typeof sent)[number];
  for (const share of [0.1, 0.35, 0.6]) {
    const { gateway, body, at } = pick(share);
    frames.push(accounted(gateway, body, at + 20 * MINUTE));
    frames.push(accounted(gateway, body, at + DAY / 2));
    frames.push(
      accounted(
        gateway,
        { ...body, devices: [{ dev: body.devices[0]?.dev ?? "dev-a", samples: sample(at) }] },
        at + 2 * HOUR,
      ),
    );
  }
  const old = pick(0.2);
  const late = NOW - 30 * MINUTE;
  frames.push(accounted(old.gateway, timed({ ...old.body, seq: 900_000 }, late), late));
  frames.push(
    accounted(
      gw1,
      timed(gw1.data([{ dev: "dev-a", samples: sample(late - 2 * HOUR) }]), late + SECOND),
      late + SECOND,
    ),
  );
  frames.push(
    accounted(
      gw1,
      timed(gw1.data([{ dev: "dev-b", samples: sample(late + 20 * MINUTE) }]), late + 2 * SECOND),
      late + 2 * SECOND,
    ),
  );
  await commit(frames);
  return { dataFrames, sentAt: sent.map((f) => f.at) };
}

/**
 * `bulk-co`: one gateway, one device, a data frame every 2 s for 7 days and a day of history,
 * written by SQL as the frame log stores them (the bytes are not kept: only one frame in ten keeps
 * them, and no report reads them). The registry comes from a signed birth.
 */
async function seedBulk(): Promise<{ period: Period }> {
  const gateway = new TestGateway("bulk-co", "gw-1");
  const bornAt = NOW - 9 * DAY;
  await enrol("bulk-co", [gateway], bornAt);
  await commit([
    accounted(gateway, { ...gateway.birth([device("dev-1", "test/fast@1.0.0")]), ts: bornAt }, bornAt),
  ]);
  const from = NOW - 8 * DAY;
  const count = (8 * DAY) / (2 * SECOND);
  await h.app.ingest.sql.query(
    `INSERT INTO frame_log (ent, gw, kind, sess, seq, ts, received_at, digest, devices, raw)
     SELECT 'bulk-co', 'gw-1', 'data', $1, n, $2::bigint + n * 2000, $2::bigint + n * 2000 + 150,
       md5(n::text), json_build_array(json_build_object('dev', 'dev-1', 't0', $2::bigint + n * 2000 - 50,
         'dt', json_build_object('spindle_speed', json_build_array(0)))), NULL
     FROM generate_series(0, $3::int - 1) AS n`,
    [gateway.sess, from, count],
  );
  return { period: { from: NOW - 7 * DAY, to: NOW } };
}

beforeAll(async () => {
  h = await startHarness({ reports: { framesInFull: API_FRAMES_IN_FULL } }, { now: () => NOW });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

function deps(framesInFull?: number) {
  const ctx = h.app.ingest;
  return {
    sql: ctx.sql,
    store: ctx.store,
    signalsOf,
    params,
    ...(framesInFull === undefined ? {} : { framesInFull }),
  };
}

describe("a summarised frame log gives the report of the whole one", () => {
  let dataFrames = 0;
  let sentAt: number[] = [];
  beforeAll(async () => {
    ({ dataFrames, sentAt } = await seedMixed());
  }, 600_000);

  const periods: [string, Period][] = [
    ["the last 24 h", { from: NOW - DAY, to: NOW }],
    ["the 3 days", { from: START, to: NOW }],
    ["from before registration to the middle of day 1", { from: START - DAY, to: START + 12 * HOUR }],
    ["from just after gw-2's birth to 2 h ago", { from: START + 36 * HOUR + 5 * MINUTE, to: NOW - 2 * HOUR }],
  ];

  it.each(periods)("%s", async (_name, period) => {
    const whole = await loadEnterpriseInput(deps(), "mix-co", period);
    const summarised = await loadEnterpriseInput(deps(0), "mix-co", period);
    expect(whole.input.replay).toBeUndefined();
    expect(whole.input.frames.length).toBeGreaterThan(0);
    expect(summarised.input.frames).toEqual([]);
    expect(summarised.input.replay?.frames).toBe(whole.input.frames.length);
    const a = computeEnterpriseReport(whole.input, params);
    const b = computeEnterpriseReport(summarised.input, params);
    expect(canonicalJson(b as unknown as JsonValue)).toBe(canonicalJson(a as unknown as JsonValue));
    // Runs: fewer frame events than frames, even with gaps around the stale threshold.
    const frameEvents = (input: typeof whole.input) =>
      input.presence.filter((e) => e.kind === "frame").length;
    expect(frameEvents(summarised.input)).toBeLessThan(frameEvents(whole.input) * 0.8);
    expect(EnterpriseInputSchema.safeParse(summarised.input).success).toBe(true);
  });

  it("a period whose edges fall inside runs of frames", async () => {
    const inside = (share: number) => (sentAt[Math.floor(share * sentAt.length)] as number) + 1;
    const period = { from: inside(0.45), to: inside(0.85) };
    const whole = await loadEnterpriseInput(deps(), "mix-co", period);
    const summarised = await loadEnterpriseInput(deps(0), "mix-co", period);
    const a = computeEnterpriseReport(whole.input, params);
    const b = computeEnterpriseReport(summarised.input, params);
    expect(canonicalJson(b as unknown as JsonValue)).toBe(canonicalJson(a as unknown as JsonValue));
    // The edge splits a run: frames on both sides of it, within the stale threshold of each other.
    const before = sentAt.filter((t) => t < period.from).at(-1) as number;
    const after = sentAt.find((t) => t >= period.from) as number;
    expect(after - before).toBeLessThan(8_000);
  });

  it("the comparison is not empty: replay findings of every kind, and devices stale and offline", async () => {
    const { input } = await loadEnterpriseInput(deps(0), "mix-co", { from: START, to: NOW });
    const report = computeEnterpriseReport(input, params);
    const codes = new Set(report.flags.map((f) => f.code));
    for (const code of [
      "REPLAY_SEQ_REPEATED",
      "REPLAY_SEQ_CONFLICT",
      "REPLAY_SESSION_REAPPEARED",
      "REPLAY_SAMPLE_TIME_BACKWARDS",
      "REPLAY_SAMPLE_TIME_FUTURE",
    ])
      expect(codes, code).toContain(code);
    const statuses = new Set(
      report.devices.flatMap((d) => d.presence.intervals.map((i) => `${i.status}/${i.cause}`)),
    );
    for (const status of [
      "online/FRAMES_ARRIVING",
      "stale/FRAMES_LATE",
      "offline/FRAMES_STOPPED",
      "offline/DEVICE_DISCONNECTED",
      "offline/GATEWAY_DEATH",
    ])
      expect(statuses, status).toContain(status);
    // Three frames sent again: each within the hour, half a day later and with other content.
    expect(input.replay?.repeated.length).toBe(3);
    expect(dataFrames).toBeGreaterThan(1_000);
  });

  it("the API's bundle of a summarised frame log verifies offline, and a run moved off its frames does not", async () => {
    const period = { from: START, to: NOW };
    const res = await h.api(
      "GET",
      `/api/v1/enterprises/mix-co/evidence?from=${period.from}&to=${period.to}`,
      h.adminToken,
    );
    expect(res.status).toBe(200);
    // The harness reads at most API_FRAMES_IN_FULL frames whole: this period's log is summarised.
    const bundle = res.json as { input: EnterpriseInput };
    expect(bundle.input.frames).toEqual([]);
    expect(bundle.input.replay?.frames).toBeGreaterThan(API_FRAMES_IN_FULL);
    const ok = verifyBundle(bundle);
    expect(ok.problems).toEqual([]);
    expect(ok.framesVerified).toBeGreaterThan(10);
    expect(ok.replaySummarisedFrames).toBe(bundle.input.replay?.frames);
    // Every run an hour later: the sampled frames inside them are no longer covered.
    const moved = {
      ...bundle,
      input: {
        ...bundle.input,
        presence: bundle.input.presence.map((e) =>
          e.until === undefined ? e : { ...e, at: e.at + HOUR, until: e.until + HOUR },
        ),
      },
    };
    const result = verifyBundle(moved);
    expect(
      result.problems.some((p) => p.check === "inputs" && p.message.includes("no frame or run of frames")),
    ).toBe(true);
  });
});

describe("a frame log past the whole-report bound", () => {
  let period: Period;
  beforeAll(async () => {
    ({ period } = await seedBulk());
  }, 600_000);

  it("a 7-day report of a gateway sending every 2 s (345,600 frames with its day of history) is computed", async () => {
    const [{ n }] = (await h.app.ingest.sql.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM frame_log WHERE ent = 'bulk-co' AND received_at >= $1 AND received_at < $2`,
      [period.from - LIMITS.historyMs, period.to],
    )) as [{ n: number }];
    expect(n).toBeGreaterThan(LIMITS.maxFrames);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const { input } = await loadEnterpriseInput(deps(), "bulk-co", period);
    const loadedMs = performance.now() - started;
    const report = computeEnterpriseReport(input, params);
    const totalMs = performance.now() - started;
    expect(input.replay?.frames).toBe(n);
    expect(input.frames).toEqual([]);
    const device = report.devices.find((d) => d.device === "dev-1");
    const [{ inPeriod }] = (await h.app.ingest.sql.query<{ inPeriod: number }>(
      `SELECT COUNT(*)::int AS "inPeriod" FROM frame_log WHERE ent = 'bulk-co' AND received_at >= $1 AND received_at < $2`,
      [period.from, period.to],
    )) as [{ inPeriod: number }];
    expect(device?.presence.framesInWindow).toBe(inPeriod);
    // A frame every 2 s, the stale threshold 6 s: online the whole week, in one run.
    expect(device?.presence.intervals).toEqual([
      { from: period.from, to: period.to, status: "online", cause: "FRAMES_ARRIVING", detail: null },
    ]);
    expect(
      input.presence.filter((e) => e.device === "dev-1" && e.kind === "frame").length,
    ).toBeLessThanOrEqual(2);
    expect(report.flags.filter((f) => f.check === "replay")).toEqual([]);
    console.log(
      `[frame-log-summary] 7-day report over ${n} frames: input ${Math.round(loadedMs)} ms, report ${Math.round(totalMs)} ms, heap +${Math.round((process.memoryUsage().heapUsed - heapBefore) / 1_048_576)} MiB`,
    );
  }, 600_000);

  it("a signal with more points than a report reads is read up to the bound and the report says so", async () => {
    const ctx = h.app.ingest;
    // 120 points of dev-1's spindle speed in the period, in the embedded store's table.
    const t0 = period.to - 2 * HOUR;
    await ctx.sql.query(
      `INSERT INTO telemetry_samples (ent, gw, dev, signal, t, profile, num, bool, str, quality)
       SELECT 'bulk-co', 'gw-1', 'dev-1', 'spindle_speed', $1::bigint + n * 1000, 'test/fast@1.0.0', n, NULL, NULL, 'good'
       FROM generate_series(0, 119) AS n`,
      [t0],
    );
    const recent = { from: period.to - 3 * HOUR, to: period.to };
    const { input } = await loadEnterpriseInput({ ...deps(), maxPointsPerSignal: 100 }, "bulk-co", recent);
    const series = input.series.find((s) => s.device === "dev-1" && s.signal === "spindle_speed");
    expect(series?.points).toHaveLength(100);
    expect(series?.truncated).toBe(true);
    const report = computeEnterpriseReport(input, params);
    const flag = report.flags.find((f) => f.code === "PLAUSIBILITY_SERIES_TRUNCATED");
    expect(flag).toMatchObject({
      device: "dev-1",
      severity: "warning",
      data: { signal: "spindle_speed", points: 100, lastPointAt: t0 + 99_000 },
    });
    const whole = await loadEnterpriseInput({ ...deps(), maxPointsPerSignal: 120 }, "bulk-co", recent);
    expect(whole.input.series.find((s) => s.signal === "spindle_speed")?.truncated).toBeUndefined();
  }, 600_000);
});
