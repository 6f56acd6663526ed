import type { DeviceProof } from "@onramp/contract";
import type { CompiledProfile, Sample } from "@onramp/profiles";
import type { Logger } from "pino";

/**
 * The one interface the pipeline knows a protocol by (Telegraf's input-plugin contract): a new
 * protocol is a new folder under `drivers/` plus one line in the registry, never a pipeline change.
 */

/** Why a device is not answering or a request failed: a stable code plus a sentence for people. */
export interface DriverCause {
  /** Stable, e.g. `ONRAMP_MODBUS_TIMEOUT`, `ONRAMP_MODBUS_EXCEPTION`, `ONRAMP_OPCUA_UNTRUSTED_SERVER`. */
  readonly code: string;
  /** Names the device and its address, e.g. `device "press-3" at modbus-tcp://10.0.0.7:502?unit=3: …`. */
  readonly message: string;
}

export type DriverResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DriverCause };

export type DeviceState = "connecting" | "connected" | "disconnected";

export interface StateChange {
  readonly device: string;
  readonly state: DeviceState;
  /** Present on `disconnected`: the transport or protocol failure that caused it. */
  readonly cause?: DriverCause;
  /** ms since the epoch. */
  readonly at: number;
}

/** What identifies the physical device: becomes its fingerprint (INDICATORS §5 uniqueness). */
export interface DeviceIdentity {
  readonly method: string;
  /** Stable digest of the identity fields, e.g. `sha256:…`. */
  readonly fingerprint: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** One configured device, as the agent's config resolved it. */
export interface DeviceSpec {
  readonly id: string;
  /** Connection URL; its scheme selects the driver (`modbus-tcp:`, `modbus-rtu:`, `s7:`, `mtconnect:`, `opc.tcp:`). */
  readonly url: string;
  readonly profile: CompiledProfile;
}

/**
 * Monotonic counters of one device for the status page and metrics (`requests`, `timeouts`,
 * `overruns`…). Names are the driver's own, listed in its README.
 */
export type DriverCounters = Readonly<Record<string, number>>;

/**
 * A signal the driver cannot read at all while the device itself answers (an OPC UA browse path
 * or node the server does not have): its samples are bad, the device's other signals keep working.
 */
export interface SignalFault {
  readonly signal: string;
  readonly cause: DriverCause;
}

/** Where a running driver delivers what it reads. Called synchronously; must not throw. */
export interface DriverSink {
  samples(device: string, samples: readonly Sample[]): void;
  state(change: StateChange): void;
  /**
   * Optional: the device's signal faults, the whole current list each time it changes (an empty
   * list once they are gone). A driver whose signals cannot fail one by one never calls it.
   */
  faults?(device: string, faults: readonly SignalFault[]): void;
}

export interface Driver {
  readonly device: string;
  /**
   * Starts polling or subscribing and keeps doing so — reconnecting with backoff — until
   * `close()`. Failures are reported through `sink.state`, never thrown. Only values the device
   * actually answered reach `sink.samples`; nothing is re-sent from a cache — except that a
   * subscription's unchanged value is re-delivered at its heartbeat while the subscription itself
   * vouches for it (alive, no change notified), timed at the re-delivery.
   */
  start(sink: DriverSink): void;
  /** Reads the device's identity fresh from the device. */
  readIdentity(): Promise<DriverResult<DeviceIdentity>>;
  /** A fresh read of some (default: all) signals from the device itself, never from a cache (challenges). */
  read(signalIds?: readonly string[]): Promise<DriverResult<Sample[]>>;
  /**
   * Optional: proof from the device itself that it is answering now, bound to a challenge nonce
   * (OPC UA: the server's CreateSession signature). A driver whose protocol has no such thing
   * leaves this out; `kind: "none"` says why a device that could have one gave none.
   */
  proveIdentity?(nonce: string): Promise<DriverResult<DeviceProof>>;
  /** Stops polling and releases the device's share of any connection. Idempotent. */
  close(): Promise<void>;
  /** The device's counters so far; a driver that keeps none may leave this out. */
  counters?(): DriverCounters;
}

export interface DriverContext {
  readonly logger: Logger;
  /** Agent data directory (certificates, PKI). */
  readonly dataDir: string;
  /** Injectable clock, ms since the epoch. */
  readonly now: () => number;
}

/**
 * Creates drivers for the URL schemes it owns. One factory instance lives per agent, so it can
 * share what devices share: a TCP connection per host:port, one RTU bus per serial port.
 */
export interface DriverFactory {
  readonly schemes: readonly string[];
  /** Validates the URL and options; a bad URL is a value naming the device and the field, not a throw. */
  create(spec: DeviceSpec): DriverResult<Driver>;
  /** Closes every shared connection. */
  close(): Promise<void>;
}
