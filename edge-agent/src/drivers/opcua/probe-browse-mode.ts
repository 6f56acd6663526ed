import type { ProbeMode } from "../probe-mode.js";

/** `probe --browse`: explore a server's address space without a profile. */
export const opcuaBrowseProbe: ProbeMode = {
  options: {
    browse: { type: "string" },
    "max-depth": { type: "string" },
    "max-nodes": { type: "string" },
  },
  usage: [
    "--browse <path> [--max-depth N] [--max-nodes N]",
    "      OPC UA: print the subtree under a browse path from Objects (alias:Name/…, e.g.",
    "      machinery:Machines, or / for Objects) with namespaces, node classes, data types and",
    "      values, to help write a profile; --profile adds that profile's namespace aliases",
  ],
  wants: (values) => typeof values.browse === "string",
  load: async () => (await import("./probe-browse.js")).browse,
};
