// The demo's child processes: started with their output in a log file, stopped by PID — SIGTERM,
// then SIGKILL after a grace period — so Ctrl-C leaves no orphan behind.
import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { join } from "node:path";

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<number | null>;
}

export class Children {
  readonly #all: Child[] = [];
  readonly #logDir: string;

  constructor(logDir: string) {
    this.#logDir = logDir;
  }

  get pids(): number[] {
    return this.#all.map((c) => c.pid);
  }

  /** Starts `node <args>`; stdout is piped when `pipeStdout`, otherwise it goes to the log file. */
  start(
    name: string,
    args: readonly string[],
    options: { pipeStdout?: boolean; env?: NodeJS.ProcessEnv } = {},
  ): Child {
    const log = openSync(join(this.#logDir, `${name}.log`), "a");
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", options.pipeStdout ? "pipe" : log, log],
      env: { ...process.env, ...options.env },
    });
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const entry = { name, process: child, pid: child.pid, exited };
    this.#all.push(entry);
    return entry;
  }

  /** Runs `node <args>` to completion and returns its stdout; throws with the log's name on failure. */
  async run(name: string, args: readonly string[]): Promise<string> {
    const child = this.start(name, args, { pipeStdout: true });
    let out = "";
    child.process.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await child.exited;
    this.#all.splice(this.#all.indexOf(child), 1);
    if (code !== 0)
      throw new Error(`${name} failed (exit ${code}): see ${join(this.#logDir, `${name}.log`)}`);
    return out;
  }

  /** Stops the given children (default: all, newest first) and waits until each has exited. */
  async stop(which: readonly Child[] = [...this.#all].reverse(), graceMs = 8000): Promise<void> {
    await Promise.all(
      which.map(async (child) => {
        if (child.process.exitCode !== null || child.process.signalCode !== null) return;
        child.process.kill("SIGTERM");
        const timer = setTimeout(() => child.process.kill("SIGKILL"), graceMs);
        await child.exited;
        clearTimeout(timer);
      }),
    );
    for (const child of which) {
      const i = this.#all.indexOf(child);
      if (i >= 0) this.#all.splice(i, 1);
    }
  }
}

/** Resolves with the first stdout line `matches` accepts; rejects if the child exits first. */
export function waitForLine<T>(
  child: Child,
  matches: (line: string) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(
      () => reject(new Error(`${child.name}: no ready line within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.process.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const found = matches(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
          return;
        }
        newline = buffer.indexOf("\n");
      }
    });
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${child.name} exited (${code}) before it was ready`));
    });
  });
}
