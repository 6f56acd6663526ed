import { describe, expect, it } from "vitest";
import { FIRST_SCHEMA_VERSION, MIGRATIONS, type Migration, migrateProfile } from "./migrations.js";
import { PROFILE_SCHEMA_VERSION } from "./schema/profile.js";

describe("migrations", () => {
  it("form an unbroken chain from the first format to the current one", () => {
    expect(MIGRATIONS.map((m) => m.from)).toEqual(
      Array.from(
        { length: PROFILE_SCHEMA_VERSION - FIRST_SCHEMA_VERSION },
        (_, i) => FIRST_SCHEMA_VERSION + i,
      ),
    );
  });

  it("apply in order, each from its own version", () => {
    const steps: Migration[] = [
      { from: 1, why: "rename a", migrate: ({ a, ...rest }) => ({ ...rest, b: a, schemaVersion: 2 }) },
      { from: 2, why: "wrap b", migrate: ({ b, ...rest }) => ({ ...rest, c: [b], schemaVersion: 3 }) },
    ];
    expect(migrateProfile({ schemaVersion: 1, a: 7 }, steps, 3)).toEqual({
      ok: true,
      value: { c: [7], schemaVersion: 3 },
      fromVersion: 1,
    });
    expect(migrateProfile({ schemaVersion: 2, b: 7 }, steps, 3)).toMatchObject({
      value: { c: [7] },
      fromVersion: 2,
    });
  });

  it("leave a current profile untouched", () => {
    const profile = { schemaVersion: PROFILE_SCHEMA_VERSION, id: "a/b" };
    expect(migrateProfile(profile)).toEqual({
      ok: true,
      value: profile,
      fromVersion: PROFILE_SCHEMA_VERSION,
    });
  });

  it("refuse a profile without schemaVersion, with a newer one, or with one that never existed", () => {
    expect(migrateProfile({ id: "a/b" })).toEqual({
      ok: false,
      message: "schemaVersion is missing: add `schemaVersion: 1` at the top",
    });
    expect(migrateProfile({ schemaVersion: 9 })).toMatchObject({
      ok: false,
      message: /newer than this engine/,
    });
    expect(migrateProfile({ schemaVersion: 0 })).toMatchObject({
      ok: false,
      message: /not a profile format/,
    });
    expect(migrateProfile({ schemaVersion: "1" })).toMatchObject({ ok: false, message: /whole number/ });
  });

  it("pass data that is not a mapping through, for the schema to report", () => {
    expect(migrateProfile(null)).toEqual({ ok: true, value: null, fromVersion: undefined });
  });
});
