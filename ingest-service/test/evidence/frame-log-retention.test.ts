import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { AccountedFrame, GatewayBody } from "../../src/state/accounting.js";
import { logFrames } from "../../src/state/frame-log.js";
import { DAY_MS, type FrameLogRetentionOptions, pruneFrameLog } from "../../src/state/frame-log-retention.js";
import { HOUR_MS } from "../../src/state/ledger.js";
import { openState } from "../../src/state/open-state.js";
import type { SqlClient } from "../../src/state/sql-client.js";
import { freshDataDir, removeDataDirs } from "../helpers/data-dir.js";

const NOW = Date.UTC(2026, 10, 25, 12, 30);
const OPTS: FrameLogRetentionOptions = { retentionDays: 400, maxRawBytesPerDeviceHour: 500, batchRows: 3 };

let sql: SqlClient;
beforeEach(async () => {
  await sql?.close();
  sql = await openState({ dataDir: await freshDataDir(), postgresUrl: undefined });
  await sql.query(
    `INSERT INTO enterprises (id, name, created_at) VALUES ('ent-a', 'A', 0), ('ent-b', 'B', 0)`,
  );
});
afterAll(async () => {
  await sql?.close();
  await removeDataDirs();
});

/** A data frame with seq a multiple of 10 (its raw bytes are kept) and `rawBytes` bytes. */
function frame(ent: string, seq: number, receivedAt: number, rawBytes = 100): AccountedFrame {
  const body = {
    v: 1,
    kind: "data",
    ent,
    gw: "gw-1",
    sess: "s1",
    seq: seq * 10,
    ts: receivedAt,
    devices: [{ dev: "m-1", samples: [{ s: "part_count", v: seq, q: "good", t: receivedAt }] }],
  } as unknown as GatewayBody;
  return { body, receivedAt, isSkewed: false, raw: Buffer.alloc(rawBytes, seq) };
}

const count = async (where = "TRUE") =>
  Number((await sql.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM frame_log WHERE ${where}`))[0]?.n);

describe("frame-log retention (PGlite)", () => {
  it("deletes rows older than the retention, in batches, across enterprises, and is idempotent", async () => {
    const old = NOW - 401 * DAY_MS;
    const kept = NOW - 399 * DAY_MS;
    await logFrames(sql, [
      ...Array.from({ length: 7 }, (_, i) => frame("ent-a", i, old + i)),
      ...Array.from({ length: 4 }, (_, i) => frame("ent-b", i, old + i)),
      ...Array.from({ length: 5 }, (_, i) => frame("ent-a", 100 + i, kept + i)),
    ]);
    const first = await pruneFrameLog(sql, OPTS, NOW);
    expect(first.deleted).toBe(11);
    expect(await count()).toBe(5);
    expect(await count(`received_at < ${NOW - 400 * DAY_MS}`)).toBe(0);
    // Two instances pruning at once, and again later: nothing more to delete, nothing broken.
    const again = await Promise.all([pruneFrameLog(sql, OPTS, NOW), pruneFrameLog(sql, OPTS, NOW)]);
    expect(again.map((r) => r.deleted)).toEqual([0, 0]);
    expect(await count()).toBe(5);
  });

  it("caps the raw bytes kept per device and past hour, earliest first, keeping every row's digest and sample times", async () => {
    const hour = Math.floor(NOW / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;
    const current = Math.floor(NOW / HOUR_MS) * HOUR_MS;
    await logFrames(sql, [
      ...Array.from({ length: 20 }, (_, i) => frame("ent-a", i, hour + i * 60_000)),
      ...Array.from({ length: 3 }, (_, i) => frame("ent-a", 50 + i, hour + HOUR_MS + i, 400)),
      ...Array.from({ length: 20 }, (_, i) => frame("ent-a", 200 + i, current + i)),
    ]);
    const result = await pruneFrameLog(sql, OPTS, NOW);
    expect(result.deleted).toBe(0);
    // 5 × 100 bytes fit the first hour's 500; 1 × 400 the next; the current hour is still open.
    expect(result.rawDropped).toBe(15 + 2);
    expect(result.trimmedUntil).toBe(current);
    const firstHour = await sql.query<{ seq: number; hasRaw: boolean }>(
      `SELECT seq, raw IS NOT NULL AS "hasRaw" FROM frame_log WHERE received_at < ${hour + HOUR_MS} ORDER BY seq`,
    );
    expect(firstHour.filter((r) => r.hasRaw).map((r) => Number(r.seq))).toEqual([0, 10, 20, 30, 40]);
    expect(await count(`received_at >= ${current} AND raw IS NOT NULL`)).toBe(20);
    expect(await count("digest IS NOT NULL AND devices IS NOT NULL")).toBe(43);
    // A later run re-trims nothing: the watermark moved, and the hours trimmed are within budget.
    expect((await pruneFrameLog(sql, OPTS, NOW + 10 * 60_000)).rawDropped).toBe(0);
  });

  it("scales the budget with the devices registered on the gateway", async () => {
    await sql.query(
      `INSERT INTO gateways (ent, id, kid, public_jwk, mqtt_username, password_hash, enrolled_at)
       VALUES ('ent-a', 'gw-1', 'kid-1', '{}', 'u-1', 'x', 0)`,
    );
    await sql.query(
      `INSERT INTO devices (ent, gw, id, profile, class, mapping, first_birth_at, last_birth_at)
       SELECT 'ent-a', 'gw-1', 'm-' || n, 'p@1', 'plc', 'sha256:x', 0, 0 FROM generate_series(1, 2) n`,
    );
    const hour = Math.floor(NOW / HOUR_MS) * HOUR_MS - HOUR_MS;
    await logFrames(
      sql,
      Array.from({ length: 20 }, (_, i) => frame("ent-a", i, hour + i)),
    );
    expect((await pruneFrameLog(sql, OPTS, NOW)).rawDropped).toBe(10);
  });
});
