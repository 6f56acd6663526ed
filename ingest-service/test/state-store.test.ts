import { generateGatewayKey, publicJwk } from "@onramp/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Postgres, startPostgres } from "../../test/peers/postgres.js";
import { type AccountedFrame, commitFrames, type ProfileCatalog } from "../src/state/accounting.js";
import { Enrollment } from "../src/state/enrollment.js";
import { HOUR_MS, readLedger } from "../src/state/ledger.js";
import { openState } from "../src/state/open-state.js";
import { readTransitions } from "../src/state/presence-store.js";
import { Registry } from "../src/state/registry.js";
import type { SqlClient } from "../src/state/sql-client.js";
import { freshDataDir, removeDataDirs } from "./helpers/data-dir.js";
import { TestGateway } from "./helpers/gateway.js";

let postgres: Postgres | undefined;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
  await removeDataDirs();
});

const catalog: ProfileCatalog = (ref) =>
  ref === "acme/meter@1.0.0" ? { heartbeatMs: 10_000, expectedSamplesPerHour: 720 } : undefined;
const MAPPING = `sha256:${"b".repeat(64)}`;
const HOUR = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 10 * HOUR_MS;

const stores: [string, () => Promise<SqlClient>][] = [
  ["embedded PGlite", async () => openState({ dataDir: await freshDataDir(), postgresUrl: undefined })],
  [
    "PostgreSQL",
    async () =>
      openState({ dataDir: "", postgresUrl: await (postgres as Postgres).createDatabase(`t${Date.now()}`) }),
  ],
];

