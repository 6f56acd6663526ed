import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { stopChild } from "./child.js";
import { waitFor } from "./wait.js";

/** Debian's interpreter: the `python3` on PATH may be another one that cannot see Debian's modules. */
const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./pymodbus-server.py", import.meta.url));

/** Blocks of one table: start address → consecutive values. Addresses no block covers answer exception 02. */
export type Blocks = Readonly<Record<number, readonly number[]>>;

export interface UnitMap {
  readonly holding?: Blocks;
  readonly input?: Blocks;
  readonly coils?: Blocks;
  readonly discrete?: Blocks;
}

export interface RegisterMap {
  readonly units: Readonly<Record<number, UnitMap>>;
  /** FC43/14 objects by name (VendorName, ProductCode, MajorMinorRevision, …), the same for every unit. */
  readonly identity?: Readonly<Record<string, string>>;
}

export interface PymodbusServer {
  /** The TCP port it listens on (0 for RTU). */
  readonly port: number;
  readonly pid: number;
  /** Unit `unit` stops answering, as if unplugged; the others go on. */
  mute(unit: number): Promise<void>;
  unmute(unit: number): Promise<void>;
  /** SIGKILL: the server vanishes mid-conversation, as a crashed or powered-off device does. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export type PymodbusTarget =
  | { readonly tcpPort: number }
  | { readonly serial: string; readonly baud: number };

let checked = false;

function assertPymodbusInstalled(): void {
  if (checked) return;
  const probe = spawnSync(PYTHON, ["-c", "import pymodbus.framer.rtu_framer, serial"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `pymodbus is not usable by ${PYTHON}: install it with "apt-get install -y python3-pymodbus python3-serial" (${probe.error?.message ?? probe.stderr.trim()})`,
    );
  }
  checked = true;
}

/**
 * Starts test/peers/pymodbus-server.py serving `map`, on 127.0.0.1 (`tcpPort` 0: ephemeral) or
 * on a serial line, and resolves once it prints READY. Stop it with stop() (by PID) in afterAll.
 */
export async function startPymodbus(map: RegisterMap, target: PymodbusTarget): Promise<PymodbusServer> {
  assertPymodbusInstalled();
  const dir = await mkdtemp(join(tmpdir(), "onramp-pymodbus-"));
  const mapFile = join(dir, "map.json");
  await writeFile(mapFile, JSON.stringify(map));
  const args =
    "serial" in target
      ? ["--serial", target.serial, "--baud", String(target.baud)]
      : ["--tcp-port", String(target.tcpPort)];
  const child = spawn(PYTHON, [SCRIPT, "--map", mapFile, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  const lines: string[] = [];
  let stderr = "";
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => lines.push(line));
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const cleanUp = async (): Promise<void> => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  let port: number;
  try {
    const ready = await waitFor(
      "pymodbus to print READY",
      () => {
        if (child.exitCode !== null)
          throw new Error(`pymodbus exited with ${child.exitCode}: ${stderr.trim()}`);
        return lines.find((line) => line.startsWith("READY "));
      },
      { timeoutMs: 15_000 },
    );
    port = Number(ready.slice("READY ".length));
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const command = async (text: string): Promise<void> => {
    child.stdin?.write(`${text}\n`);
    await waitFor(`pymodbus to confirm "${text}"`, () => lines.includes(`OK ${text}`), { timeoutMs: 5_000 });
    lines.splice(lines.indexOf(`OK ${text}`), 1);
  };
  return {
    port,
    pid: pidOf(child),
    mute: (unit) => command(`mute ${unit}`),
    unmute: (unit) => command(`unmute ${unit}`),
    async kill() {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pidOf(child), "SIGKILL");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
    stop: cleanUp,
  };
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error("pymodbus did not start");
  return child.pid;
}
