import type { CompiledProfile, OpcuaSource } from "@onramp/profiles";
import {
  AttributeIds,
  type BrowsePathResult,
  type ClientSession,
  type DataValue,
  type NodeId,
  ObjectIds,
  ReferenceTypeIds,
  resolveNodeId,
  StatusCodes,
} from "node-opcua";
import type { DriverResult, SignalFault } from "../driver.js";
import { aliasesFor, type QualifiedPathElement, qualifyBrowsePath, qualifyNodeId } from "./browse-path.js";
import { cause, messageOf, type OpcuaErrorCode } from "./errors.js";

/** Node ids of a device's signals and identity fields, relative to its root. */
export interface ResolvedNodes {
  readonly root: NodeId;
  readonly signals: ReadonlyMap<string, NodeId>;
  readonly identity: ReadonlyMap<string, NodeId>;
  readonly faults: readonly SignalFault[];
  readonly identityFaults: readonly SignalFault[];
}

interface Wanted {
  readonly key: string;
  readonly source: OpcuaSource;
  readonly isIdentity: boolean;
}

const CHUNK = 1000;

/**
 * Resolves every OPC UA source of a profile on the server: browse paths with
 * TranslateBrowsePathsToNodeIds from the device root (OPC 10000-4 §5.8.4), node ids checked to
 * exist. A source that does not resolve becomes a fault naming the first missing path element;
 * a root that does not resolve fails the whole device.
 */
export async function resolveNodes(
  session: ClientSession,
  namespaceArray: readonly string[],
  profile: CompiledProfile,
  rootPath: string,
  where: string,
): Promise<DriverResult<ResolvedNodes>> {
  const aliases = aliasesFor(profile.profile.namespaces);
  const found = await resolveRoot(session, namespaceArray, aliases, rootPath, where);
  if (!found.ok) return found;
  const root = found.value;
  try {
    const wanted: Wanted[] = [
      ...profile.signals.flatMap((s) =>
        "opcua" in s.source ? [{ key: s.id, source: s.source.opcua, isIdentity: false }] : [],
      ),
      ...Object.entries(profile.profile.identity?.fields ?? {}).flatMap(([key, s]) =>
        "opcua" in s ? [{ key, source: s.opcua, isIdentity: true }] : [],
      ),
    ];
    const resolved = new Map<Wanted, NodeId>();
    const faults = new Map<Wanted, { code: OpcuaErrorCode; text: string }>();
    const unresolved = (want: Wanted, text: string) =>
      faults.set(want, { code: "ONRAMP_OPCUA_NODE_UNRESOLVED", text });
    const byPath: { want: Wanted; elements: readonly QualifiedPathElement[] }[] = [];
    const byId: { want: Wanted; nodeId: NodeId }[] = [];
    for (const want of wanted) {
      if (want.source.browsePath !== undefined) {
        const q = qualifyBrowsePath(want.source.browsePath, aliases, namespaceArray);
        if (q.ok) byPath.push({ want, elements: q.elements });
        else {
          const code = q.isNamespaceUnknown
            ? "ONRAMP_OPCUA_NAMESPACE_UNKNOWN"
            : "ONRAMP_OPCUA_NODE_UNRESOLVED";
          faults.set(want, { code, text: `browse path ${want.source.browsePath}: ${q.error}` });
        }
      } else if (want.source.nodeId !== undefined) {
        const q = qualifyNodeId(want.source.nodeId, namespaceArray);
        if (!q.ok) faults.set(want, { code: "ONRAMP_OPCUA_NAMESPACE_UNKNOWN", text: q.error });
        else {
          try {
            byId.push({ want, nodeId: resolveNodeId(q.nodeId) });
          } catch {
            unresolved(want, `"${want.source.nodeId}" is not a node id`);
          }
        }
      }
    }
    const targets = await translate(
      session,
      root,
      byPath.map((p) => p.elements),
    );
    for (const [i, p] of byPath.entries()) {
      const target = targets[i];
      if (target) resolved.set(p.want, target);
      else {
        const missing = await firstMissing(session, root, p.elements, p.want.source.browsePath ?? "");
        unresolved(
          p.want,
          `browse path ${p.want.source.browsePath} not found below ${rootPath || "Objects (no root= in the URL, none in the profile)"}: ${missing}`,
        );
      }
    }
    const classes = await readNodeClasses(
      session,
      byId.map((b) => b.nodeId),
    );
    for (const [i, b] of byId.entries()) {
      const status = classes[i]?.statusCode;
      if (status?.isGood()) resolved.set(b.want, b.nodeId);
      else
        unresolved(
          b.want,
          `node ${b.want.source.nodeId} does not exist on the server (${status?.name ?? "no answer"})`,
        );
    }
    const pick = (isIdentity: boolean) =>
      new Map([...resolved].filter(([w]) => w.isIdentity === isIdentity).map(([w, id]) => [w.key, id]));
    const faultsOf = (isIdentity: boolean): SignalFault[] =>
      [...faults]
        .filter(([w]) => w.isIdentity === isIdentity)
        .map(([w, f]) => ({
          signal: w.key,
          cause: cause(f.code, `${where}: ${isIdentity ? "identity field" : "signal"} "${w.key}": ${f.text}`),
        }));
    return {
      ok: true,
      value: {
        root,
        signals: pick(false),
        identity: pick(true),
        faults: faultsOf(false),
        identityFaults: faultsOf(true),
      },
    };
  } catch (error) {
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_READ_FAILED",
        `${where}: cannot resolve the profile's nodes: ${messageOf(error)}`,
      ),
    };
  }
}

