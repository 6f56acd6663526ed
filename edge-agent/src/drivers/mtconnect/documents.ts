import { XMLParser } from "fast-xml-parser";

/**
 * MTConnect response documents (MTConnect Standard Part 1 "Fundamentals", §8 and Part 2/3), read
 * into the few facts the driver needs. fast-xml-parser gives a plain tree; namespaces are dropped
 * (agents of 1.0 to 2.x differ only in the namespace URI for what is read here).
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  textNodeName: "#text",
  // Every element may repeat: read all of them as arrays, so one observation and many look alike.
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

type Node = Record<string, unknown>;

function children(node: Node | undefined, name: string): Node[] {
  const value = node?.[name];
  return Array.isArray(value) ? (value as Node[]) : [];
}

function attr(node: Node | undefined, name: string): string | undefined {
  const value = node?.[name];
  return typeof value === "string" ? value : undefined;
}

export interface DataItemInfo {
  readonly id: string;
  readonly type: string;
  readonly subType: string | undefined;
  readonly category: string | undefined;
  /** Element names and `name` attributes of the components containing it, innermost first. */
  readonly components: readonly string[];
}

export interface ProbeDevice {
  readonly name: string | undefined;
  readonly uuid: string | undefined;
  readonly description: Readonly<Record<string, string>>;
  /** In document order. */
  readonly dataItems: readonly DataItemInfo[];
}

export interface Header {
  readonly instanceId: string;
  readonly nextSequence: number | undefined;
  readonly firstSequence: number | undefined;
  readonly lastSequence: number | undefined;
}

export interface Observation {
  readonly dataItemId: string;
  readonly sequence: number;
  /** Element text, or a condition's state (NORMAL, WARNING, FAULT, UNAVAILABLE). */
  readonly text: string;
  readonly timestamp: number | undefined;
}

export type Parsed =
  | { readonly kind: "devices"; readonly header: Header; readonly devices: readonly ProbeDevice[] }
  | { readonly kind: "streams"; readonly header: Header; readonly observations: readonly Observation[] }
  | { readonly kind: "error"; readonly header: Header | undefined; readonly errorCodes: readonly string[] }
  | { readonly kind: "invalid"; readonly message: string };

const COMPONENT_CONTAINERS = ["Components"];
const SKIP = new Set([
  "DataItems",
  "Components",
  "Description",
  "Configuration",
  "References",
  "Compositions",
  "#text",
]);

function headerOf(root: Node): Header | undefined {
  const h = children(root, "Header")[0];
  if (!h) return undefined;
  const num = (name: string) => {
    const text = attr(h, name);
    return text === undefined || text === "" ? undefined : Number(text);
  };
  return {
    instanceId: attr(h, "instanceId") ?? "",
    nextSequence: num("nextSequence"),
    firstSequence: num("firstSequence"),
    lastSequence: num("lastSequence"),
  };
}

function walkComponent(node: Node, path: readonly string[], out: DataItemInfo[]): void {
  for (const list of children(node, "DataItems")) {
    for (const item of children(list, "DataItem")) {
      const id = attr(item, "id");
      const type = attr(item, "type");
      if (id === undefined || type === undefined) continue;
      out.push({
        id,
        type,
        subType: attr(item, "subType"),
        category: attr(item, "category"),
        components: path,
      });
    }
  }
  for (const container of COMPONENT_CONTAINERS) {
    for (const list of children(node, container)) {
      for (const [element, value] of Object.entries(list)) {
        if (SKIP.has(element) || !Array.isArray(value)) continue;
        for (const component of value as Node[]) {
          const name = attr(component, "name");
          walkComponent(component, [element, ...(name ? [name] : []), ...path], out);
        }
      }
    }
  }
}

function timeOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text.endsWith("Z") || /[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

function observationsOf(root: Node): Observation[] {
  const out: Observation[] = [];
  for (const streams of children(root, "Streams")) {
    for (const device of children(streams, "DeviceStream")) {
      for (const component of children(device, "ComponentStream")) {
        for (const group of ["Samples", "Events", "Condition"] as const) {
          for (const list of children(component, group)) {
            for (const [element, value] of Object.entries(list)) {
              if (!Array.isArray(value)) continue;
              for (const o of value as Node[]) {
                const dataItemId = attr(o, "dataItemId");
                if (dataItemId === undefined) continue;
                // A condition's state is its element (Normal, Warning, Fault, Unavailable).
                const text = group === "Condition" ? element.toUpperCase() : String(o["#text"] ?? "");
                out.push({
                  dataItemId,
                  sequence: Number(attr(o, "sequence") ?? Number.NaN),
                  text,
                  timestamp: timeOf(attr(o, "timestamp")),
                });
              }
            }
          }
        }
      }
    }
  }
  // Sequence order is the order things happened in (Part 1 §8.3.2); a document groups by component.
  return out.sort((a, b) => a.sequence - b.sequence);
}

export function parseDocument(xml: string): Parsed {
  let tree: Node;
  try {
    tree = parser.parse(xml) as Node;
  } catch (error) {
    return { kind: "invalid", message: `not XML: ${(error as Error).message}` };
  }
  const devices = children(tree, "MTConnectDevices")[0];
  if (devices) {
    const header = headerOf(devices);
    if (!header) return { kind: "invalid", message: "MTConnectDevices without a Header" };
    const list: ProbeDevice[] = [];
    for (const container of children(devices, "Devices")) {
      for (const device of children(container, "Device")) {
        const items: DataItemInfo[] = [];
        const name = attr(device, "name");
        walkComponent(device, ["Device", ...(name ? [name] : [])], items);
        const description = children(device, "Description")[0] ?? {};
        const fields: Record<string, string> = {};
        for (const key of ["manufacturer", "model", "serialNumber", "station"]) {
          const value = attr(description, key);
          if (value) fields[key] = value;
        }
        list.push({ name, uuid: attr(device, "uuid"), description: fields, dataItems: items });
      }
    }
    return { kind: "devices", header, devices: list };
  }
  const streams = children(tree, "MTConnectStreams")[0];
  if (streams) {
    const header = headerOf(streams);
    if (!header) return { kind: "invalid", message: "MTConnectStreams without a Header" };
    return { kind: "streams", header, observations: observationsOf(streams) };
  }
  const error = children(tree, "MTConnectError")[0];
  if (error) {
    const codes: string[] = [];
    for (const list of [...children(error, "Errors"), error])
      for (const e of children(list, "Error")) codes.push(attr(e, "errorCode") ?? "UNKNOWN");
    return { kind: "error", header: headerOf(error), errorCodes: codes };
  }
  return { kind: "invalid", message: "neither MTConnectDevices, MTConnectStreams nor MTConnectError" };
}
