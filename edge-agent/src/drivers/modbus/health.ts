import type { Logger } from "pino";
import type { DeviceState, DriverCause, StateChange } from "../driver.js";
import { type BackoffPolicy, backoffDelay } from "./backoff.js";

export interface HealthPolicy {
  /** Failed cycles in a row after which the device is polled at the degraded rate. */
  readonly failedCyclesBeforeDegraded: number;
  /** Spacing of the attempts while degraded: exponential with jitter, up to `maxMs`. */
  readonly degraded: BackoffPolicy;
}

/**
 * A device's connection state as its polls see it: `connected` after a cycle it answered,
 * `disconnected` (with the cause) after one it did not; after N failed cycles in a row it is
 * `isDegraded`, and the poller probes it at a backing-off rate until it answers again.
 */
export class DeviceHealth {
  private state: DeviceState = "connecting";
  private cause: DriverCause | undefined;
  private failedInARow = 0;
  private degradedAttempts = 0;

  constructor(
    private readonly device: string,
    private readonly policy: HealthPolicy,
    private readonly emit: (change: StateChange) => void,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  get isDegraded(): boolean {
    return this.failedInARow >= this.policy.failedCyclesBeforeDegraded;
  }

  get isFailing(): boolean {
    return this.failedInARow > 0;
  }

  connecting(): void {
    this.state = "connecting";
    this.emit({ device: this.device, state: "connecting", at: this.now() });
  }

  succeeded(): void {
    if (this.isDegraded)
      this.log.info({ code: this.cause?.code }, "device answers again: back to its poll rate");
    this.failedInARow = 0;
    this.degradedAttempts = 0;
    if (this.state !== "connected") {
      this.state = "connected";
      this.cause = undefined;
      this.log.info("device connected");
      this.emit({ device: this.device, state: "connected", at: this.now() });
    }
  }

  failed(cause: DriverCause): void {
    const wasDegraded = this.isDegraded;
    this.failedInARow += 1;
    // A new cause while disconnected is news too (lost → refused: the host is up, the server is not).
    if (this.state !== "disconnected" || this.cause?.code !== cause.code) {
      this.state = "disconnected";
      this.cause = cause;
      this.log.warn({ code: cause.code }, cause.message);
      this.emit({ device: this.device, state: "disconnected", cause, at: this.now() });
    }
    if (this.isDegraded && !wasDegraded) {
      this.log.warn(
        { code: cause.code, failedCycles: this.failedInARow },
        `no answer for ${this.failedInARow} cycles: polling at a degraded rate until it answers`,
      );
    }
  }

  /**
   * The connection or bus the device is on went down between polls: the device is
   * `disconnected` now, without counting a failed cycle (it has not been asked anything).
   */
  linkDown(cause: DriverCause): void {
    if (this.state === "disconnected" && this.cause?.code === cause.code) return;
    this.state = "disconnected";
    this.cause = cause;
    this.log.warn({ code: cause.code }, cause.message);
    this.emit({ device: this.device, state: "disconnected", cause, at: this.now() });
  }

  /** The wait before the next attempt while degraded. */
  nextDegradedDelayMs(): number {
    const delay = backoffDelay(this.degradedAttempts, this.policy.degraded);
    this.degradedAttempts += 1;
    return delay;
  }
}