/** The device root: a browse path from the Objects folder; empty means Objects itself. */
export async function resolveRoot(
  session: ClientSession,
  namespaceArray: readonly string[],
  aliases: Readonly<Record<string, string>>,
  rootPath: string,
  where: string,
): Promise<DriverResult<NodeId>> {
  const objects = resolveNodeId(ObjectIds.ObjectsFolder);
  const q = qualifyBrowsePath(rootPath, aliases, namespaceArray);
  if (!q.ok) {
    const code = q.isNamespaceUnknown ? "ONRAMP_OPCUA_NAMESPACE_UNKNOWN" : "ONRAMP_OPCUA_ROOT_UNRESOLVED";
    return { ok: false, error: cause(code, `${where}: device root "${rootPath}": ${q.error}`) };
  }
  if (q.elements.length === 0) return { ok: true, value: objects };
  try {
    const [found] = await translate(session, objects, [q.elements]);
    if (found) return { ok: true, value: found };
    const missing = await firstMissing(session, objects, q.elements, rootPath);
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_ROOT_UNRESOLVED",
        `${where}: device root "${rootPath}" not found: ${missing}`,
      ),
    };
  } catch (error) {
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_READ_FAILED",
        `${where}: cannot resolve the device root: ${messageOf(error)}`,
      ),
    };
  }
}

/** One TranslateBrowsePathsToNodeIds call per CHUNK paths; undefined where a path has no local target. */
async function translate(
  session: ClientSession,
  from: NodeId,
  paths: readonly (readonly QualifiedPathElement[])[],
): Promise<(NodeId | undefined)[]> {
  const out: (NodeId | undefined)[] = [];
  for (let i = 0; i < paths.length; i += CHUNK) {
    const chunk = paths.slice(i, i + CHUNK).map((elements) => ({
      startingNode: from,
      relativePath: {
        elements: elements.map((e) => ({
          referenceTypeId: resolveNodeId(ReferenceTypeIds.HierarchicalReferences),
          isInverse: false,
          includeSubtypes: true,
          targetName: { namespaceIndex: e.namespaceIndex, name: e.name },
        })),
      },
    }));
    const results: BrowsePathResult[] = chunk.length === 0 ? [] : await session.translateBrowsePath(chunk);
    for (const r of results) out.push(localTarget(r));
  }
  return out;
}

/** A target on this server: remainingPathIndex is UInt32 max when the path ended here (§7.5). */
function localTarget(result: BrowsePathResult): NodeId | undefined {
  if (!result.statusCode.isGood()) return undefined;
  return result.targets?.find((t) => t.remainingPathIndex === 0xffffffff)?.targetId as NodeId | undefined;
}

/** Names the first element of `elements` that does not resolve, by translating ever longer prefixes. */
async function firstMissing(
  session: ClientSession,
  from: NodeId,
  elements: readonly QualifiedPathElement[],
  text: string,
): Promise<string> {
  const segments = text.replace(/^\/+/, "").split("/");
  const prefixes = elements.map((_, i) => elements.slice(0, i + 1));
  const found = await translate(session, from, prefixes);
  const index = found.indexOf(undefined);
  if (index < 0) return "the path resolves to a node on another server";
  const parent = index === 0 ? "the starting node" : segments[index - 1];
  return `no ${segments[index]} under ${parent} (${StatusCodes.BadNoMatch.name})`;
}

async function readNodeClasses(session: ClientSession, nodeIds: readonly NodeId[]): Promise<DataValue[]> {
  const out: DataValue[] = [];
  for (let i = 0; i < nodeIds.length; i += CHUNK) {
    const chunk = nodeIds
      .slice(i, i + CHUNK)
      .map((nodeId) => ({ nodeId, attributeId: AttributeIds.NodeClass }));
    out.push(...(await session.read(chunk)));
  }
  return out;
}
