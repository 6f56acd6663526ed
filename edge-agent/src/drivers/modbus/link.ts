import modbusSerial from "modbus-serial";
import { type BackoffPolicy, backoffDelay } from "./backoff.js";
import type { ModbusFailure, Outcome } from "./errors.js";
import { type Priority, RequestQueue } from "./request-queue.js";

export type ModbusClient = InstanceType<typeof modbusSerial.default>;
export const ModbusClientClass = modbusSerial.default;

/** An open connection (TCP socket or serial port) with its modbus-serial client. */
export interface Connection {
  readonly client: ModbusClient;
  /** Registers the one listener told when the connection closes by itself. */
  onLost(listener: (detail: string) => void): void;
  close(): Promise<void>;
}

/** How a link opens its connection: TCP or serial. */
export interface Connector {
  open(timeoutMs: number): Promise<Outcome<Connection>>;
}

/** One request on the wire: starts it on `client` for `unit` and settles with the answer. */
export type Exchange<T> = (client: ModbusClient, unit: number) => Promise<T>;

export interface LinkOptions {
  readonly maxInFlight: number;
  /** Silence after each exchange: the RTU 3.5-character gap; 0 on TCP. */
  readonly gapMs: number;
  readonly reconnect: BackoffPolicy;
  /**
   * Consecutive timeouts, with no answer between them, after which the connection is presumed
   * half-open and is reopened (a TCP peer that vanished without a FIN only shows as silence).
   */
  readonly reopenAfterTimeouts: number;
}

/**
 * One connection or bus shared by every device behind it: a TCP connection per host:port (the
 * unit ids of a gateway share it), one serial port per RTU bus. Requests queue in turn; the
 * connection opens on first use and reopens after a loss, with backoff after failed attempts;
 * every failure comes back as a value.
 */
export class Link {
  private readonly queue: RequestQueue;
  private connection: Connection | undefined;
  private opening: Promise<Outcome<Connection>> | undefined;
  private failedOpens = 0;
  private retryAt = 0;
  private lastOpenFailure: ModbusFailure | undefined;
  private readonly pending = new Set<(failure: ModbusFailure) => void>();
  /** The last connection's close: a serial port must be released before it is opened again. */
  private closing: Promise<void> = Promise.resolve();
  private timeoutsInARow = 0;
  private lastTimeoutMs = 1000;
  private isClosed = false;
  private readonly downListeners = new Set<(failure: ModbusFailure) => void>();

  constructor(
    private readonly connector: Connector,
    private readonly options: LinkOptions,
  ) {
    this.queue = new RequestQueue(options.maxInFlight, options.gapMs);
  }

  /**
   * Tells `listener` when the connection was lost by itself and could not be reopened at once:
   * every device behind the link is down then, polled or not at that moment. Returns the unsubscribe.
   */
  onDown(listener: (failure: ModbusFailure) => void): () => void {
    this.downListeners.add(listener);
    return () => this.downListeners.delete(listener);
  }

  /** Sends one request in its turn; resolves with the answer or why there is none. */
  exchange<T>(
    unit: number,
    timeoutMs: number,
    exchange: Exchange<T>,
    priority: Priority,
  ): Promise<Outcome<T>> {
    const closed: Outcome<T> = { ok: false, failure: { kind: "closed" } };
    if (this.isClosed) return Promise.resolve(closed);
    this.lastTimeoutMs = timeoutMs;
    return this.queue.submit(
      async () => {
        const open = await this.open(timeoutMs);
        return open.ok ? this.send(open.value, unit, timeoutMs, exchange) : open;
      },
      priority,
      closed,
    );
  }

  /** Closes the connection when nothing is queued or in flight (workarounds.connection: close-after-poll). */
  async closeIfIdle(): Promise<void> {
    // The queue counts the caller's own exchange until its settlement has run: look after that.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.queue.isIdle && this.connection) await this.drop("closed after poll");
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.queue.clear();
    for (const fail of [...this.pending]) fail({ kind: "closed" });
    await this.drop("closed");
  }

