// The long trends' day store (migration 008, evidence/trend-day-store.ts) on both state stores:
// the same migration and queries on embedded PGlite and on a real PostgreSQL started by the test.
import { publicJwk } from "@onramp/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Postgres, startPostgres } from "../../test/peers/postgres.js";
import { writeEnterpriseMeta } from "../src/evidence/enterprise-meta.js";
import { TrendDayStore } from "../src/evidence/trend-day-store.js";
import { DEFAULT_PARAMS, type MemberTrendPoint, resolveParams } from "../src/indicators/index.js";
import { type AccountedFrame, commitFrames } from "../src/state/accounting.js";
import { DeviceRelations } from "../src/state/device-relations.js";
import { Enrollment } from "../src/state/enrollment.js";
import { openState } from "../src/state/open-state.js";
import { Registry } from "../src/state/registry.js";
import type { SqlClient } from "../src/state/sql-client.js";
import { freshDataDir, removeDataDirs } from "./helpers/data-dir.js";
import { samples, TestGateway } from "./helpers/gateway.js";

let postgres: Postgres | undefined;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
  await removeDataDirs();
});

const stores: [string, () => Promise<SqlClient>][] = [
  ["embedded PGlite", async () => openState({ dataDir: await freshDataDir(), postgresUrl: undefined })],
  [
    "PostgreSQL",
    async () =>
      openState({ dataDir: "", postgresUrl: await (postgres as Postgres).createDatabase(`td${Date.now()}`) }),
  ],
];

const DAY = 86_400_000;
/** Monday 2026-11-16 00:00 Beijing time, and the two days after it. */
const MON = Date.parse("2026-11-16T00:00:00+08:00");
const days = [0, 1, 2].map((i) => ({ from: MON + i * DAY, to: MON + (i + 1) * DAY }));
const MAPPING = `sha256:${"b".repeat(64)}`;

const figure = (of: string[], counted: string[]) => ({
  value: of.length === 0 ? null : counted.length / of.length,
  numerator: counted.length,
  denominator: of.length,
  judged: true,
  counted,
  of,
});

describe.each(stores)("trend day store on %s", (_name, open) => {
  let sql: SqlClient;
  let store: TrendDayStore;
  const gw = new TestGateway("acme", "gw-1");
  /** Signed at `signedAt` (an agent signs a frame when it builds it, before any spool), received at `at`. */
  const frame = (body: AccountedFrame["body"], at: number, signedAt = at): AccountedFrame => ({
    body: { ...body, ts: signedAt },
    receivedAt: at,
    isSkewed: false,
  });
  const data = (measuredAt: number, receivedAt: number) =>
    frame(
      gw.data([{ dev: "press-1", samples: samples("spindle_speed", 4, measuredAt) }]),
      receivedAt,
      measuredAt + 5_000,
    );

  beforeAll(async () => {
    sql = await open();
    store = new TrendDayStore(sql);
    await new Registry(sql).createEnterprise("acme", "Acme", MON - 10 * DAY);
    const enrollment = new Enrollment(sql);
    const { token } = await enrollment.createToken({
      ent: "acme",
      gatewayId: "gw-1",
      ttlMs: 60_000,
      createdBy: "test",
    });
    await enrollment.enroll(token, publicJwk(gw.key.publicKey));
    const birth = gw.birth([
      { id: "press-1", profile: "acme/press@1.0.0", class: "press", mapping: MAPPING, identity: null },
    ]);
    await commitFrames(
      sql,
      [frame(birth, MON - 5 * DAY), data(MON + 3_600_000, MON + 3_600_000)],
      [],
      () => undefined,
    );
  });
  afterAll(async () => {
    await sql?.close();
  });

  it("writes a day's figures and reads them back as written, an upsert replacing them", async () => {
    const point: MemberTrendPoint = {
      ...(days[0] as { from: number; to: number }),
      networking: figure(["press-1"], ["press-1"]),
      cnc: figure([], []),
      onCloud: figure(["press-1"], []),
    };
    await store.write("acme", point, { figures: point, watermark: "w1", definition: "d1" }, MON + 2 * DAY);
    expect((await store.read("acme", MON, MON + DAY)).get(MON)).toEqual({
      figures: point,
      watermark: "w1",
      definition: "d1",
    });
    const changed = { ...point, onCloud: figure(["press-1"], ["press-1"]) };
    await store.write("acme", point, { figures: changed, watermark: "w2", definition: "d1" }, MON + 3 * DAY);
    const read = await store.read("acme", MON - DAY, MON + 3 * DAY);
    expect([...read.keys()]).toEqual([MON]);
    expect(read.get(MON)).toMatchObject({ figures: changed, watermark: "w2" });
  });

  it("moves a day's watermark and the next day's (its history) when a late frame lands, not the others", async () => {
    const before = await store.watermarks("acme", days);
    // Measured on Monday 15:00, delivered on Wednesday by the agent's disk spool.
    await commitFrames(sql, [data(MON + 15 * 3_600_000, MON + 2 * DAY + 3_600_000)], [], () => undefined);
    const after = await store.watermarks("acme", days);
    expect(after.get(days[0]?.from as number)).not.toBe(before.get(days[0]?.from as number));
    expect(after.get(days[1]?.from as number)).not.toBe(before.get(days[1]?.from as number));
    expect(after.get(days[2]?.from as number)).toBe(before.get(days[2]?.from as number));
  });

  it("changes the definition with the profile, the parameters or a device relation, not with a new birth time", async () => {
    const first = await store.definition("acme", DEFAULT_PARAMS);
    expect(await store.definition("acme", DEFAULT_PARAMS)).toBe(first);
    // The same device announced again later: only its last birth time moves.
    const again = gw.birth([
      { id: "press-1", profile: "acme/press@1.0.0", class: "press", mapping: MAPPING, identity: null },
    ]);
    await commitFrames(sql, [frame(again, MON + 2 * DAY)], [], () => undefined);
    expect(await store.definition("acme", DEFAULT_PARAMS)).toBe(first);
    expect(await store.definition("acme", resolveParams({ onCloud: { minOnlineShare: 0.9 } }))).not.toBe(
      first,
    );
    await writeEnterpriseMeta(sql, "acme", {
      district: "高新区",
      developmentZone: null,
      industry: "auto-parts",
      industryKind: "discrete",
      aboveScale: true,
      smeDigitalLevel: null,
      calendar: null,
    });
    const withProfile = await store.definition("acme", DEFAULT_PARAMS);
    expect(withProfile).not.toBe(first);
    // A declared relation between devices changes what the plausibility checks compare (issue 14).
    await new DeviceRelations(sql).declare(
      { ent: "acme", kind: "feeds", from: "meter-1", to: "press-1" },
      "test",
    );
    expect(await store.definition("acme", DEFAULT_PARAMS)).not.toBe(withProfile);
  });
});