describe.each(stores)("state store on %s", (_name, open) => {
  let sql: SqlClient;
  let enrollment: Enrollment;
  let gw: TestGateway;
  const at = (frame: AccountedFrame["body"], receivedAt: number): AccountedFrame => ({
    body: frame,
    receivedAt,
    isSkewed: false,
  });
  const gatewayRows = async () =>
    await readLedger(sql, { ent: "acme", gw: "gw-1", dev: "", from: 0, to: Date.now() + HOUR_MS });
  const sum = async (field: "gaps" | "duplicates") =>
    (await gatewayRows()).reduce((total, row) => total + row[field], 0);

  beforeAll(async () => {
    sql = await open();
    enrollment = new Enrollment(sql);
    await new Registry(sql).createEnterprise("acme", "Acme");
    gw = new TestGateway("acme", "gw-1");
    const { token } = await enrollment.createToken({
      ent: "acme",
      gatewayId: "gw-1",
      ttlMs: 60_000,
      createdBy: "test",
    });
    await enrollment.enroll(token, publicJwk(gw.key.publicKey));
  });
  afterAll(async () => {
    await sql?.close();
  });

  it("uses an enrollment token once, even when two enrollments race with it", async () => {
    const { token } = await enrollment.createToken({
      ent: "acme",
      gatewayId: "gw-2",
      ttlMs: 60_000,
      createdBy: "test",
    });
    const results = await Promise.allSettled([
      enrollment.enroll(token, publicJwk(generateGatewayKey().publicKey)),
      enrollment.enroll(token, publicJwk(generateGatewayKey().publicKey)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.code).toBe("ONRAMP_ENROLL_TOKEN_USED");
  });

  it("refuses an expired token and an unknown one with their own codes", async () => {
    const past = Date.now() - 120_000;
    const { token } = await enrollment.createToken(
      { ent: "acme", gatewayId: "gw-3", ttlMs: 60_000, createdBy: "test" },
      past,
    );
    const key = publicJwk(generateGatewayKey().publicKey);
    await expect(enrollment.enroll(token, key)).rejects.toMatchObject({
      code: "ONRAMP_ENROLL_TOKEN_EXPIRED",
    });
    await expect(enrollment.enroll("oet_nope", key)).rejects.toMatchObject({
      code: "ONRAMP_ENROLL_TOKEN_INVALID",
    });
  });

  it("stores the MQTT password only as an scrypt hash", async () => {
    const rows = await sql.query<{ hash: string }>(
      "SELECT password_hash AS hash FROM gateways WHERE id = 'gw-1'",
    );
    expect(rows[0]?.hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
  });

  it("dedupes on (session, seq), counts gaps exactly, and does not count an unfired will as a gap", async () => {
    const birth = gw.birth([
      { id: "m1", profile: "acme/meter@1.0.0", class: "energy_meter", mapping: MAPPING, identity: null },
    ]);
    const d1 = gw.data([{ dev: "m1", samples: [{ s: "p", v: 1, q: "good", t: HOUR + 1000 }] }]);
    const skipped = gw.data([{ dev: "m1", samples: [{ s: "p", v: 2, q: "good", t: HOUR + 2000 }] }]);
    const d3 = gw.data([
      {
        dev: "m1",
        samples: [
          { s: "p", v: 3, q: "good", t: HOUR + 3000 },
          { s: "q", v: 3, q: "good", t: HOUR + 3000 },
        ],
      },
    ]);
    const fresh = await commitFrames(
      sql,
      [at(birth, HOUR), at(d1, HOUR + 1000), at(d3, HOUR + 3000), at(d1, HOUR + 3000)],
      [],
      catalog,
    );
    expect(fresh.size).toBe(3);
    expect(await sum("gaps")).toBe(1);
    expect(await sum("duplicates")).toBe(1);
    await commitFrames(sql, [at(skipped, HOUR + 4000)], [], catalog);
    expect(await sum("gaps")).toBe(0);
    const ledger = await readLedger(sql, { ent: "acme", gw: "gw-1", dev: "m1", from: 0, to: Date.now() });
    // Frames count in the hour of their sending time, samples in the hour of their own timestamps.
    const total = (field: "frames" | "samples") => ledger.reduce((n, r) => n + r[field], 0);
    expect([total("frames"), total("samples")]).toEqual([3, 4]);
    expect(ledger.every((r) => r.expectedSamples === 720)).toBe(true);
  });

  it("accepts the last will whose seq the birth reserved, once", async () => {
    const birth = gw.birth([]);
    const will = { ...gw.death("lwt"), seq: birth.willSeq };
    await commitFrames(sql, [at(birth, HOUR + 5000)], [], catalog);
    const first = await commitFrames(sql, [at(will, HOUR + 6000)], [], catalog);
    const again = await commitFrames(sql, [at(will, HOUR + 7000)], [], catalog);
    expect([first.size, again.size]).toEqual([1, 0]);
    expect(await sum("gaps")).toBe(0);
  });

  it("records silence beyond 10 heartbeats as an offline transition when the device is heard again", async () => {
    const gw2 = new TestGateway("acme", "gw-1");
    const quietAt = HOUR + 2 * 60_000;
    const back = quietAt + 11 * 10_000;
    const birth = gw2.birth([
      { id: "m2", profile: "acme/meter@1.0.0", class: "energy_meter", mapping: MAPPING, identity: null },
    ]);
    const sample = (t: number) => gw2.data([{ dev: "m2", samples: [{ s: "p", v: 1, q: "good", t }] }]);
    await commitFrames(sql, [at(birth, quietAt), at(sample(quietAt), quietAt)], [], catalog);
    await commitFrames(sql, [at(sample(back), back)], [], catalog);
    const transitions = await readTransitions(sql, {
      ent: "acme",
      gw: "gw-1",
      dev: "m2",
      from: 0,
      to: Date.now(),
    });
    expect(transitions.map((t) => [t.from, t.to, t.cause, t.at - quietAt])).toEqual([
      ["never", "online", "data", 0],
      ["online", "offline", "silence", 100_000],
      ["offline", "online", "data", 110_000],
    ]);
  });

  it("counts only good samples with a value: bad or uncertain ones make a device neither online nor complete", async () => {
    const gw3 = new TestGateway("acme", "gw-1");
    const t = HOUR + 30 * 60_000;
    const birth = gw3.birth([
      { id: "m3", profile: "acme/meter@1.0.0", class: "energy_meter", mapping: MAPPING, identity: null },
    ]);
    const unusable = gw3.data([
      {
        dev: "m3",
        samples: [
          { s: "p", v: null, q: "bad", t },
          { s: "q", v: 4, q: "bad", t },
          { s: "r", v: 5, q: "uncertain", t },
        ],
      },
    ]);
    await commitFrames(sql, [at(birth, t), at(unusable, t)], [], catalog);
    // Frames are counted in the hour of the frame's sending time, samples in their own hour: summed.
    const ledger = async () =>
      [await readLedger(sql, { ent: "acme", gw: "gw-1", dev: "m3", from: 0, to: Date.now() + HOUR_MS })].map(
        (rows) => [rows.reduce((n, r) => n + r.frames, 0), rows.reduce((n, r) => n + r.samples, 0)],
      );
    const presence = () =>
      readTransitions(sql, { ent: "acme", gw: "gw-1", dev: "m3", from: 0, to: Date.now() });
    // The frame is counted, its samples are not, and the device has never been seen.
    expect(await ledger()).toEqual([[1, 0]]);
    expect(await presence()).toEqual([]);
    const frames = await sql.query<{ devices: unknown }>(
      "SELECT devices FROM frame_log WHERE ent = 'acme' AND sess = $1 AND kind = 'data'",
      [unusable.sess],
    );
    expect(frames[0]?.devices).toMatchObject([{ dev: "m3", nv: 1 }]);
    // One good sample with a value in the next frame: online, and that one sample counted.
    const good = gw3.data([
      {
        dev: "m3",
        samples: [
          { s: "p", v: null, q: "good", t: t + 1000 },
          { s: "q", v: 7, q: "good", t: t + 1000 },
        ],
      },
    ]);
    await commitFrames(sql, [at(good, t + 1000)], [], catalog);
    expect(await ledger()).toEqual([[2, 1]]);
    expect((await presence()).map((p) => [p.from, p.to, p.at - t])).toEqual([["never", "online", 1000]]);
  });

  it("keeps equipment the enterprise declared before any birth, and attaches a later birth to it", async () => {
    const registry = new Registry(sql);
    const lathe = {
      name: "Lathe 7",
      class: "cnc_machine_tool",
      keyProcess: true,
      declaredDigital: true,
      declaredNetworked: false,
      declaredCnc: true,
    };
    const first = await registry.declareEquipment(
      { ent: "acme", id: "lathe-7" },
      lathe,
      "enterprise:ops",
      1_000,
    );
    expect(first).toMatchObject({ created: true, equipment: { registeredAt: 1_000, declaredAt: 1_000 } });
    // A second declaration edits it and keeps the first registration time.
    const again = await registry.declareEquipment(
      { ent: "acme", id: "lathe-7" },
      { ...lathe, name: "Lathe 7 (bay 2)" },
      "integrator:ops",
      2_000,
    );
    expect(again).toMatchObject({
      created: false,
      equipment: {
        name: "Lathe 7 (bay 2)",
        registeredAt: 1_000,
        declaredAt: 2_000,
        declaredBy: "integrator:ops",
      },
    });
    const gw4 = new TestGateway("acme", "gw-1");
    const birth = gw4.birth([
      {
        id: "lathe-7",
        profile: "acme/meter@1.0.0",
        class: "cnc_machine_tool",
        mapping: MAPPING,
        identity: null,
      },
      {
        id: "lathe-8",
        profile: "acme/meter@1.0.0",
        class: "cnc_machine_tool",
        mapping: MAPPING,
        identity: null,
      },
    ]);
    await commitFrames(sql, [at(birth, HOUR + 5_000)], [], catalog);
    const devices = await registry.listDevices("acme", "gw-1");
    expect(
      devices.filter((d) => d.id.startsWith("lathe-")).map((d) => [d.id, d.keyProcess, d.cnc, d.declaredBy]),
    ).toEqual([
      ["lathe-7", true, true, "integrator:ops"],
      ["lathe-8", false, false, null],
    ]);
    const retired = await registry.retireEquipment({ ent: "acme", id: "lathe-7" }, 3_000);
    expect(retired?.retiredAt).toBe(3_000);
    expect((await registry.listDeclaredEquipment("acme")).map((e) => [e.id, e.retiredAt])).toEqual([
      ["lathe-7", 3_000],
    ]);
  });

  it("agrees on one winner when two commits carry the same frame concurrently", async () => {
    const frame = gw.data([{ dev: "m1", samples: [{ s: "p", v: 9, q: "good", t: HOUR + 9000 }] }]);
    const [a, b] = await Promise.all([
      commitFrames(sql, [at(frame, HOUR + 9000)], [], catalog),
      commitFrames(sql, [at(frame, HOUR + 9000)], [], catalog),
    ]);
    expect(a.size + b.size).toBe(1);
  });
});
