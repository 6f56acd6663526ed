import { AttributeIds, type ClientSession, type DataValue, type NodeId } from "node-opcua";
import type { DriverCause } from "../driver.js";
import { cause } from "./errors.js";
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

/**
 * Why a value came back Bad (OPC 10000-4 §7.39): the status code's name, its number and
 * node-opcua's text for it (e.g. `BadOutOfService (0x808D0000): The source of the data is not
 * operational.`), so that `probe` says more than "bad". Undefined for a Good or Uncertain value.
 */
export function badStatusCause(where: string, signal: string, dataValue: DataValue): DriverCause | undefined {
  const status = dataValue.statusCode;
  if (!status.isBad()) return undefined;
  const hex = status.value.toString(16).toUpperCase().padStart(8, "0");
  return cause(
    "ONRAMP_OPCUA_BAD_STATUS",
    `${where}: signal "${signal}": the server answered ${status.name} (0x${hex}): ${status.description}`,
  );
}