  private open(timeoutMs: number): Promise<Outcome<Connection>> {
    if (this.connection) return Promise.resolve({ ok: true, value: this.connection });
    if (this.isClosed) return Promise.resolve({ ok: false, failure: { kind: "closed" } });
    if (this.opening) return this.opening;
    if (this.lastOpenFailure && performance.now() < this.retryAt) {
      // Within the reconnect backoff: answer from the last attempt instead of hammering a dead host.
      return Promise.resolve({ ok: false, failure: this.lastOpenFailure });
    }
    this.opening = this.closing
      .then(() => this.connector.open(timeoutMs))
      .catch((error: unknown): Outcome<Connection> => {
        // The connectors answer with values; this catches what a library throws unexpectedly.
        return { ok: false, failure: { kind: "unreachable", detail: String(error) } };
      })
      .then(async (result) => {
        this.opening = undefined;
        if (!result.ok) {
          this.lastOpenFailure = result.failure;
          this.retryAt = performance.now() + backoffDelay(this.failedOpens, this.options.reconnect);
          this.failedOpens += 1;
          return result;
        }
        if (this.isClosed) {
          await result.value.close();
          return { ok: false, failure: { kind: "closed" } };
        }
        this.failedOpens = 0;
        this.lastOpenFailure = undefined;
        this.timeoutsInARow = 0;
        this.connection = result.value;
        result.value.onLost((detail) => this.lostByItself(result.value, detail));
        return result;
      });
    return this.opening;
  }

  private send<T>(connection: Connection, unit: number, timeoutMs: number, exchange: Exchange<T>) {
    return new Promise<Outcome<T>>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (outcome: Outcome<T>): void => {
        if (!this.pending.delete(fail)) return;
        clearTimeout(timer);
        resolve(outcome);
      };
      const fail = (failure: ModbusFailure): void => settle({ ok: false, failure });
      this.pending.add(fail);
      timer = setTimeout(() => {
        fail({ kind: "timeout", timeoutMs });
        this.timedOut(connection);
      }, timeoutMs);
      exchange(connection.client, unit).then(
        (value) => {
          this.timeoutsInARow = 0;
          settle({ ok: true, value });
        },
        (error: unknown) => {
          const failure = failureOfClientError(error);
          if (failure.kind !== "lost") this.timeoutsInARow = 0;
          fail(failure);
        },
      );
    });
  }

  private timedOut(connection: Connection): void {
    this.timeoutsInARow += 1;
    if (this.timeoutsInARow >= this.options.reopenAfterTimeouts && this.connection === connection) {
      void this.drop(`${this.timeoutsInARow} timeouts in a row`);
    }
  }

  /**
   * The peer closed the connection (or the serial port failed): reopen it straight away — a
   * device that merely closes idle connections is back at once and nobody notices; when the
   * reopening fails, the devices behind the link learn it now rather than at their next poll.
   */
  private lostByItself(connection: Connection, detail: string): void {
    if (this.connection !== connection) return;
    this.lost(connection, detail);
    void this.open(this.lastTimeoutMs).then((reopened) => {
      if (reopened.ok || reopened.failure.kind === "closed") return;
      for (const listener of [...this.downListeners]) listener(reopened.failure);
    });
  }

  /** Forgets the connection, fails what is in flight on it, and releases it. */
  private lost(connection: Connection, detail: string): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    for (const fail of [...this.pending]) fail({ kind: "lost", detail });
    this.closing = connection.close();
  }

  private async drop(detail: string): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    this.lost(connection, detail);
    await this.closing;
  }
}

/** Sorts an error modbus-serial reports into a failure kind. */
export function failureOfClientError(error: unknown): ModbusFailure {
  const e = (error ?? {}) as { modbusCode?: unknown; message?: unknown; name?: unknown };
  const message = typeof e.message === "string" ? e.message : String(error);
  if (typeof e.modbusCode === "number") return { kind: "exception", exception: e.modbusCode };
  if (message === "CRC error") return { kind: "crc" };
  if (e.name === "PortNotOpenError") return { kind: "lost", detail: "port not open" };
  return { kind: "bad-response", detail: message };
}
