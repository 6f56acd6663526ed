import { loadProfileFile } from "@onramp/profiles";
import type { ProbeExtension, ProbeRun } from "../../cli/probe-extension.js";
import { browseSubtree, formatBrowseTree } from "./browse.js";

const USAGE = [
  "--browse <path> [--max-depth N] [--max-nodes N]",
  "      OPC UA: print the subtree under a browse path from Objects (alias:Name/…, e.g.",
  "      machinery:Machines, or / for Objects) with namespaces, node classes, data types and",
  "      values, to help write a profile; --profile adds that profile's namespace aliases",
];

/** `probe --browse`: explore a server's address space without a profile. */
export const opcuaBrowseProbe: ProbeExtension = {
  options: {
    browse: { type: "string" },
    "max-depth": { type: "string" },
    "max-nodes": { type: "string" },
  },
  usage: USAGE,
  wants: (values) => typeof values.browse === "string",
  run: browse,
};

async function browse({ connection, values, json, io, ctx }: ProbeRun): Promise<number> {
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
    return 2;
  }
  let namespaces: Record<string, string> | undefined;
  if (typeof values.profile === "string") {
    const loaded = await loadProfileFile(values.profile);
    if (!loaded.ok) {
      io.stderr(`probe --browse: cannot load ${values.profile}\n`);
      return 2;
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
    return tree.error.code === "ONRAMP_OPCUA_URL_INVALID" ? 2 : 1;
  }
  io.stdout(json ? `${JSON.stringify(tree.value)}\n` : formatBrowseTree(tree.value));
  return 0;
}
