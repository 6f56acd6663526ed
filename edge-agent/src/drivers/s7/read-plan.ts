import { type S7Connection, type S7Failure, S7FailureError } from "./connection.js";
import { type PlannedRequest, planS7Reads, type S7Signal, type S7Slot } from "./plan-reads.js";
import { parseReadVar, type ReadItem, readVarRequest } from "./protocol.js";

export interface S7Counters {
  /** Read-var jobs sent (SZL reads included). */
  requests: number;
  answers: number;
  timeouts: number;
  /** Items the CPU refused with a return code other than success. */
  itemErrors: number;
  /** Coalesced items read value by value from then on, after the CPU refused them. */
  splits: number;
  /** Connections opened (the first one included). */
  connects: number;
  cycles: number;
  failedCycles: number;
  overruns: number;
  /** The PDU size the CPU agreed to on the last connection (0 before the first). */
  pduSize: number;
}

export function emptyS7Counters(): S7Counters {
  return {
    requests: 0,
    answers: 0,
    timeouts: 0,
    itemErrors: 0,
    splits: 0,
    connects: 0,
    cycles: 0,
    failedCycles: 0,
    overruns: 0,
    pduSize: 0,
  };
}

export interface PlanOutcome {
  readonly values: { readonly slot: S7Slot; readonly bytes: Buffer }[];
  readonly refused: { readonly slot: S7Slot; readonly item: ReadItem; readonly returnCode: number }[];
  /** Coalesced items the CPU refused this time: their signals are read one by one from now on. */
  readonly splits: ReadItem[];
  readonly tooLarge: S7Signal[];
  /** Set when the connection failed: the signals not read yet have no value this cycle. */
  failure?: S7Failure;
  failedRequest?: PlannedRequest;
  readonly at: number;
}

export interface ReadPlanOptions {
  readonly maxGap: number;
  /** Split memory of the device: signals read alone, remembered for the driver's lifetime. */
  readonly alone: Set<string>;
  readonly timeoutMs: number;
  readonly counters: S7Counters;
  readonly now: () => number;
}

/**
 * Reads `signals` with the fewest read-var jobs the PDU allows. A coalesced item that the CPU
 * refuses (a hole in it the CPU does not serve: a DB shorter than the gap, a missing DB) is split
 * into its values, which are read again at once and one by one ever after; a single value refused
 * is reported as refused, and the others keep their values.
 */
export async function readPlan(
  connection: S7Connection,
  signals: readonly S7Signal[],
  options: ReadPlanOptions,
): Promise<PlanOutcome> {
  const outcome: PlanOutcome = { values: [], refused: [], splits: [], tooLarge: [], at: options.now() };
  let pending = signals;
  // Two passes at most: the second reads the values of split items, each alone.
  for (let pass = 0; pass < 2 && pending.length > 0; pass++) {
    const plan = planS7Reads(pending, {
      pduSize: connection.pduSize,
      maxGap: options.maxGap,
      alone: options.alone,
    });
    if (pass === 0) outcome.tooLarge.push(...plan.tooLarge);
    const retry: S7Signal[] = [];
    for (const request of plan.requests) {
      const items = request.items.map((p) => p.item);
      options.counters.requests += 1;
      let answer: Buffer;
      try {
        answer = await connection.request((ref) => readVarRequest(ref, items), options.timeoutMs, "read var");
      } catch (error) {
        if (!(error instanceof S7FailureError)) throw error;
        if (error.failure.kind === "timeout") options.counters.timeouts += 1;
        outcome.failure = error.failure;
        outcome.failedRequest = request;
        return outcome;
      }
      options.counters.answers += 1;
      const parsed = parseReadVar(answer, items.length);
      if (!parsed.ok) {
        outcome.failure = { kind: "bad-answer", detail: parsed.message };
        outcome.failedRequest = request;
        return outcome;
      }
      parsed.value.forEach((itemAnswer, i) => {
        const planned = request.items[i];
        if (planned === undefined) return;
        if (itemAnswer.ok) {
          for (const slot of planned.slots)
            outcome.values.push({
              slot,
              bytes: itemAnswer.bytes.subarray(slot.offset, slot.offset + slot.size),
            });
          return;
        }
        options.counters.itemErrors += 1;
        if (planned.slots.length > 1 && pass === 0) {
          options.counters.splits += 1;
          outcome.splits.push(planned.item);
          for (const slot of planned.slots) {
            options.alone.add(slot.id);
            retry.push({ id: slot.id, source: slot.source });
          }
          return;
        }
        for (const slot of planned.slots)
          outcome.refused.push({ slot, item: planned.item, returnCode: itemAnswer.returnCode });
      });
    }
    pending = retry;
  }
  return outcome;
}
