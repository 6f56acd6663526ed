// CPU time of named processes over a window, from /proc/<pid>/stat (proc(5): utime and stime,
// fields 14 and 15, in clock ticks). A process counts with its descendants alive at the window's
// end, because PostgreSQL does its work in backends forked from the postmaster, and a parent's
// cutime only grows when a child exits.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

interface Stat {
  ppid: number;
  ticks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count fields after ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // exited
  }
}

/** utime + stime of `pid` alone (not its children), in seconds; throws if it is gone. */
export function cpuSecondsOf(pid: number): number {
  const stat = readStat(pid);
  if (stat === undefined) throw new Error(`no /proc/${pid}/stat: process ${pid} has exited`);
  return stat.ticks / CLOCK_TICKS;
}

function allStats(): Map<number, Stat> {
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat !== undefined) stats.set(Number(entry), stat);
  }
  return stats;
}

/** `root` and its descendants, except other roots and theirs (the bench spawns every peer). */
function treeOf(root: number, stats: Map<number, Stat>, roots: Set<number>): number[] {
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, stat] of stats) if (stat.ppid === tree[i] && !roots.has(pid)) tree.push(pid);
  return tree;
}

/** Non-idle ticks of the whole machine (proc(5) /proc/stat "cpu": all but idle and iowait). */
function machineTicks(): number {
  const [, ...fields] = (readFileSync("/proc/stat", "utf8").split("\n")[0] as string).trim().split(/\s+/);
  const ticks = fields.map(Number);
  return ticks.reduce((a, b) => a + b, 0) - (ticks[3] ?? 0) - (ticks[4] ?? 0);
}

export interface CpuUse {
  /** Cores used per name since the window opened (1 = one core busy all along). */
  processes: Record<string, number>;
  /** Cores used by everything on the machine, ours or not (the machine is shared). */
  machine: number;
}

export interface CpuWindow {
  close(): CpuUse;
}

/** Opens a window over `roots` (name → pid); a pid ≤ 0 is skipped. */
export function openCpuWindow(roots: Record<string, number>): CpuWindow {
  const startedAt = performance.now();
  const before = allStats();
  const machineBefore = machineTicks();
  return {
    close() {
      const seconds = (performance.now() - startedAt) / 1000;
      const after = allStats();
      const cores: Record<string, number> = {};
      const rootPids = new Set(Object.values(roots));
      for (const [name, root] of Object.entries(roots)) {
        if (root <= 0) continue;
        let ticks = 0;
        // A process forked during the window started from zero ticks.
        for (const pid of treeOf(root, after, rootPids))
          ticks += (after.get(pid)?.ticks ?? 0) - (before.get(pid)?.ticks ?? 0);
        cores[name] = ticks / CLOCK_TICKS / seconds;
      }
      return { processes: cores, machine: (machineTicks() - machineBefore) / CLOCK_TICKS / seconds };
    },
  };
}
