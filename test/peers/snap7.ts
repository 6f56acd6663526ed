import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { stopChild } from "./child.js";
import { freePort } from "./ports.js";
import { waitFor } from "./wait.js";

const SCRIPT = fileURLToPath(new URL("./snap7-server.mjs", import.meta.url));

export type Snap7Area = "db" | "m" | "i" | "q" | "c" | "t";

export interface Snap7AreaSpec {
  readonly area: Snap7Area;
  /** DB number, for `db`. */
  readonly index?: number;
  readonly size: number;
}

export interface Snap7Server {
  readonly port: number;
  readonly pid: number;
  /** Overwrites bytes of a registered area, as the PLC program would. */
  set(area: Snap7Area, index: number, offset: number, bytes: Buffer): Promise<void>;
  /** SIGKILL: the CPU vanishes mid-conversation. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Throws a clear message when node-snap7 is not installed (it builds from source with node-gyp). */
function assertSnap7(): void {
  try {
    createRequire(import.meta.url).resolve("node-snap7");
  } catch {
    throw new Error(
      "node-snap7 is missing: run `npm install` at the repository root (it compiles Snap7 with node-gyp)",
    );
  }
}

/** Starts Snap7's S7Server on 127.0.0.1 and a free port, serving `areas` (all zero at first). */
export async function startSnap7(areas: readonly Snap7AreaSpec[], port?: number): Promise<Snap7Server> {
  assertSnap7();
  const listenPort = port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, JSON.stringify({ port: listenPort, areas })], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => lines.push(line));
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  await waitFor(
    "the Snap7 server to listen",
    () => {
      if (exited) throw new Error("the Snap7 server exited at start");
      return lines.includes(`ready ${listenPort}`);
    },
    { timeoutMs: 15_000 },
  );
  let acks = 0;
  return {
    port: listenPort,
    pid: child.pid ?? 0,
    async set(area, index, offset, bytes) {
      const before = lines.filter((l) => l === "set").length;
      acks = before + 1;
      child.stdin?.write(`${JSON.stringify({ area, index, offset, hex: bytes.toString("hex") })}\n`);
      await waitFor(
        "the Snap7 server to take the write",
        () => lines.filter((l) => l === "set").length >= acks,
      );
    },
    async kill() {
      if (child.pid !== undefined && !exited) {
        const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        process.kill(child.pid, "SIGKILL");
        await gone;
      }
    },
    stop: () => stopChild(child),
  };
}
