import { loadProfileFile } from "@onramp/profiles";
import { PROBE_EXIT, type ProbeRun, probeExitOfCause } from "../probe-mode.js";
import { browseSubtree, formatBrowseTree } from "./browse.js";

/** `probe --browse`: explore a server's address space without a profile. */
export async function browse({ connection, values, json, io, ctx }: ProbeRun): Promise<number> {
  const count = (name: string, fallback: number, max: number): number | undefined => {
    const text = values[name];
    if (text === undefined) return fallback;
    const n = Number(text);
    return Number.isInteger(n) && n >= 0 && n <= max ? n : undefined;
  };
  const maxDepth = count("max-depth", 4, 20);
  const maxNodes = count("max-nodes", 500, 100_000);
  if (maxDepth === undefined || maxNodes === undefined) {
    io.stderr("probe --browse: --max-depth (0–20) and --max-nodes (0–100000) take whole numbers\n");
    return PROBE_EXIT.badArguments;
  }
  let namespaces: Record<string, string> | undefined;
  if (typeof values.profile === "string") {
    const loaded = await loadProfileFile(values.profile);
    if (!loaded.ok) {
      io.stderr(`probe --browse: cannot load ${values.profile}\n`);
      return PROBE_EXIT.badArguments;
    }
    namespaces = loaded.profile.namespaces;
  }
  const path = String(values.browse);
  const tree = await browseSubtree(ctx, connection, path === "/" ? "" : path, {
    maxDepth,
    maxNodes,
    ...(namespaces ? { namespaces } : {}),
  });
  if (!tree.ok) {
    io.stderr(`${tree.error.code}: ${tree.error.message}\n`);
    return probeExitOfCause(tree.error.code);
  }
  io.stdout(json ? `${JSON.stringify(tree.value)}\n` : formatBrowseTree(tree.value));
  return PROBE_EXIT.ok;
}
