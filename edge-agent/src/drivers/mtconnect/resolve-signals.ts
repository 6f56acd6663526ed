import type { MtconnectSource, Signal } from "@onramp/profiles";
import type { DataItemInfo, ProbeDevice } from "./documents.js";

export interface SignalMap {
  /** dataItemId → the signals it feeds (one DataItem may feed several signals). */
  readonly byDataItem: ReadonlyMap<string, readonly string[]>;
  /** Signals no DataItem of the probe matches. */
  readonly missing: readonly string[];
}

function matches(item: DataItemInfo, source: MtconnectSource): boolean {
  if (item.type !== source.type) return false;
  if (source.subType !== undefined && item.subType !== source.subType) return false;
  if (source.category !== undefined && item.category !== source.category) return false;
  return source.component === undefined || item.components.includes(source.component);
}

/**
 * Finds each signal's DataItem in the probe by type, subType, category and component — the first
 * in document order, as the OPC UA driver takes a browse path's first match.
 */
export function resolveSignals(device: ProbeDevice, signals: readonly Signal[]): SignalMap {
  const byDataItem = new Map<string, string[]>();
  const missing: string[] = [];
  for (const signal of signals) {
    if (!("mtconnect" in signal.source)) continue;
    const source = signal.source.mtconnect;
    const item = device.dataItems.find((i) => matches(i, source));
    if (item === undefined) {
      missing.push(signal.id);
      continue;
    }
    byDataItem.set(item.id, [...(byDataItem.get(item.id) ?? []), signal.id]);
  }
  return { byDataItem, missing };
}

/** The Device the URL names (by name or uuid), or the agent's first. */
export function pickDevice(
  devices: readonly ProbeDevice[],
  wanted: string | undefined,
): ProbeDevice | undefined {
  if (wanted === undefined) return devices[0];
  return devices.find((d) => d.name === wanted || d.uuid === wanted);
}
