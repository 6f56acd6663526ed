import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
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
  stop(): Promise<void>;
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
export async function startMosquitto(): Promise<MosquittoBroker> {
  const binary = findMosquitto();
  const dir = await mkdtemp(join(tmpdir(), "onramp-mosquitto-"));
  const port = await freePort();
  const conf = join(dir, "mosquitto.conf");
  await writeFile(
    conf,
    [`listener ${port} 127.0.0.1`, "allow_anonymous true", "persistence false", "log_dest stderr", ""].join(
      "\n",
    ),
  );
  const child: ChildProcess = spawn(binary, ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const cleanUp = async () => {
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
    await cleanUp();
    throw error;
  }
  if (child.pid === undefined) throw new Error("mosquitto did not start");
  return { port, url: `mqtt://127.0.0.1:${port}`, pid: child.pid, stop: cleanUp };
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
