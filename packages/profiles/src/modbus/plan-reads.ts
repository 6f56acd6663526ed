import { ModbusTable, registerCount } from "../schema/source.js";
import {
  DEFAULT_MAX_BIT_GAP,
  DEFAULT_MAX_REGISTER_GAP,
  isBitTable,
  MODBUS_MAX_BITS_PER_READ,
  MODBUS_MAX_REGISTERS_PER_READ,
  type PlannedRead,
  type ReadableSignal,
  type ReadLimits,
  type SignalSlot,
} from "./planned-read.js";

interface Span {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Plans the fewest Modbus requests that read every signal: per table, signals sorted by address
 * are swept into blocks while the next one starts within `maxGap` of the block's end and the
 * block stays within the per-request limit. A signal is never split over two requests (a value
 * read in two halves can tear while it changes), and signals that overlap (two bits of one
 * register, a register read twice) share the read. The sweep is optimal when no signal lies
 * inside another; with nested ones it may use one request more than the optimum, never more
 * than one request per signal. Output order is (table, address), deterministic for the same input.
 *
 * A signal wider than the per-request limit cannot be read at all: the profile schema rejects
 * that, so here it is a bug and throws a RangeError.
 */
export function planReads(signals: readonly ReadableSignal[], limits: ReadLimits = {}): PlannedRead[] {
  const reads: PlannedRead[] = [];
  for (const table of ModbusTable.options) {
    const isBits = isBitTable(table);
    const maxCount = Math.min(
      isBits
        ? (limits.maxBitsPerRead ?? MODBUS_MAX_BITS_PER_READ)
        : (limits.maxRegistersPerRead ?? MODBUS_MAX_REGISTERS_PER_READ),
      isBits ? MODBUS_MAX_BITS_PER_READ : MODBUS_MAX_REGISTERS_PER_READ,
    );
    const maxGap = isBits
      ? (limits.maxBitGap ?? DEFAULT_MAX_BIT_GAP)
      : (limits.maxGap ?? DEFAULT_MAX_REGISTER_GAP);
    const spans = signals
      .filter((s) => s.source.table === table)
      .map((s) => ({ id: s.id, start: s.source.address, end: s.source.address + registerCount(s.source) }))
      .sort(byPosition);
    for (const span of spans) {
      if (span.end - span.start > maxCount) {
        throw new RangeError(`signal ${span.id} spans ${span.end - span.start} > ${maxCount} per read`);
      }
    }
    const blocks =
      limits.readGrouping === "one-per-signal" ? groupIdentical(spans) : sweep(spans, maxCount, maxGap);
    for (const block of blocks) reads.push(toRead(table, block));
  }
  return reads;
}

/** One request per signal: what a driver without a planner sends. */
export function naiveReadCount(signals: readonly ReadableSignal[]): number {
  return signals.length;
}

function sweep(spans: readonly Span[], maxCount: number, maxGap: number): Span[][] {
  const blocks: Span[][] = [];
  let current: Span[] = [];
  let start = 0;
  let end = 0;
  for (const span of spans) {
    const fits =
      current.length > 0 && span.start - end <= maxGap && Math.max(end, span.end) - start <= maxCount;
    if (fits) {
      current.push(span);
      end = Math.max(end, span.end);
    } else {
      if (current.length > 0) blocks.push(current);
      current = [span];
      start = span.start;
      end = span.end;
    }
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

/**
 * `readGrouping: one-per-signal` is for devices that refuse multi-value reads; signals at the
 * very same registers (two bits of one status word) still share a request, which such a device
 * answers like any other.
 */
function groupIdentical(spans: readonly Span[]): Span[][] {
  const blocks: Span[][] = [];
  for (const span of spans) {
    const last = blocks.at(-1);
    const head = last?.[0];
    if (last && head && head.start === span.start && head.end === span.end) last.push(span);
    else blocks.push([span]);
  }
  return blocks;
}

/** Builds a read from spans (absolute positions). Shared with `splitRead`. */
export function toRead(table: ModbusTable, spans: readonly Span[]): PlannedRead {
  const address = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  const slots: SignalSlot[] = spans
    .map((s) => ({ id: s.id, offset: s.start - address, count: s.end - s.start }))
    .sort((a, b) => a.offset - b.offset || compareText(a.id, b.id));
  return { table, address, count: end - address, signals: slots };
}

function byPosition(a: Span, b: Span): number {
  return a.start - b.start || a.end - b.end || compareText(a.id, b.id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
