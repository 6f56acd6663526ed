import type { DeviceState, DriverCause, StateChange } from "../drivers/driver.js";

/**
 * Three separate facts per device (DESIGN §5; never folded into one "up"): the gateway is online
 * (publisher), the device is online (its driver holds a connection), and the device is producing
 * (it answered with values recently). A device can be online and silent, or offline while the
 * gateway is fine.
 */
export interface DeviceStatus {
  readonly id: string;
  readonly state: DeviceState;
  readonly since: number;
  readonly lastError: (DriverCause & { readonly at: number }) | undefined;
  readonly lastSampleAt: number | undefined;
  readonly isProducing: boolean;
  readonly samplesRead: number;
  readonly samplesReported: number;
  /** Identity fingerprint read from the device, once it answered. */
  readonly fingerprint: string | undefined;
}

interface Tracked {
  state: DeviceState;
  since: number;
  lastError: (DriverCause & { at: number }) | undefined;
  lastSampleAt: number | undefined;
  samplesRead: number;
  samplesReported: number;
  fingerprint: string | undefined;
  readonly producingWindowMs: number;
}

export class DeviceStates {
  readonly #devices = new Map<string, Tracked>();

  add(id: string, producingWindowMs: number, now: number): void {
    this.#devices.set(id, {
      state: "connecting",
      since: now,
      lastError: undefined,
      lastSampleAt: undefined,
      samplesRead: 0,
      samplesReported: 0,
      fingerprint: undefined,
      producingWindowMs,
    });
  }

  delete(id: string): void {
    this.#devices.delete(id);
  }

  has(id: string): boolean {
    return this.#devices.has(id);
  }

  /** Returns whether the state actually changed (a repeated `connected` is not an event). */
  change(change: StateChange): boolean {
    const device = this.#devices.get(change.device);
    if (device === undefined) return false;
    if (change.cause !== undefined) device.lastError = { ...change.cause, at: change.at };
    if (device.state === change.state) return false;
    device.state = change.state;
    device.since = change.at;
    return true;
  }

  sampled(id: string, read: number, reported: number, now: number): void {
    const device = this.#devices.get(id);
    if (device === undefined) return;
    device.samplesRead += read;
    device.samplesReported += reported;
    if (read > 0) device.lastSampleAt = now;
  }

  setFingerprint(id: string, fingerprint: string | undefined): void {
    const device = this.#devices.get(id);
    if (device !== undefined) device.fingerprint = fingerprint;
  }

  list(now: number): DeviceStatus[] {
    return [...this.#devices].map(([id, d]) => ({
      id,
      state: d.state,
      since: d.since,
      lastError: d.lastError,
      lastSampleAt: d.lastSampleAt,
      isProducing: d.lastSampleAt !== undefined && now - d.lastSampleAt <= d.producingWindowMs,
      samplesRead: d.samplesRead,
      samplesReported: d.samplesReported,
      fingerprint: d.fingerprint,
    }));
  }
}
