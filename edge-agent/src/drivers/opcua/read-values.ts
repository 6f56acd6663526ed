import { AttributeIds, type ClientSession, type NodeId } from "node-opcua";
import type { ValueChange } from "./subscription-feed.js";

const CHUNK = 1000;

/**
 * A fresh Read of the Value attribute (OPC 10000-4 §5.10.2): maxAge 0 makes the server read the
 * device itself rather than answer from its cache, which is what a challenge needs. Source and
 * server timestamps both come back; the source timestamp is the one samples keep.
 */
export async function readValues(
  session: ClientSession,
  wanted: readonly { readonly signal: string; readonly nodeId: NodeId | undefined }[],
): Promise<ValueChange[]> {
  const present = wanted.flatMap((w) => (w.nodeId ? [{ signal: w.signal, nodeId: w.nodeId }] : []));
  const out: ValueChange[] = [];
  for (let i = 0; i < present.length; i += CHUNK) {
    const chunk = present.slice(i, i + CHUNK);
    const response = await session.read(
      chunk.map((w) => ({ nodeId: w.nodeId, attributeId: AttributeIds.Value })),
      0,
    );
    response.forEach((dataValue, j) => {
      const signal = chunk[j]?.signal;
      if (signal !== undefined) out.push({ signal, dataValue });
    });
  }
  return out;
}
