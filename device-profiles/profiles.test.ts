// The profile library's test (ZHC `checks.test.ts` + Telegraf `testcases/`): every profile loads,
// obeys the library rules, and ships fixtures whose every case passes. Adding a profile adds its
// tests; nothing here names a profile.
import { readdirSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import {
  compileProfile,
  formatProfileError,
  LIBRARY_RULES,
  type LibraryEntry,
  loadFixturesFile,
  loadProfileFile,
  type ProfileError,
  runFixtures,
} from "@onramp/profiles";
import { describe, expect, it } from "vitest";

const LIBRARY = fileURLToPath(new URL(".", import.meta.url));

/** Profiles: `<class>/<vendor>-<model>.yaml`, not fixtures, not under a hidden folder. */
const profilePaths = readdirSync(LIBRARY, { recursive: true, encoding: "utf8" })
  .map((p) => p.split(sep).join("/"))
  .filter(
    (p) =>
      p.endsWith(".yaml") && !p.endsWith(".fixtures.yaml") && !p.split("/").some((s) => s.startsWith(".")),
  )
  .sort();

const library = await Promise.all(
  profilePaths.map(async (path) => {
    const fixturesPath = path.replace(/\.yaml$/, ".fixtures.yaml");
    return {
      path,
      file: `device-profiles/${path}`,
      profile: await loadProfileFile(join(LIBRARY, path), { file: `device-profiles/${path}` }),
      fixtures: await loadFixturesFile(join(LIBRARY, fixturesPath), {
        file: `device-profiles/${fixturesPath}`,
      }),
    };
  }),
);

/** Failures as `file:line:col path: message` lines, so the test output says where to edit. */
const lines = (errors: readonly ProfileError[]): string => errors.map(formatProfileError).join("\n");

describe("device-profile library", () => {
  it("holds at least one profile", () => {
    expect(
      profilePaths.length,
      `no profile (*.yaml other than *.fixtures.yaml) under ${LIBRARY}`,
    ).toBeGreaterThan(0);
  });

  const entries: LibraryEntry[] = library.flatMap(({ path, profile }) =>
    profile.ok ? [{ path, profile: profile.profile, locator: profile.locator }] : [],
  );
  for (const rule of LIBRARY_RULES) {
    it(rule.name, () => {
      expect(lines(rule.check(entries))).toBe("");
    });
  }
});

for (const { file, profile, fixtures } of library) {
  const id = profile.ok ? profile.profile.id : file;
  describe(file, () => {
    it(`${id} › loads without error`, () => {
      expect(profile.ok ? "" : lines(profile.errors)).toBe("");
    });
    it(`${id} › has a valid sibling fixtures file`, () => {
      expect(fixtures.ok ? "" : lines(fixtures.errors)).toBe("");
    });
    if (!profile.ok || !fixtures.ok) return;
    const report = runFixtures(compileProfile(profile.profile), fixtures, profile.locator);
    for (const c of report.cases) {
      it(`${id} › ${c.name}`, () => {
        expect(lines(c.errors)).toBe("");
      });
    }
    it(`${id} › every signal has a fixture`, () => {
      expect(lines(report.uncovered)).toBe("");
    });
  });
}
