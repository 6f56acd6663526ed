import type { DeviceSamples, StatusEvent } from "@onramp/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Postgres, startPostgres } from "../../test/peers/postgres.js";
import { sampleTimesOf } from "../src/indicators/index.js";
import { decodeSampleTimes, encodeSampleTimes, logFrames } from "../src/state/frame-log.js";
import { migrate } from "../src/state/migrate.js";
import { openPostgres } from "../src/state/pg-client.js";
import { openPglite } from "../src/state/pglite-client.js";
import type { SqlClient } from "../src/state/sql-client.js";
import { TestGateway } from "./helpers/gateway.js";

let postgres: Postgres | undefined;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

/** Unmigrated stores: the migration test writes rows as migration 003 left the table. */
const stores: [string, () => Promise<SqlClient>][] = [
  ["embedded PGlite", () => openPglite(undefined)],
  [
    "PostgreSQL",
    async () => openPostgres(await (postgres as Postgres).createDatabase(`frame_log_${Date.now()}`)),
  ],
];

const T = Date.UTC(2026, 2, 2, 8);
const sample = (s: string, v: number, t: number) => ({ s, v, q: "good" as const, t });

/** A frame as the agent sends it: samples in poll order, one signal stepping back in time. */
const SENT: DeviceSamples[] = [
  {
    dev: "lathe-1",
    samples: [
      sample("spindle_speed", 1200, T),
      sample("execution", 1, T),
      sample("spindle_speed", 1210, T + 10_000),
      sample("execution", 1, T + 10_000),
      sample("spindle_speed", 1190, T + 5_000),
    ],
  },
  { dev: "meter-1", samples: [sample("power_active", 7.5, T + 1)] },
];
const EVENTS: StatusEvent[] = [{ dev: "lathe-1", state: "connected", t: T }];
/** Bytes that are not text: every byte value, so an encoding slip would show. */
const RAW = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));

interface Row {
  kind: string;
  seq: number;
  devices: unknown;
  raw: Uint8Array | null;
}
const rowsOf = (sql: SqlClient) =>
  sql.query<Row>("SELECT kind, seq, devices, raw FROM frame_log ORDER BY seq");

describe.each(stores)("frame log on %s", (_name, open) => {
  let sql: SqlClient;
  beforeAll(async () => {
    sql = await open();
  });
  afterAll(async () => {
    await sql?.close();
  });

  it("migration 004 turns logged data samples into times by signal and leaves other rows alone", async () => {
    expect(await migrate(sql, { through: "003_frame_log_retention.sql" })).toEqual([
      "001_initial.sql",
      "002_evidence.sql",
      "003_frame_log_retention.sql",
    ]);
    const insert = (kind: string, seq: number, devices: unknown, raw: Buffer | null) =>
      sql.query(
        `INSERT INTO frame_log (ent, gw, kind, sess, seq, ts, received_at, digest, devices, raw)
         VALUES ('acme', 'gw-1', $1, 'sessionAAAAAAAAAAAA', $2, $3, $3, $4, $5, $6)`,
        [kind, seq, T, `digest-${seq}`, devices === null ? null : JSON.stringify(devices), raw],
      );
    // Rows as the frame log wrote them before 004: full samples, jsonb.
    await insert("data", 1, SENT, RAW);
    await insert("data", 2, [], null);
    await insert("status", 3, EVENTS, RAW);
    await insert("birth", 4, null, RAW);

    expect(await migrate(sql, { through: "004_frame_log_sample_times.sql" })).toEqual([
      "004_frame_log_sample_times.sql",
    ]);

    const [data, empty, status, birth] = await rowsOf(sql);
    // Exactly what logFrames writes today for the same samples, which reads back as their times.
    expect(data?.devices).toEqual(JSON.parse(encodeSampleTimes(SENT)));
    expect(data?.devices).toEqual([
      { dev: "lathe-1", t0: T, dt: { spindle_speed: [0, 10_000, 5_000], execution: [0, 10_000] } },
      { dev: "meter-1", t0: T + 1, dt: { power_active: [0] } },
    ]);
    expect(decodeSampleTimes(data?.devices)).toEqual(sampleTimesOf(SENT));
    // Signals stay in the order of their first sample (jsonb would have sorted them).
    const [lathe] = (data?.devices ?? []) as { dt: object }[];
    expect(Object.keys(lathe?.dt ?? {})).toEqual(["spindle_speed", "execution"]);
    expect(empty?.devices).toEqual([]);
    expect(status?.devices).toEqual(EVENTS);
    expect(birth?.devices).toBeNull();
    for (const row of [data, status, birth]) expect(Buffer.from(row?.raw ?? [])).toEqual(RAW);
    const [column] = await sql.query<{ type: string }>(
      `SELECT data_type AS type FROM information_schema.columns
       WHERE table_name = 'frame_log' AND column_name = 'devices'`,
    );
    expect(column?.type).toBe("json");
    expect(await migrate(sql, { through: "004_frame_log_sample_times.sql" })).toEqual([]);
  });

  it("logs a data frame's sample times and its exact bytes, and a status frame's events", async () => {
    await sql.query("DELETE FROM frame_log");
    const gw = new TestGateway("acme", "gw-1");
    // Exact bytes are kept for data frames whose seq is a multiple of 10 and for every status frame.
    const kept = { ...gw.data(SENT), seq: 10 };
    const dropped = { ...gw.data(SENT), seq: 11 };
    const status = { ...gw.status(EVENTS), seq: 12 };
    await sql.transaction((tx) =>
      logFrames(tx, [
        { body: kept, receivedAt: T, isSkewed: false, raw: RAW },
        { body: dropped, receivedAt: T, isSkewed: false, raw: RAW },
        // A view into a larger buffer: only its own bytes are stored.
        { body: status, receivedAt: T, isSkewed: false, raw: Buffer.concat([RAW, RAW]).subarray(256, 768) },
      ]),
    );
    const rows = await rowsOf(sql);
    expect(rows.map((r) => [r.kind, r.seq])).toEqual([
      ["data", 10],
      ["data", 11],
      ["status", 12],
    ]);
    expect(decodeSampleTimes(rows[0]?.devices)).toEqual(sampleTimesOf(SENT));
    expect(decodeSampleTimes(rows[1]?.devices)).toEqual(sampleTimesOf(SENT));
    // Stored as offsets from the device's earliest sample: a few digits instead of 13 per time.
    expect(rows[0]?.devices).toEqual([
      { dev: "lathe-1", t0: T, dt: { spindle_speed: [0, 10_000, 5_000], execution: [0, 10_000] } },
      { dev: "meter-1", t0: T + 1, dt: { power_active: [0] } },
    ]);
    expect(rows[2]?.devices).toEqual(EVENTS);
    expect(Buffer.from(rows[0]?.raw ?? [])).toEqual(RAW);
    expect(rows[1]?.raw).toBeNull();
    expect(Buffer.from(rows[2]?.raw ?? [])).toEqual(Buffer.concat([RAW, RAW]).subarray(256, 768));
  });
});
