import { type S7Source, s7ByteCount } from "@onramp/profiles";
import {
  answerBytes,
  MAX_ITEMS_PER_READ,
  READ_ANSWER_BASE,
  READ_ANSWER_ITEM,
  READ_REQUEST_BASE,
  READ_REQUEST_ITEM,
  type ReadItem,
} from "./protocol.js";

export interface S7Signal {
  readonly id: string;
  readonly source: S7Source;
}

/** Where a signal's bytes sit in its item's answer. */
export interface S7Slot {
  readonly id: string;
  readonly source: S7Source;
  /** Byte offset of the value's first byte in the item's answer. */
  readonly offset: number;
  readonly size: number;
}

export interface PlannedItem {
  readonly item: ReadItem;
  readonly slots: readonly S7Slot[];
}

/** One read-var job: items that fit the negotiated PDU both ways. */
export interface PlannedRequest {
  readonly items: readonly PlannedItem[];
}

export interface S7PlanLimits {
  /** The PDU size the CPU agreed to in setup communication. */
  readonly pduSize: number;
  /** Largest hole (bytes) read through to join two values into one item. */
  readonly maxGap: number;
  /** Signals read in an item of their own: their coalesced item was refused (split memory). */
  readonly alone: ReadonlySet<string>;
}

export interface S7Plan {
  readonly requests: readonly PlannedRequest[];
  /** Signals whose value alone is larger than one item of this PDU can carry. */
  readonly tooLarge: readonly S7Signal[];
}

/**
 * A hole costs its bytes in the answer; a separate item costs 12 bytes of request and 4 (+1 pad)
 * of answer, and may push the job into a second request — one more round trip, which is what a
 * poll cycle's time is made of. 32 bytes keeps neighbouring values of one DB together.
 */
export const DEFAULT_S7_MAX_GAP = 32;

/** The largest item answer one PDU carries. */
export function maxItemBytes(pduSize: number): number {
  return pduSize - READ_ANSWER_BASE - READ_ANSWER_ITEM;
}

/**
 * Plans a poll's read-var jobs (Snap7's Cli_ReadMultiVars model): values of one area and DB
 * close together become one item; items are packed first-fit into jobs whose request and answer
 * both fit the PDU, at most 20 items each. Signals in `alone` get an item each.
 */
export function planS7Reads(signals: readonly S7Signal[], limits: S7PlanLimits): S7Plan {
  const maxBytes = maxItemBytes(limits.pduSize);
  const tooLarge: S7Signal[] = [];
  const byArea = new Map<string, S7Signal[]>();
  for (const signal of signals) {
    if (s7ByteCount(signal.source) > maxBytes) {
      tooLarge.push(signal);
      continue;
    }
    const key = `${signal.source.area}:${signal.source.db ?? 0}`;
    const list = byArea.get(key) ?? [];
    list.push(signal);
    byArea.set(key, list);
  }
  const items: PlannedItem[] = [];
  for (const list of byArea.values()) {
    list.sort((a, b) => a.source.offset - b.source.offset);
    let current: { start: number; end: number; members: S7Signal[] } | undefined;
    const flush = () => {
      if (current) items.push(toItem(current.members, current.start, current.end));
    };
    for (const signal of list) {
      const start = signal.source.offset;
      const end = start + span(signal.source);
      const isAlone = limits.alone.has(signal.id);
      const fits =
        current !== undefined &&
        !isAlone &&
        !current.members.some((m) => limits.alone.has(m.id)) &&
        start - current.end <= limits.maxGap &&
        bytesOf(signal.source, Math.max(end, current.end) - current.start) <= maxBytes;
      if (current !== undefined && fits) {
        current.end = Math.max(current.end, end);
        current.members.push(signal);
      } else {
        flush();
        current = { start, end, members: [signal] };
      }
    }
    flush();
  }
  return { requests: packRequests(items, limits.pduSize), tooLarge };
}

/** One request per signal: what a driver without a planner sends (the benchmark's baseline). */
export function naiveS7RequestCount(signals: readonly S7Signal[]): number {
  return signals.length;
}

function isNumbered(source: S7Source): boolean {
  return source.area === "c" || source.area === "t";
}

/** Addresses a value spans: bytes, or one counter/timer number. */
function span(source: S7Source): number {
  return isNumbered(source) ? 1 : s7ByteCount(source);
}

function bytesOf(source: S7Source, addresses: number): number {
  return isNumbered(source) ? addresses * 2 : addresses;
}

function toItem(members: readonly S7Signal[], start: number, end: number): PlannedItem {
  const first = members[0] as S7Signal;
  const unit = isNumbered(first.source) ? 2 : 1;
  return {
    item: { area: first.source.area, db: first.source.db ?? 0, start, length: end - start },
    slots: members.map((m) => ({
      id: m.id,
      source: m.source,
      offset: (m.source.offset - start) * unit,
      size: s7ByteCount(m.source),
    })),
  };
}

function packRequests(items: readonly PlannedItem[], pduSize: number): PlannedRequest[] {
  const open: { items: PlannedItem[]; requestBytes: number; answerBytes: number }[] = [];
  for (const planned of items) {
    const bytes = answerBytes(planned.item);
    // Every item's data is padded to an even length but the last; counting the pad always is safe.
    const answerCost = READ_ANSWER_ITEM + bytes + (bytes % 2);
    const target = open.find(
      (r) =>
        r.items.length < MAX_ITEMS_PER_READ &&
        r.requestBytes + READ_REQUEST_ITEM <= pduSize &&
        r.answerBytes + answerCost <= pduSize,
    );
    if (target) {
      target.items.push(planned);
      target.requestBytes += READ_REQUEST_ITEM;
      target.answerBytes += answerCost;
    } else {
      open.push({
        items: [planned],
        requestBytes: READ_REQUEST_BASE + READ_REQUEST_ITEM,
        answerBytes: READ_ANSWER_BASE + answerCost,
      });
    }
  }
  return open.map((r) => ({ items: r.items }));
}
