import type { CompiledProfile } from "@onramp/profiles";
import type { DataValue } from "node-opcua";
import type { ValueChange } from "./subscription-feed.js";

/** How often an unhealthy feed is looked at again for a replay that fell due. */
const RECHECK_MS = 1_000;

export interface ReplayOptions {
  readonly profile: CompiledProfile;
  readonly now: () => number;
  /**
   * Whether the subscription vouches for its values right now: the session is up (no
   * connection_lost pending) and the server's last publish response (data or keep-alive) came
   * within its keep-alive period. Checked at every replay.
   */
  readonly isVouched: () => boolean;
  /** Delivers replayed values; their `vouchedAt` is the time they are vouched for. */
  readonly replay: (changes: readonly ValueChange[]) => void;
}

/**
 * Re-reports a subscribed value that did not change, once per heartbeat — what report-by-exception
 * does for polled values, since an OPC UA subscription sends nothing for a value that does not
 * change (OPC 10000-4 §5.12.1.2) and an idle but connected machine would otherwise look absent to
 * presence and completeness (INDICATORS §3, §2.5).
 *
 * Honest by construction: a replay goes out only while `isVouched()`; after a lost connection or
 * a silent subscription nothing is replayed, so the device goes stale and offline in the cloud
 * as it should. Its time is the replay time: a live subscription that notified no change tells
 * the agent the value still holds *now* (the server samples it and would have published a change
 * within the publishing interval), so now is the time the agent vouches for — not the value's
 * SourceTimestamp, which is the last change and may be hours old.
 */
export class HeartbeatReplay {
  readonly #o: ReplayOptions;
  readonly #heartbeatMs = new Map<string, number>();
  readonly #last = new Map<string, { dataValue: DataValue; at: number }>();
  #timer: NodeJS.Timeout | undefined;
  #isStopped = false;
  /** Replays sent, for the driver's counters. */
  replayed = 0;

  constructor(options: ReplayOptions) {
    this.#o = options;
    const fallback = options.profile.profile.defaults.heartbeatMs;
    for (const s of options.profile.signals) this.#heartbeatMs.set(s.id, s.heartbeatMs ?? fallback);
  }

  /** Values the server just sent (and that were delivered): their heartbeat starts again now. */
  seen(changes: readonly ValueChange[]): void {
    if (this.#isStopped) return;
    const at = this.#o.now();
    for (const c of changes) this.#last.set(c.signal, { dataValue: c.dataValue, at });
    if (this.#timer === undefined) this.#arm();
  }

  stop(): void {
    this.#isStopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const [signal, last] of this.#last) {
      next = Math.min(next, last.at + (this.#heartbeatMs.get(signal) ?? Number.POSITIVE_INFINITY));
    }
    if (!Number.isFinite(next)) return;
    this.#schedule(Math.max(0, next - this.#o.now()));
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#fire(), ms);
    this.#timer.unref();
  }

  #fire(): void {
    this.#timer = undefined;
    if (this.#isStopped) return;
    if (!this.#o.isVouched()) {
      this.#schedule(RECHECK_MS);
      return;
    }
    const now = this.#o.now();
    const due: ValueChange[] = [];
    for (const [signal, last] of this.#last) {
      const heartbeat = this.#heartbeatMs.get(signal);
      if (heartbeat === undefined || now - last.at < heartbeat) continue;
      due.push({ signal, dataValue: last.dataValue, vouchedAt: now });
      last.at = now;
    }
    if (due.length > 0) {
      this.replayed += due.length;
      this.#o.replay(due);
    }
    this.#arm();
  }
}
