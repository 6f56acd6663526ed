import { toRead } from "./plan-reads.js";
import type { PlannedRead } from "./planned-read.js";

/**
 * Splits a coalesced read in two, for the driver to retry when a device answers exception 02
 * "illegal data address" (Modbus Application Protocol v1.1b3 §7): many devices refuse a request
 * that touches an unmapped register, and the holes a plan reads through are the likely culprits.
 * So the cut goes at the largest hole between signals; with no hole, at the boundary between
 * signals nearest the middle, which halves the block for a binary search. Returns null when no
 * cut is possible: the read holds one signal, or only signals sharing registers.
 */
export function splitRead(read: PlannedRead): readonly [PlannedRead, PlannedRead] | null {
  const spans = read.signals
    .map((s) => ({ id: s.id, start: read.address + s.offset, end: read.address + s.offset + s.count }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const middle = read.address + read.count / 2;
  let best: { index: number; gap: number; distance: number } | undefined;
  let reach = spans[0]?.end ?? read.address;
  for (const [index, span] of spans.entries()) {
    if (index > 0 && span.start >= reach) {
      const gap = span.start - reach;
      const distance = Math.abs((span.start + reach) / 2 - middle);
      if (best === undefined || gap > best.gap || (gap === best.gap && distance < best.distance)) {
        best = { index, gap, distance };
      }
    }
    reach = Math.max(reach, span.end);
  }
  if (best === undefined) return null;
  return [toRead(read.table, spans.slice(0, best.index)), toRead(read.table, spans.slice(best.index))];
}
