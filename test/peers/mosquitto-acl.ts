import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopChild } from "./child.js";
import { freePort } from "./ports.js";
import { waitFor } from "./wait.js";

export interface SecuredMosquitto {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface SecuredMosquittoOptions {
  users: { username: string; password: string }[];
  /** mosquitto ACL file text (`user …`, `topic …`, `pattern …` lines). */
  acl: string;
  /**
   * Per-client QoS 1/2 window and queue (mosquitto.conf `max_inflight_messages`,
   * `max_queued_messages`); default 100 and 100,000. Benchmarks raise them so that the broker is
   * not the cap (PEERS.md: 20 in flight caps QoS 1 near 19k msg/s) and a burst never overflows a
   * subscriber's queue, which Mosquitto would drop silently.
   */
  limits?: { maxInflightMessages: number; maxQueuedMessages: number };
}

function find(names: string[], what: string): string {
  for (const path of names) if (spawnSync(path, ["--help"]).error === undefined) return path;
  throw new Error(`${what} is not installed: install it with "apt-get install -y mosquitto"`);
}

/**
 * Mosquitto with password authentication and an ACL file, on 127.0.0.1 and a free port (the
 * anonymous broker of the edge-agent tests is ./mosquitto.ts). Passwords are hashed by
 * mosquitto_passwd into the temp dir; `max_queued_messages` is raised so an offline
 * persistent subscriber's backlog is kept rather than dropped during outage tests.
 */
export async function startSecuredMosquitto(opts: SecuredMosquittoOptions): Promise<SecuredMosquitto> {
  const binary = find(["/usr/sbin/mosquitto", "/usr/bin/mosquitto"], "mosquitto");
  const passwd = find(["/usr/bin/mosquitto_passwd"], "mosquitto_passwd");
  const dir = await mkdtemp(join(tmpdir(), "onramp-mosquitto-acl-"));
  // Started as root, mosquitto drops to the `mosquitto` user before reading the password and
  // ACL files: they must be readable by it (test secrets only).
  await chmod(dir, 0o755);
  const passwordFile = join(dir, "passwd");
  await writeFile(passwordFile, "");
  for (const { username, password } of opts.users) {
    const added = spawnSync(passwd, ["-b", passwordFile, username, password], { encoding: "utf8" });
    if (added.status !== 0) throw new Error(`mosquitto_passwd failed: ${added.stderr}`);
  }
  const aclFile = join(dir, "acl");
  await writeFile(aclFile, opts.acl);
  await chmod(passwordFile, 0o644);
  await chmod(aclFile, 0o644);
  const port = await freePort();
  const conf = join(dir, "mosquitto.conf");
  await writeFile(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous false",
      `password_file ${passwordFile}`,
      `acl_file ${aclFile}`,
      "persistence false",
      `max_queued_messages ${opts.limits?.maxQueuedMessages ?? 100_000}`,
      `max_inflight_messages ${opts.limits?.maxInflightMessages ?? 100}`,
      "log_dest stderr",
      "",
    ].join("\n"),
  );
  let stderr = "";
  const child: ChildProcess = spawn(binary, ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      "mosquitto to accept connections",
      () => {
        if (child.exitCode !== null)
          throw new Error(`mosquitto exited with ${child.exitCode}: ${stderr.trim()}`);
        return canConnect(port);
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `mqtt://127.0.0.1:${port}`, port, pid: child.pid ?? -1, stop };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * The ACL the project ships (docker/mosquitto/acl, user `onramp-ingest`), read from that file so
 * tests and benches check the isolation the README promises rather than a copy of it.
 */
export const SHIPPED_ACL = readFileSync(new URL("../../docker/mosquitto/acl", import.meta.url), "utf8");
