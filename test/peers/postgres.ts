import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopChild } from "./child.js";
import { freePort } from "./ports.js";
import { waitFor } from "./wait.js";

export interface Postgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust auth on loopback). */
  readonly url: string;
  readonly pid: number;
  /** Creates an empty database and returns its URL: one per test file keeps them independent. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function findBinDir(): string {
  for (const version of ["17", "16", "15"]) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (spawnSync(`${dir}/postgres`, ["--version"]).error === undefined) return dir;
  }
  throw new Error('PostgreSQL is not installed: install it with "apt-get install -y postgresql"');
}

function postgresUid(): { uid: number; gid: number } {
  const id = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (id.status !== 0) throw new Error("no 'postgres' system user: install the postgresql package");
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A throwaway PostgreSQL cluster (initdb in a temp dir, trust auth, 127.0.0.1 only). The server
 * refuses to run as root, so it runs as the `postgres` user (PEERS.md), started in the
 * foreground as our child so it can be stopped by PID.
 */
export async function startPostgres(opts: { fsync?: boolean } = {}): Promise<Postgres> {
  const bin = findBinDir();
  const { uid, gid } = postgresUid();
  const dir = await mkdtemp(join(tmpdir(), "onramp-pg-"));
  const data = join(dir, "data");
  await chown(dir, uid, gid);
  // Spawned with the postgres uid directly (not through runuser), so the PID we stop is the postmaster.
  const asPostgres = process.getuid?.() === 0 ? { uid, gid } : {};
  const init = spawnSync(`${bin}/initdb`, ["-D", data, "-A", "trust", "-E", "UTF8", "-U", "postgres"], {
    encoding: "utf8",
    ...asPostgres,
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const args = [
    "-D",
    data,
    "-p",
    String(port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    `unix_socket_directories=${dir}`,
    "-c",
    // Tests need no durability across a machine crash; benchmarks of durable commits ask for it.
    `fsync=${opts.fsync === true ? "on" : "off"}`,
  ];
  let stderr = "";
  const child: ChildProcess = spawn(`${bin}/postgres`, args, {
    stdio: ["ignore", "ignore", "pipe"],
    ...asPostgres,
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const psql = (sql: string) =>
    spawnSync(`${bin}/psql`, [url, "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" });
  const stop = async () => {
    // SIGINT is PostgreSQL's "fast" shutdown; SIGTERM ("smart") would wait for clients to leave.
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(child.pid, "SIGINT");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await stopChild(child, 1_000);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      "postgres to accept connections",
      () => {
        if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}: ${stderr}`);
        return psql("SELECT 1").status === 0;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pid: child.pid ?? -1,
    async createDatabase(name) {
      const created = psql(`CREATE DATABASE "${name.replace(/[^a-z0-9_]/g, "")}"`);
      if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
