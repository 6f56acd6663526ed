import type { Sample } from "@onramp/profiles";

/**
 * Keeps each subscribed signal's sample times moving forward. A subscription re-created after a
 * lost session (or a re-resolve) sends every item's current value first, stamped with the
 * SourceTimestamp of its last change (OPC 10000-4 §5.12.1.2) — for an idle machine's unchanged
 * value, older than the heartbeat replays the agent has already sent for it at their replay time
 * (heartbeat-replay.ts). Sent as is, that sample goes back in time within its signal, which the
 * cloud rightly flags as a replay (REPLAY_SAMPLE_TIME_BACKWARDS) — seen on the fraud suite's
 * honest OPC UA CNCs on a loaded machine. The value itself is current: the fresh subscription
 * vouches for it now, as a replay does, so such a sample is stamped with its receipt time instead
 * (and counted); a sample that moves forward keeps the device's own time.
 */
export class SourceOrder {
  readonly #last = new Map<string, number>();
  /** Samples re-stamped because their source time went back, for the driver's counters. */
  restamped = 0;

  /** `sample` as delivered at `receivedAt`, never earlier than the signal's last delivered time. */
  order(sample: Sample, receivedAt: number): Sample {
    const last = this.#last.get(sample.signal);
    const isBackwards = last !== undefined && sample.sourceTs < last;
    // A server clock ahead of the agent's could leave receipt time behind too: never before `last`.
    const out = isBackwards ? { ...sample, sourceTs: Math.max(receivedAt, last) } : sample;
    if (isBackwards) this.restamped++;
    this.#last.set(sample.signal, out.sourceTs);
    return out;
  }
}
