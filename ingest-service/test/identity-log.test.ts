// The identity audit trail and the nameplate confirmations in the state store (issue 14), on both
// stores the ingest runs on: embedded PGlite and PostgreSQL.
import { type BirthBody, generateGatewayKey, publicJwk } from "@onramp/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Postgres, startPostgres } from "../../test/peers/postgres.js";
import { commitFrames } from "../src/state/accounting.js";
import { Enrollment } from "../src/state/enrollment.js";
import { currentFingerprintClaims } from "../src/state/identity-log.js";
import { openState } from "../src/state/open-state.js";
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

const MAPPING = `sha256:${"c".repeat(64)}`;
const stores: [string, () => Promise<SqlClient>][] = [
  ["embedded PGlite", async () => openState({ dataDir: await freshDataDir(), postgresUrl: undefined })],
  [
    "PostgreSQL",
    async () =>
      openState({ dataDir: "", postgresUrl: await (postgres as Postgres).createDatabase(`id${Date.now()}`) }),
  ],
];

const lathe = (fingerprint: string | null): BirthBody["devices"][number] => ({
  id: "lathe-1",
  profile: "cnc/modbus-template@1.0.0",
  class: "cnc_machine_tool",
  mapping: MAPPING,
  identity:
    fingerprint === null
      ? null
      : { fingerprint, source: "modbus-serial-register", fields: { serial_number: fingerprint } },
});

describe.each(stores)("identity audit on %s", (_name, open) => {
  let sql: SqlClient;
  let enrollment: Enrollment;
  const gw1 = new TestGateway("acme", "gw-1");
  const gw2 = new TestGateway("acme", "gw-2");
  const birth = (gw: TestGateway, fingerprint: string | null, at: number) =>
    commitFrames(
      sql,
      [{ body: gw.birth([lathe(fingerprint)]), receivedAt: at, isSkewed: false }],
      [],
      () => undefined,
    );
  const log = () =>
    sql.query<{ gw: string; at: number; previous: string | null; fingerprint: string }>(
      `SELECT gw, at, previous_fingerprint AS previous, fingerprint FROM identity_changes
       WHERE ent = 'acme' AND dev = 'lathe-1' ORDER BY at`,
    );

  beforeAll(async () => {
    sql = await open();
    enrollment = new Enrollment(sql);
    await new Registry(sql).createEnterprise("acme", "Acme");
    for (const gw of [gw1, gw2]) {
      const { token } = await enrollment.createToken({
        ent: "acme",
        gatewayId: gw.gw,
        ttlMs: 60_000,
        createdBy: "t",
      });
      await enrollment.enroll(token, publicJwk(gw.key.publicKey));
    }
  });
  afterAll(async () => {
    await sql?.close();
  });

  it("logs the first fingerprint, then only changes — across gateways, ignoring births that read none", async () => {
    await birth(gw1, "fp-A", 1_000);
    await birth(gw1, "fp-A", 2_000); // a reconnection of the same machine
    await birth(gw1, null, 3_000); // identity not read yet: says nothing
    await birth(gw1, "fp-B", 4_000); // another machine under the same id
    await birth(gw2, "fp-A", 5_000); // the first one back, behind another gateway
    expect((await log()).map((r) => [r.gw, Number(r.at), r.previous, r.fingerprint])).toEqual([
      ["gw-1", 1_000, null, "fp-A"],
      ["gw-1", 4_000, "fp-A", "fp-B"],
      ["gw-2", 5_000, "fp-B", "fp-A"],
    ]);
    const [row] = await sql.query<{ fingerprint: string }>(
      "SELECT fingerprint FROM devices WHERE ent = 'acme' AND gw = 'gw-1' AND id = 'lathe-1'",
    );
    expect(row?.fingerprint).toBe("fp-B");
  });

  it("lets only a device's current fingerprint claim it for uniqueness", async () => {
    // After the first test: lathe-1 announced fp-B last on gw-1 (at 4 000) and fp-A on gw-2 (at 5 000).
    // The gw-1 row still holds fp-B, but the device's latest birth says fp-A.
    expect(await currentFingerprintClaims(sql, ["fp-A", "fp-B"])).toEqual([
      { device: "lathe-1", enterprise: "acme", fingerprint: "fp-A" },
    ]);
    expect(await currentFingerprintClaims(sql, ["fp-B"])).toEqual([]);
    expect(await currentFingerprintClaims(sql, [])).toEqual([]);
  });

  it("stores the nameplate serials of an enrollment, and a re-enrollment replaces them", async () => {
    const enrollWith = async (nameplates: { device: string; serial: string; fingerprint: string }[]) => {
      const { token } = await enrollment.createToken({
        ent: "acme",
        gatewayId: "gw-9",
        ttlMs: 60_000,
        createdBy: "t",
      });
      return enrollment.enroll(token, publicJwk(generateGatewayKey().publicKey), nameplates);
    };
    const first = await enrollWith([
      { device: "press-1", serial: "P-1", fingerprint: `sha256:${"1".repeat(64)}` },
      { device: "press-2", serial: "P-2", fingerprint: `sha256:${"2".repeat(64)}` },
    ]);
    expect(first.nameplatesConfirmed).toBe(2);
    expect((await enrollment.listNameplates("acme")).map((n) => [n.device, n.gateway, n.serial])).toEqual([
      ["press-1", "gw-9", "P-1"],
      ["press-2", "gw-9", "P-2"],
    ]);
    await enrollWith([{ device: "press-1", serial: "P-1b", fingerprint: `sha256:${"3".repeat(64)}` }]);
    expect((await enrollment.listNameplates("acme")).map((n) => [n.device, n.serial])).toEqual([
      ["press-1", "P-1b"],
    ]);
  });
});
