/**
 * Sparkplug B 3.0 topic namespace (§4.1): `spBv1.0/{group_id}/{message_type}/{edge_node_id}[/{device_id}]`,
 * and the primary host's `spBv1.0/STATE/{host_id}` (§4.1.2). Node messages have four levels,
 * device messages five.
 */
export const NAMESPACE = "spBv1.0";

export const NODE_TYPES = ["NBIRTH", "NDATA", "NDEATH"] as const;
export const DEVICE_TYPES = ["DBIRTH", "DDATA", "DDEATH"] as const;
export type MessageType = (typeof NODE_TYPES)[number] | (typeof DEVICE_TYPES)[number];

export interface SparkplugTopic {
  group: string;
  type: MessageType;
  edge: string;
  /** Present for device messages only. */
  device?: string;
}

/**
 * Parses an inbound topic; `undefined` for anything that is not a node or device message we
 * ingest (STATE, NCMD/DCMD, other namespaces): those are ignored, not errors.
 */
export function parseSparkplugTopic(topic: string): SparkplugTopic | undefined {
  const parts = topic.split("/");
  if (parts[0] !== NAMESPACE) return undefined;
  const [, group, type, edge, device] = parts;
  if (group === undefined || type === undefined || edge === undefined) return undefined;
  if (group === "" || edge === "") return undefined;
  if ((NODE_TYPES as readonly string[]).includes(type))
    return parts.length === 4 ? { group, type: type as MessageType, edge } : undefined;
  if ((DEVICE_TYPES as readonly string[]).includes(type))
    return parts.length === 5 && device !== undefined && device !== ""
      ? { group, type: type as MessageType, edge, device }
      : undefined;
  return undefined;
}

/** The subscriptions for the configured groups (all groups: `+`). */
export function subscriptionsFor(groups: readonly string[]): string[] {
  const gs = groups.length === 0 ? ["+"] : groups;
  return gs.flatMap((g) => [...NODE_TYPES, ...DEVICE_TYPES].map((t) => `${NAMESPACE}/${g}/${t}/#`));
}

export const stateTopic = (hostId: string) => `${NAMESPACE}/STATE/${hostId}`;
export const ncmdTopic = (group: string, edge: string) => `${NAMESPACE}/${group}/NCMD/${edge}`;
