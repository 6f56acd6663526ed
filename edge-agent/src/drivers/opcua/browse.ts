import {
  AttributeIds,
  BrowseDirection,
  type ClientSession,
  DataType,
  type DataValue,
  NodeClass,
  type NodeId,
  type QualifiedName,
  ReferenceTypeIds,
  resolveNodeId,
  type Variant,
  VariantArrayType,
} from "node-opcua";
import type { DriverContext, DriverResult } from "../driver.js";
import { aliasesFor } from "./browse-path.js";
import { openCertificateManager, TofuPins } from "./certificates.js";
import { cause, messageOf } from "./errors.js";
import { agentIdentity } from "./factory.js";
import { routeLibraryLogs } from "./library-log.js";
import { openLink } from "./link.js";
import { resolveRoot } from "./resolve.js";
import { describeConnection, parseOpcuaUrl, redact } from "./url.js";

/** One node of a browsed subtree, named the way profiles write browse paths. */
export interface BrowseNode {
  /** `alias:Name`, or `<index>:Name` for a namespace without a well-known alias. */
  readonly browseName: string;
  readonly nodeClass: string;
  readonly nodeId: string;
  readonly dataType?: string;
  /**
   * A Variable's current value as JSON gives it: numbers, booleans, strings, arrays; a
   * LocalizedText as its text, a date as ISO 8601, a 64-bit integer as a decimal string (JSON
   * numbers lose precision past 2^53), other structures as their display text. Null when the
   * server sent no value or a bad status (then `status` names it).
   */
  readonly value?: BrowseValue;
  /** The status code's name when it is not Good, e.g. `BadNotReadable`. */
  readonly status?: string;
  readonly children: readonly BrowseNode[];
}

export type BrowseValue = string | number | boolean | null | readonly BrowseValue[];

export interface BrowseTree {
  readonly root: BrowseNode;
  /** alias (or index) → namespace URI, for every namespace the tree uses. */
  readonly namespaces: Readonly<Record<string, string>>;
  /** True when maxNodes cut the walk short. */
  readonly isTruncated: boolean;
}

export interface BrowseOptions {
  readonly maxDepth?: number;
  readonly maxNodes?: number;
  /** Extra aliases (a profile's `namespaces`) for the path and the output. */
  readonly namespaces?: Readonly<Record<string, string>>;
}

/**
 * `onramp-agent probe --browse <path>`: the subtree under a browse path (from Objects), with
 * browse names qualified by namespace, node classes, data types and current values — what a
 * profile author needs to write browse paths for a server.
 */
export async function browseSubtree(
  ctx: DriverContext,
  url: string,
  path: string,
  options: BrowseOptions = {},
): Promise<DriverResult<BrowseTree>> {
  const parsed = parseOpcuaUrl(url);
  if (!parsed.ok)
    return { ok: false, error: cause("ONRAMP_OPCUA_URL_INVALID", `${redact(url)}: ${parsed.error}`) };
  const where = `browse at ${describeConnection(parsed.value)}`;
  routeLibraryLogs(ctx.logger);
  const manager = await openCertificateManager(ctx.dataDir);
  const link = await openLink(parsed.value, "probe", where, {
    certificateManager: async () => manager,
    pins: new TofuPins(ctx.dataDir),
    identity: agentIdentity(),
    dataDir: ctx.dataDir,
    logger: ctx.logger,
  });
  if (!link.ok) {
    await manager.dispose();
    return link;
  }
  try {
    const aliases = aliasesFor(options.namespaces);
    const root = await resolveRoot(link.value.session, link.value.namespaceArray, aliases, path, where);
    if (!root.ok) return root;
    const walker = new Walker(
      link.value.session,
      link.value.namespaceArray,
      aliases,
      options.maxNodes ?? 500,
    );
    const top = await walker.walk(
      root.value,
      // Objects is namespace 0's: named with the same `ua:` alias as every other ns-0 name.
      path.replace(/\/+$/, "").split("/").at(-1) || "ua:Objects",
      "Object",
      options.maxDepth ?? 4,
    );
    return {
      ok: true,
      value: { root: top, namespaces: walker.usedNamespaces(), isTruncated: walker.isTruncated },
    };
  } catch (error) {
    return { ok: false, error: cause("ONRAMP_OPCUA_READ_FAILED", `${where}: ${messageOf(error)}`) };
  } finally {
    await link.value.close();
    await manager.dispose();
  }
}

class Walker {
  readonly #session: ClientSession;
  readonly #namespaceArray: readonly string[];
  readonly #aliasOf = new Map<string, string>();
  readonly #used = new Map<string, string>();
  readonly #dataTypeNames = new Map<string, string>();
  #budget: number;
  isTruncated = false;

