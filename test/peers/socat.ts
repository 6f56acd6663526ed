import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopChild } from "./child.js";
import { waitFor } from "./wait.js";

/** Two connected pseudo-terminals: a serial line in software (`server` end and `client` end). */
export interface PtyPair {
  readonly server: string;
  readonly client: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts `socat` with a pty pair linked into a fresh temp dir; stop() kills it by PID and removes the dir. */
export async function startPtyPair(): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), "onramp-pty-"));
  const server = join(dir, "server");
  const client = join(dir, "client");
  const child: ChildProcess = spawn(
    "socat",
    [`pty,raw,echo=0,link=${server}`, `pty,raw,echo=0,link=${client}`],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  const failed = await Promise.race([
    spawnError.then((error) =>
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? new Error("socat is not installed: apt-get install -y socat")
        : error,
    ),
    waitFor("socat's pty links", () => existsSync(server) && existsSync(client), { timeoutMs: 5_000 }).then(
      () => undefined,
      (error: Error) => new Error(`${error.message}; socat said: ${stderr.trim()}`),
    ),
  ]);
  if (failed || child.pid === undefined) {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
    throw failed ?? new Error("socat did not start");
  }
  const pid = child.pid;
  return {
    server,
    client,
    pid,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
