/**
 * Detects a silent subscription: the session is up, but neither data nor keep-alives arrive.
 * A server must answer a waiting Publish request at least every publishing interval × max
 * keep-alive count (OPC 10000-4 §5.13.1.1); a notification sampled just after a publishing cycle
 * waits up to one more interval (or one sampling interval). Past that, plus a second for network
 * and scheduling, the subscription is dead — whatever the client library believes. This is the
 * failure that leaves ThingsBoard's gateway, Telegraf and OPC Publisher "connected" with no data.
 */
export interface SilenceBounds {
  /** As revised by the server. */
  readonly publishingIntervalMs: number;
  /** As revised by the server. */
  readonly maxKeepAliveCount: number;
  readonly maxSamplingIntervalMs: number;
}

export const WATCHDOG_GRACE_MS = 1_000;

export function silenceLimitMs(b: SilenceBounds): number {
  const keepAlive = b.publishingIntervalMs * Math.max(1, b.maxKeepAliveCount);
  const lateSample = Math.min(Math.max(b.publishingIntervalMs, b.maxSamplingIntervalMs), keepAlive);
  return keepAlive + lateSample + WATCHDOG_GRACE_MS;
}

/**
 * Calls `onSilent(lastHeardAt)` once when nothing was heard for `limitMs`. `heard()` resets it;
 * `pause()`/`resume()` bracket periods the client already knows are disconnected (node-opcua's
 * own reconnection), which must not be reported twice.
 */
export class SilenceWatchdog {
  readonly #limitMs: number;
  readonly #now: () => number;
  readonly #onSilent: (lastHeardAt: number) => void;
  #lastHeardAt: number;
  #timer: NodeJS.Timeout | undefined;
  #isPaused = false;
  #hasFired = false;

  constructor(limitMs: number, now: () => number, onSilent: (lastHeardAt: number) => void) {
    this.#limitMs = limitMs;
    this.#now = now;
    this.#onSilent = onSilent;
    this.#lastHeardAt = now();
    const tick = Math.max(50, Math.min(1_000, Math.floor(limitMs / 4)));
    this.#timer = setInterval(() => this.#check(), tick);
    this.#timer.unref();
  }

  get lastHeardAt(): number {
    return this.#lastHeardAt;
  }

  /** Inside a period the client knows is disconnected (between `pause()` and `resume()`). */
  get isPaused(): boolean {
    return this.#isPaused;
  }

  heard(): void {
    this.#lastHeardAt = this.#now();
  }

  pause(): void {
    this.#isPaused = true;
  }

  resume(): void {
    this.#isPaused = false;
    this.#lastHeardAt = this.#now();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #check(): void {
    if (this.#isPaused || this.#hasFired) return;
    if (this.#now() - this.#lastHeardAt <= this.#limitMs) return;
    this.#hasFired = true;
    this.stop();
    this.#onSilent(this.#lastHeardAt);
  }
}
