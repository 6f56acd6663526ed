// A real network partition on this machine: two network namespaces joined by a veth pair, the
// only place our 10.x addresses exist. Setting the broker-side end down drops every packet in
// both directions without a FIN or RST, as a cut cable or a dead switch does. The host's loopback
// reaches the namespaces through Unix sockets (they cross network namespaces) with socat:
//   agent → 127.0.0.1:port → [socat] → a.sock → [socat in ns A] → 10.x.1 ⇄ veth ⇄ 10.x.2 →
//   [socat in ns B] → b.sock → [socat] → broker
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopChild } from "../peers/child.js";
import { freePort } from "../peers/ports.js";
import { waitFor } from "../peers/wait.js";

export interface PartitionableLink {
  /** Where the agent connects: mqtt://127.0.0.1:port, through the namespaces to the broker. */
  readonly url: string;
  partition(): void;
  /** Idempotent. */
  heal(): void;
  close(): Promise<void>;
}

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });

export async function startPartitionableLink(brokerPort: number): Promise<PartitionableLink> {
  const tag = `${process.pid % 100_000}`;
  const [nsA, nsB, vethA, vethB] = [`onr-a-${tag}`, `onr-b-${tag}`, `onr-va${tag}`, `onr-vb${tag}`];
  const subnet = `10.213.${process.pid % 250}`;
  const dir = await mkdtemp(join(tmpdir(), "onramp-netns-"));
  const [sockA, sockB] = [join(dir, "a.sock"), join(dir, "b.sock")];
  const children: ChildProcess[] = [];
  const close = async () => {
    for (const child of children.reverse()) {
      // socat forks a process per connection in the same group: end the group, by its id.
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
      await stopChild(child);
    }
    for (const ns of [nsA, nsB]) {
      try {
        ip("netns", "del", ns);
      } catch {
        // not created
      }
    }
    await rm(dir, { recursive: true, force: true });
  };
  const socat = (ns: string | undefined, ...args: string[]) => {
    const child =
      ns === undefined
        ? spawn("socat", args, { stdio: "ignore", detached: true })
        : spawn("ip", ["netns", "exec", ns, "socat", ...args], { stdio: "ignore", detached: true });
    children.push(child);
  };
  try {
    ip("netns", "add", nsA);
    ip("netns", "add", nsB);
    ip("link", "add", vethA, "netns", nsA, "type", "veth", "peer", "name", vethB, "netns", nsB);
    ip("-n", nsA, "addr", "add", `${subnet}.1/30`, "dev", vethA);
    ip("-n", nsB, "addr", "add", `${subnet}.2/30`, "dev", vethB);
    ip("-n", nsA, "link", "set", vethA, "up");
    ip("-n", nsB, "link", "set", vethB, "up");
    const port = await freePort();
    socat(undefined, `UNIX-LISTEN:${sockB},fork`, `TCP:127.0.0.1:${brokerPort}`);
    socat(nsB, `TCP-LISTEN:1883,bind=${subnet}.2,fork,reuseaddr`, `UNIX-CONNECT:${sockB}`);
    socat(nsA, `UNIX-LISTEN:${sockA},fork`, `TCP:${subnet}.2:1883,connect-timeout=5`);
    socat(undefined, `TCP-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr`, `UNIX-CONNECT:${sockA}`);
    const { existsSync } = await import("node:fs");
    await waitFor("the socat bridges to listen", () => existsSync(sockA) && existsSync(sockB), {
      timeoutMs: 10_000,
    });
    return {
      url: `mqtt://127.0.0.1:${port}`,
      partition: () => ip("-n", nsB, "link", "set", vethB, "down"),
      heal: () => ip("-n", nsB, "link", "set", vethB, "up"),
      close,
    };
  } catch (error) {
    await close();
    throw new Error(
      `network namespaces are not usable here (needs root and iproute2: apt-get install -y iproute2 socat): ${(error as Error).message}`,
    );
  }
}
