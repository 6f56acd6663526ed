import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopChild } from "./child.js";
import { freePort } from "./ports.js";
import { waitFor } from "./wait.js";

export interface Influxd {
  readonly url: string;
  readonly httpPort: number;
  readonly dir: string;
  readonly pid: number;
  /** Stops the server by PID, keeping its data (for restart()). */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data directory. */
  restart(): Promise<void>;
  /** Stops it and removes the data directory. */
  destroy(): Promise<void>;
}

function findInfluxd(): string {
  for (const path of ["/usr/bin/influxd", "/usr/local/bin/influxd"]) {
    if (spawnSync(path, ["version"]).error === undefined) return path;
  }
  throw new Error('influxd (InfluxDB 1.x) is not installed: install it with "apt-get install -y influxdb"');
}

/**
 * InfluxDB 1.x from Debian on 127.0.0.1 with a temp data dir. Everything that would bind another
 * port or phone home is off (PEERS.md: [ifql] binds :8082 on all interfaces unless disabled).
 */
export async function startInfluxd(): Promise<Influxd> {
  const binary = findInfluxd();
  const dir = await mkdtemp(join(tmpdir(), "onramp-influxd-"));
  const [bindPort, httpPort] = [await freePort(), await freePort()];
  const conf = join(dir, "influxdb.conf");
  await writeFile(
    conf,
    `reporting-disabled = true
bind-address = "127.0.0.1:${bindPort}"
[meta]
  dir = "${dir}/meta"
[data]
  dir = "${dir}/data"
  wal-dir = "${dir}/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
[ifql]
  enabled = false
[subscriber]
  enabled = false
[continuous_queries]
  enabled = false
`,
  );
  const url = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess | undefined;
  const launch = async () => {
    let stderr = "";
    const started = spawn(binary, ["-config", conf], { stdio: ["ignore", "ignore", "pipe"] });
    started.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child = started;
    await waitFor(
      "influxd to answer /ping",
      async () => {
        if (started.exitCode !== null) throw new Error(`influxd exited with ${started.exitCode}: ${stderr}`);
        return fetch(`${url}/ping`).then(
          (r) => r.status === 204,
          () => false,
        );
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  };
  await launch();
  const handle: Influxd = {
    url,
    httpPort,
    dir,
    get pid() {
      return child?.pid ?? -1;
    },
    stop: async () => {
      if (child !== undefined) await stopChild(child, 5_000);
    },
    restart: launch,
    destroy: async () => {
      await handle.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
