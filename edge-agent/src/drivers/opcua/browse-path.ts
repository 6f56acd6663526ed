/**
 * Browse paths as profiles and device URLs write them — `alias:Name/alias:Name`, the alias
 * standing for a namespace URI — turned into qualified names with this server's namespace
 * indexes. Aliases, not indexes, because an index differs between servers (OPC 10000-3 §8.2.2)
 * while the URI does not; a device URL may also give a numeric index (`1:Machine1`, as UaExpert
 * shows them), which is then specific to that server.
 */

/** Companion-specification namespaces every profile and device URL may use without declaring them. */
export const WELL_KNOWN_NAMESPACES: Readonly<Record<string, string>> = {
  ua: "http://opcfoundation.org/UA/",
  di: "http://opcfoundation.org/UA/DI/",
  ia: "http://opcfoundation.org/UA/IA/",
  machinery: "http://opcfoundation.org/UA/Machinery/",
  mt: "http://opcfoundation.org/UA/MachineTool/",
  cnc: "http://opcfoundation.org/UA/CNC",
};

export interface QualifiedPathElement {
  readonly namespaceIndex: number;
  readonly name: string;
}

export type PathResult =
  | { readonly ok: true; readonly elements: readonly QualifiedPathElement[] }
  | { readonly ok: false; readonly error: string; readonly isNamespaceUnknown: boolean };

/**
 * Resolves `path` against the server's namespace array. An empty path (or `/`) is the
 * starting node itself.
 */
export function qualifyBrowsePath(
  path: string,
  aliases: Readonly<Record<string, string>>,
  namespaceArray: readonly string[],
): PathResult {
  const trimmed = path.replace(/^\/+|\/+$/g, "");
  if (trimmed === "") return { ok: true, elements: [] };
  const elements: QualifiedPathElement[] = [];
  for (const segment of trimmed.split("/")) {
    const colon = segment.indexOf(":");
    const prefix = colon < 0 ? "" : segment.slice(0, colon);
    const name = segment.slice(colon + 1);
    if (colon <= 0 || name === "") {
      return { ok: false, error: `"${segment}" is not alias:Name`, isNamespaceUnknown: false };
    }
    if (/^\d+$/.test(prefix)) {
      const index = Number(prefix);
      if (index >= namespaceArray.length) {
        return {
          ok: false,
          error: `namespace index ${index} in "${segment}" is beyond the server's ${namespaceArray.length} namespaces`,
          isNamespaceUnknown: true,
        };
      }
      elements.push({ namespaceIndex: index, name });
      continue;
    }
    const uri = aliases[prefix];
    if (uri === undefined) {
      return {
        ok: false,
        error: `namespace alias "${prefix}" in "${segment}" is not declared`,
        isNamespaceUnknown: true,
      };
    }
    const index = namespaceArray.indexOf(uri);
    if (index < 0) {
      return {
        ok: false,
        error: `namespace ${prefix} (${uri}) is not in the server's namespace array`,
        isNamespaceUnknown: true,
      };
    }
    elements.push({ namespaceIndex: index, name });
  }
  return { ok: true, elements };
}

/** `nsu=<uri>;<id>` (portable) or `ns=<n>;<id>` / `<id>` as given: the node id string node-opcua parses. */
export function qualifyNodeId(
  nodeId: string,
  namespaceArray: readonly string[],
): { ok: true; nodeId: string } | { ok: false; error: string } {
  const match = /^nsu=([^;]+);(.+)$/.exec(nodeId);
  if (!match) return { ok: true, nodeId };
  const [, uri = "", rest = ""] = match;
  const index = namespaceArray.indexOf(uri);
  if (index < 0)
    return { ok: false, error: `namespace ${uri} of node ${nodeId} is not in the server's namespace array` };
  return { ok: true, nodeId: `ns=${index};${rest}` };
}

/** The aliases a device uses: the well-known ones, overridden and extended by its profile's. */
export function aliasesFor(
  profileNamespaces: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return { ...WELL_KNOWN_NAMESPACES, ...profileNamespaces };
}
