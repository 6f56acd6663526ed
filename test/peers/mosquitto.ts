import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopChild } from "./child.js";
import { freePort } from "./ports.js";
import { waitFor } from "./wait.js";

export interface MosquittoBroker {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** Stops it by PID (SIGTERM: a persistent broker saves its sessions and queues), keeping the temp dir. */
  halt(): Promise<void>;
  /** Starts it again on the same port and config (a persistent broker reloads what it saved). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface MosquittoOptions {
  /** Keep sessions and queued QoS 1 messages across restart() (saved on SIGTERM). */
  readonly persistent?: boolean;
}

const CANDIDATES = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"];

function findMosquitto(): string {
  for (const path of CANDIDATES) if (spawnSync(path, ["-h"]).error === undefined) return path;
  throw new Error('mosquitto is not installed: install it with "apt-get install -y mosquitto"');
}

/**
 * Starts Mosquitto on 127.0.0.1 and a free port with a temp config (anonymous access, no
 * persistence), and resolves once it accepts TCP connections. Stop it with stop() (by PID).
 */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const binary = findMosquitto();
  const dir = await mkdtemp(join(tmpdir(), "onramp-mosquitto-"));
  const port = await freePort();
  const conf = join(dir, "mosquitto.conf");
  // Started as root, mosquitto drops to user "mosquitto", which must be able to write its database
  // here: otherwise persistence fails silently and a restart forgets every session.
  if (options.persistent) await chmod(dir, 0o777);
  await writeFile(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous true",
      ...(options.persistent ? ["persistence true", `persistence_location ${dir}/`] : ["persistence false"]),
      "log_dest stderr",
      "",
    ].join("\n"),
  );
  let child: ChildProcess | undefined;
  const launch = async () => {
    const started: ChildProcess = spawn(binary, ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
    child = started;
    let stderr = "";
    started.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await waitFor(
      "mosquitto to accept connections",
      () => {
        if (started.exitCode !== null)
          throw new Error(`mosquitto exited with ${started.exitCode}: ${stderr.trim()}`);
        return canConnect(port);
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  };
  const halt = async () => {
    if (child !== undefined) await stopChild(child);
  };
  const cleanUp = async () => {
    await halt();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await launch();
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    get pid() {
      return child?.pid ?? -1;
    },
    halt,
    restart: launch,
    stop: cleanUp,
  };
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
