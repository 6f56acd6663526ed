import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ApiTokens } from "../src/state/api-tokens.js";
import { openState } from "../src/state/open-state.js";
import { freshDataDir, removeDataDirs } from "./helpers/data-dir.js";

const BIN = fileURLToPath(new URL("../bin/onramp-ingest.js", import.meta.url));
// Each command opens PGlite: seconds alone, minutes when the 2-core machine is shared by many runs.
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 180_000 });

afterAll(removeDataDirs);

describe("onramp-ingest CLI", () => {
  it("migrates, registers an enterprise and prints a working token once", async () => {
    const dataDir = await freshDataDir();
    expect(cli("migrate", "--data-dir", dataDir).stdout).toBe("migrations applied\n");
    expect(cli("enterprise", "create", "--id", "acme", "--name", "Acme", "--data-dir", dataDir).status).toBe(
      0,
    );
    const created = cli(
      "token",
      "create",
      "--role",
      "enterprise",
      "--enterprise",
      "acme",
      "--data-dir",
      dataDir,
    );
    expect(created.status).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^ort_[A-Za-z0-9_-]{43}$/);
    const sql = await openState({ dataDir, postgresUrl: undefined });
    expect(await new ApiTokens(sql).authenticate(token)).toMatchObject({ role: "enterprise", ent: "acme" });
    // Stored hashed: the secret itself is nowhere in the table.
    expect(JSON.stringify(await sql.query("SELECT * FROM api_tokens"))).not.toContain(token);
    await sql.close();
    // Four processes each open PGlite (≈ 5 s alone, much more on a loaded 2-core machine).
  }, 240_000);

  it("refuses to change a data directory that a running server holds, and takes over a dead holder's lock", async () => {
    const dataDir = await freshDataDir();
    // This test process holds the state, as a running `serve` would.
    const held = await openState({ dataDir, postgresUrl: undefined });
    for (const command of [
      ["token", "create", "--role", "admin"],
      ["enterprise", "create", "--id", "acme"],
    ]) {
      const refused = cli(...command, "--data-dir", dataDir);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toMatch(new RegExp(`^ONRAMP_DATA_DIR_LOCKED: process ${process.pid} holds `));
    }
    await held.close();
    // A holder killed with -9 leaves its lock file; a pid that no longer runs does not hold it.
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]);
    await writeFile(join(dataDir, "state.lock"), `${dead.pid}\n`);
    expect(cli("enterprise", "create", "--id", "acme", "--data-dir", dataDir).status).toBe(0);
  }, 240_000);

  it("refuses --broker-connections below 1, above 64, or above 1 without a group", async () => {
    // Validated before anything opens or connects: no broker listens on port 9.
    const dataDir = await freshDataDir();
    const serve = (...flags: string[]) =>
      cli("serve", "--data-dir", dataDir, "--broker", "mqtt://127.0.0.1:9", ...flags);
    const none = serve("--broker-group", "g", "--broker-connections", "0");
    expect(none.status).toBe(1);
    expect(none.stderr).toBe(
      "ONRAMP_CONFIG_INVALID: broker.connections: broker connections must be at least 1\n",
    );
    expect(serve("--broker-group", "g", "--broker-connections", "65").stderr).toBe(
      "ONRAMP_CONFIG_INVALID: broker.connections: at most 64 broker connections per instance; run more instances beyond that\n",
    );
    expect(serve("--broker-connections", "3").stderr).toBe(
      "ONRAMP_CONFIG_INVALID: broker.connections: 3 broker connections need a shared-subscription group " +
        "(--broker-group): without one each connection holds a plain subscription and receives every " +
        "message, so every frame would be handled 3 times\n",
    );
  }, 120_000);

  it("refuses a scoped role without an enterprise, with a stable code and exit status 1", async () => {
    const refused = cli("token", "create", "--role", "integrator", "--data-dir", await freshDataDir());
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^ONRAMP_API_VALIDATION: /);
  }, 120_000);
});

describe("the ingest's bins run the JavaScript build", () => {
  // vitest's globalSetup (scripts/vitest-build-bins.ts) ran `npm run build`'s bundler: both bins
  // must take that build, not the tsx fallback, and still answer as the sources do.
  const VERIFY = fileURLToPath(new URL("../bin/onramp-verify.js", import.meta.url));
  const FALLBACK = /running from the TypeScript sources/;

  it("onramp-ingest answers --help and a usage error from the build", () => {
    const help = cli("--help");
    expect(help.status).toBe(0);
    expect(help.stderr).not.toMatch(FALLBACK);
    expect(help.stderr).toContain("token create --role integrator|enterprise|bureau|admin");
    const serveHelp = cli("serve", "--help");
    expect(serveHelp.status).toBe(0);
    expect(serveHelp.stdout).toContain("onramp-ingest serve [options]");
    const unknown = cli("frobnicate");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^onramp-ingest <command>/);
  });

  it("onramp-verify answers --help, a missing argument and a file that is not JSON from the build", async () => {
    const verify = (...args: string[]) =>
      spawnSync(process.execPath, [VERIFY, ...args], { encoding: "utf8", timeout: 60_000 });
    const help = verify("--help");
    expect(help.status).toBe(0);
    expect(help.stderr).not.toMatch(FALLBACK);
    expect(help.stdout).toContain("onramp-verify <bundle.json>");
    expect(verify().status).toBe(2);
    const dir = await freshDataDir();
    const notJson = join(dir, "bundle.json");
    await writeFile(notJson, "not json");
    const refused = verify(notJson);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toMatch(/bundle\.json: not JSON/);
  });
});
