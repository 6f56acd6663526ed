// Reads a V8 CPU profile (`node --cpu-prof`, what BENCH_CPU_PROFILE asks the ingest bench for) and
// says where the busy time went: the heaviest functions by self time, and the share of named
// pipeline stages including what they call. Idle samples are left out, so shares are of the time
// the process was working. Stack frames are summed once per sample even under recursion.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  busySamples: number;
  totalSamples: number;
  /** Busy share of the whole profile (the bench's idle phases included). */
  busyShare: number;
  hottest: { name: string; where: string; selfShare: number }[];
  stages: { stage: string; inclusiveShare: number }[];
}

const NOT_WORK = new Set(["(idle)", "(program)"]);

/** Where a frame comes from, short: a workspace path, `npm:package`, a node: module or wasm. */
function whereOf(url: string): string {
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (npm) return `npm:${npm[1]}`;
  const workspace = /\/(packages\/.*|edge-agent\/.*|ingest-service\/.*)$/.exec(url);
  if (workspace) return workspace[1] as string;
  return url.startsWith("wasm://") ? "wasm (PGlite)" : url || "native";
}

export function summarizeCpuProfile(path: string, stages: readonly string[], top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);

  let busy = 0;
  const self = new Map<string, { name: string; where: string; samples: number }>();
  const inclusive = new Map(stages.map((s) => [s, 0]));
  for (const [id, count] of hits) {
    const leaf = byId.get(id) as ProfileNode;
    if (NOT_WORK.has(leaf.callFrame.functionName)) continue;
    busy += count;
    const where = whereOf(leaf.callFrame.url);
    // Thousands of anonymous wasm functions: one entry for the engine they make up.
    const name = leaf.callFrame.url.startsWith("wasm://")
      ? "(all wasm functions)"
      : leaf.callFrame.functionName || "(anonymous)";
    const key = `${name}\u0000${where}`;
    const entry = self.get(key) ?? { name, where, samples: 0 };
    entry.samples += count;
    self.set(key, entry);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const fn = (byId.get(at) as ProfileNode).callFrame.functionName;
      if (inclusive.has(fn) && !seen.has(fn)) {
        seen.add(fn);
        inclusive.set(fn, (inclusive.get(fn) ?? 0) + count);
      }
    }
  }
  const share = (n: number) => (busy === 0 ? 0 : n / busy);
  return {
    busySamples: busy,
    totalSamples: profile.samples.length,
    busyShare: profile.samples.length === 0 ? 0 : busy / profile.samples.length,
    hottest: [...self.values()]
      .sort((a, b) => b.samples - a.samples)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, selfShare: share(e.samples) })),
    stages: stages.map((stage) => ({ stage, inclusiveShare: share(inclusive.get(stage) ?? 0) })),
  };
}
