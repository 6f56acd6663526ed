// An aedes MQTT broker for the benchmarks, on a free port of 127.0.0.1. It runs in a child
// process so that its work (CPU, memory, event-loop time) does not land in the measured
// process's figures.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { stopChild } from "../peers/child.js";
import { freePort } from "../peers/ports.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));

export interface AedesChild {
  readonly child: ChildProcess;
  /** mqtt://127.0.0.1:<port> */
  readonly url: string;
}

/** Starts the broker and resolves once it listens; stops the child if it exits before that. */
export async function startAedesChild(): Promise<AedesChild> {
  const port = await freePort();
  const script = `import net from "node:net"; import { Aedes } from "aedes";
    const broker = await Aedes.createBroker();
    net.createServer(broker.handle).listen(${port}, "127.0.0.1", () => console.log("READY"));`;
  // cwd: the repository, so that `aedes` resolves from its node_modules whatever the caller's cwd.
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: repo,
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.once("data", () => resolve());
      child.once("exit", (code) => reject(new Error(`aedes exited with ${code}`)));
    });
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { child, url: `mqtt://127.0.0.1:${port}` };
}