  constructor(
    session: ClientSession,
    namespaceArray: readonly string[],
    aliases: Readonly<Record<string, string>>,
    maxNodes: number,
  ) {
    this.#session = session;
    this.#namespaceArray = namespaceArray;
    for (const [alias, uri] of Object.entries(aliases))
      if (!this.#aliasOf.has(uri)) this.#aliasOf.set(uri, alias);
    this.#budget = maxNodes;
  }

  usedNamespaces(): Record<string, string> {
    return Object.fromEntries(this.#used);
  }

  async walk(nodeId: NodeId, browseName: string, nodeClass: string, depth: number): Promise<BrowseNode> {
    const node: BrowseNode = {
      browseName,
      nodeClass,
      nodeId: nodeId.toString(),
      ...(await this.#describe(nodeId, nodeClass)),
      children: [],
    };
    if (depth <= 0) return node;
    const result = await this.#session.browse({
      nodeId,
      browseDirection: BrowseDirection.Forward,
      referenceTypeId: resolveNodeId(ReferenceTypeIds.HierarchicalReferences),
      includeSubtypes: true,
      nodeClassMask: NodeClass.Object | NodeClass.Variable | NodeClass.Method,
      resultMask: 63,
    });
    const children: BrowseNode[] = [];
    for (const ref of result.references ?? []) {
      if (this.#budget-- <= 0) {
        this.isTruncated = true;
        break;
      }
      children.push(
        await this.walk(
          ref.nodeId,
          this.#qualified(ref.browseName),
          NodeClass[ref.nodeClass] ?? "Unknown",
          depth - 1,
        ),
      );
    }
    return { ...node, children };
  }

  async #describe(
    nodeId: NodeId,
    nodeClass: string,
  ): Promise<{ dataType?: string; value?: BrowseValue; status?: string }> {
    if (nodeClass !== "Variable") return {};
    const [dataType, value] = await this.#session.read([
      { nodeId, attributeId: AttributeIds.DataType },
      { nodeId, attributeId: AttributeIds.Value },
    ]);
    const type = await this.#dataTypeName(dataType);
    if (!value) return { dataType: type, value: null };
    if (!value.statusCode.isGood()) return { dataType: type, value: null, status: value.statusCode.name };
    return { dataType: type, value: variantValue(value.value) };
  }

  async #dataTypeName(dv: DataValue | undefined): Promise<string> {
    const id = dv?.value.value as NodeId | undefined;
    if (!id) return "?";
    const key = id.toString();
    const known = this.#dataTypeNames.get(key);
    if (known) return known;
    const name = await this.#session.read({ nodeId: id, attributeId: AttributeIds.BrowseName });
    const text = name.value.value ? this.#qualified(name.value.value as QualifiedName) : key;
    this.#dataTypeNames.set(key, text);
    return text;
  }

  #qualified(name: QualifiedName): string {
    const uri = this.#namespaceArray[name.namespaceIndex] ?? "";
    const prefix = this.#aliasOf.get(uri) ?? String(name.namespaceIndex);
    this.#used.set(prefix, uri);
    return `${prefix}:${name.name}`;
  }
}

/**
 * node-opcua gives an Int64/UInt64 as its [high, low] 32-bit words (OPC 10000-6 §5.2.2.2 encodes
 * it as 8 bytes): as a decimal string, since a JSON number loses precision past 2^53.
 */
function variantValue(variant: Variant): BrowseValue {
  const isInt64 = variant.dataType === DataType.Int64 || variant.dataType === DataType.UInt64;
  if (!isInt64) return jsonValue(variant.value);
  const decimal = (words: unknown): string => {
    const [high, low] = words as [number, number];
    const n = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
    return String(variant.dataType === DataType.Int64 ? BigInt.asIntN(64, n) : n);
  };
  return variant.arrayType === VariantArrayType.Scalar
    ? decimal(variant.value)
    : Array.from(variant.value as ArrayLike<unknown>, decimal);
}

function jsonValue(v: unknown): BrowseValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<unknown>, jsonValue);
  if (typeof v === "object" && "text" in v) return jsonValue((v as { text: unknown }).text);
  return String(v);
}

function valueText(node: BrowseNode): string {
  if (node.status !== undefined) return `(${node.status})`;
  const text = JSON.stringify(node.value) ?? "null";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The tree as indented text: `name  class  data type = value`, then the namespace table. */
export function formatBrowseTree(tree: BrowseTree): string {
  const lines: string[] = [];
  const visit = (node: BrowseNode, indent: string) => {
    const type = node.dataType ? `  ${node.dataType}` : "";
    const value = node.value !== undefined ? ` = ${valueText(node)}` : "";
    lines.push(`${indent}${node.browseName}  ${node.nodeClass}${type}${value}  [${node.nodeId}]`);
    for (const child of node.children) visit(child, `${indent}  `);
  };
  visit(tree.root, "");
  if (tree.isTruncated) lines.push("… truncated: raise --max-nodes or browse a deeper path");
  lines.push("", "namespaces:");
  for (const [alias, uri] of Object.entries(tree.namespaces)) lines.push(`  ${alias} = ${uri}`);
  return `${lines.join("\n")}\n`;
}
