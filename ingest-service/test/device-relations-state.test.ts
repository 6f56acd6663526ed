import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Postgres, startPostgres } from "../../test/peers/postgres.js";
import { DeviceRelations } from "../src/state/device-relations.js";
import { openState } from "../src/state/open-state.js";
import { Registry } from "../src/state/registry.js";
import type { SqlClient } from "../src/state/sql-client.js";
import { freshDataDir, removeDataDirs } from "./helpers/data-dir.js";

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
      openState({
        dataDir: "",
        postgresUrl: await (postgres as Postgres).createDatabase(`rel${Date.now()}`),
      }),
  ],
];

describe.each(stores)("device relations on %s (migration 005)", (_name, open) => {
  let sql: SqlClient;
  let relations: DeviceRelations;
  beforeAll(async () => {
    sql = await open();
    relations = new DeviceRelations(sql);
    const registry = new Registry(sql);
    await registry.createEnterprise("acme", "Acme");
    await registry.createEnterprise("globex", "Globex");
  });
  afterAll(async () => {
    await sql?.close();
  });

  it("stores a declaration once, with who made it and when, and lists it per enterprise", async () => {
    const feeds = { ent: "acme", kind: "feeds" as const, from: "meter-1", to: "cnc-1" };
    expect(await relations.declare(feeds, "integrator:wang", 1_000)).toEqual({
      ...feeds,
      declaredBy: "integrator:wang",
      declaredAt: 1_000,
    });
    // A repeat keeps the first declaration.
    expect(await relations.declare(feeds, "enterprise:li", 2_000)).toBeUndefined();
    await relations.declare(
      { ent: "acme", kind: "runs", from: "plc-1", to: "line-1" },
      "enterprise:li",
      3_000,
    );
    await relations.declare({ ent: "globex", kind: "feeds", from: "m", to: "c" }, "enterprise:zhao", 4_000);
    expect((await relations.list("acme")).map((r) => [r.kind, r.from, r.to, r.declaredBy])).toEqual([
      ["feeds", "meter-1", "cnc-1", "integrator:wang"],
      ["runs", "plc-1", "line-1", "enterprise:li"],
    ]);
  });

  it("withdraws a declaration and says when there was none", async () => {
    const runs = { ent: "acme", kind: "runs" as const, from: "plc-1", to: "line-1" };
    expect(await relations.remove(runs)).toBe(true);
    expect(await relations.remove(runs)).toBe(false);
    expect((await relations.list("acme")).map((r) => r.kind)).toEqual(["feeds"]);
  });

  it("refuses, in the schema itself, a device related to itself, an unknown kind and an unknown enterprise", async () => {
    const insert = (ent: string, kind: string, from: string, to: string) =>
      sql.query(
        "INSERT INTO device_relations (ent, kind, from_dev, to_dev, declared_by, declared_at) VALUES ($1, $2, $3, $4, 'x', 0)",
        [ent, kind, from, to],
      );
    await expect(insert("acme", "feeds", "m", "m")).rejects.toThrow();
    await expect(insert("acme", "powers", "m", "c")).rejects.toThrow();
    await expect(insert("nobody", "feeds", "m", "c")).rejects.toThrow();
  });
});
