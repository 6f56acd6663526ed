import { type PlannedRead, splitRead } from "@onramp/profiles";
import type { ModbusFailure } from "./errors.js";
import type { DeviceSession } from "./session.js";
import type { SplitMemory } from "./split-memory.js";

/** A block the device answered (`values`, read at `at`), or refused with an exception. */
export type Block =
  | { readonly read: PlannedRead; readonly values: readonly (number | boolean)[]; readonly at: number }
  | { readonly read: PlannedRead; readonly refused: number };

export interface BlocksResult {
  readonly blocks: Block[];
  /** Reads split during this call, with the exception that caused it (for the log). */
  readonly splits: readonly { readonly read: PlannedRead; readonly exception: number }[];
  /** Why the reads stopped early: the remaining reads of the cycle were skipped. */
  readonly failure?: ModbusFailure;
  /** The read that failed. */
  readonly failedRead?: PlannedRead;
}

/**
 * Exceptions that refuse one request for what it asks, not the device as a whole: the
 * function (01), the address range (02) or the quantity (03) (Modbus Application Protocol
 * v1.1b3 §7). The device is answering; its other reads go on.
 */
const REFUSALS = new Set([1, 2, 3]);
/** Refusals a smaller request may avoid: a hole in the map, or a device that caps the count. */
const SPLITTABLE = new Set([2, 3]);

/**
 * Sends `reads` one after another (through the split memory), splitting any coalesced read the
 * device refuses with 02/03 and remembering the split. Stops at the first failure that is not
 * a refusal — a timeout, a lost connection — so a silent unit costs its bus one timeout per
 * cycle, not one per read.
 */
export async function readBlocks(
  reads: readonly PlannedRead[],
  session: DeviceSession,
  splits: SplitMemory,
  now: () => number,
): Promise<BlocksResult> {
  const blocks: Block[] = [];
  const splitsMade: { read: PlannedRead; exception: number }[] = [];
  const pending = reads.flatMap((read) => splits.expand(read));
  for (let read = pending.shift(); read !== undefined; read = pending.shift()) {
    const outcome = await session.read(read.table, read.address, read.count);
    if (outcome.ok) {
      blocks.push({ read, values: outcome.value, at: now() });
      continue;
    }
    const failure = outcome.failure;
    if (failure.kind !== "exception" || !REFUSALS.has(failure.exception))
      return { blocks, splits: splitsMade, failure, failedRead: read };
    const halves = SPLITTABLE.has(failure.exception) ? splitRead(read) : null;
    if (halves) {
      splits.remember(read, halves);
      session.counters.splits += 1;
      splitsMade.push({ read, exception: failure.exception });
      pending.unshift(...halves);
    } else {
      blocks.push({ read, refused: failure.exception });
    }
  }
  return { blocks, splits: splitsMade };
}
