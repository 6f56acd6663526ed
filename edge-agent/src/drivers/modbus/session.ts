import type { ModbusTable } from "@onramp/profiles";
import { backoffDelay } from "./backoff.js";
import type { ModbusFailure, Outcome } from "./errors.js";
import type { Exchange, Link, ModbusClient } from "./link.js";
import type { Priority } from "./request-queue.js";
import type { ModbusEndpoint } from "./url.js";

/** Monotonic counters of one device, for tests, the status page and metrics. */
export interface ModbusCounters {
  /** Requests attempted, retries included. */
  requests: number;
  /** Answers received, exception responses included. */
  answers: number;
  timeouts: number;
  exceptions: number;
  /** Re-sends after a CRC error, a garbled answer or a lost connection. */
  retries: number;
  /** Coalesced reads split after an illegal-address or illegal-value exception. */
  splits: number;
  cycles: number;
  failedCycles: number;
  /** Poll ticks skipped because the previous cycle of the same group was still running. */
  overruns: number;
}

export function emptyCounters(): ModbusCounters {
  return {
    requests: 0,
    answers: 0,
    timeouts: 0,
    exceptions: 0,
    retries: 0,
    splits: 0,
    cycles: 0,
    failedCycles: 0,
    overruns: 0,
  };
}

/** Waits between re-sends of one request: a noisy line usually clears within tens of ms. */
const RETRY_BACKOFF = { initialMs: 20, maxMs: 500 };

const READS: Record<
  ModbusTable,
  (client: ModbusClient, address: number, count: number) => Promise<{ data: readonly (number | boolean)[] }>
> = {
  coil: (client, address, count) => client.readCoils(address, count),
  discrete: (client, address, count) => client.readDiscreteInputs(address, count),
  holding: (client, address, count) => client.readHoldingRegisters(address, count),
  input: (client, address, count) => client.readInputRegisters(address, count),
};

/** FC1/FC2/FC4/FC3 by table (Modbus Application Protocol v1.1b3 §6.1–§6.4). */
export const FUNCTION_CODE: Record<ModbusTable, number> = { coil: 1, discrete: 2, holding: 3, input: 4 };

/**
 * One device's view of its link: its unit id, timeout and retry policy. Timeouts are not
 * retried here: on a shared bus a silent unit would hold the line twice, so the poller skips
 * the unit for the rest of its cycle instead.
 */
export class DeviceSession {
  priority: Priority = "normal";
  private quietUntil = 0;

  /** `pauseMs`: silence this device needs between two requests to it (workarounds.pauseBetweenRequestsMs). */
  constructor(
    private readonly link: Link,
    readonly endpoint: ModbusEndpoint,
    readonly counters: ModbusCounters,
    private readonly pauseMs = 0,
  ) {}

  /** Reads `count` registers or bits from `address` of `table`. */
  read(table: ModbusTable, address: number, count: number): Promise<Outcome<readonly (number | boolean)[]>> {
    return this.request(async (client, unit) => {
      // setID and the read start synchronously together, so concurrent units cannot interleave.
      client.setID(unit);
      const answer = await READS[table](client, address, count);
      return answer.data.slice(0, count);
    });
  }

  /** Reads one object of FC43/14 Read Device Identification, individual access (read code 04, §6.21). */
  readDeviceIdObject(objectId: number): Promise<Outcome<string | undefined>> {
    return this.request(async (client, unit) => {
      client.setID(unit);
      const answer = await client.readDeviceIdentification(4, objectId);
      return (answer.data as unknown as Record<number, string | undefined>)[objectId];
    });
  }

  async closeIfIdle(): Promise<void> {
    await this.link.closeIfIdle();
  }

  private async request<T>(exchange: Exchange<T>): Promise<Outcome<T>> {
    for (let attempt = 0; ; attempt += 1) {
      const wait = this.quietUntil - performance.now();
      // The pause holds back this device only: the link serves other devices meanwhile.
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.counters.requests += 1;
      const outcome = await this.link.exchange(
        this.endpoint.unit,
        this.endpoint.timeoutMs,
        exchange,
        this.priority,
      );
      if (this.pauseMs > 0) this.quietUntil = performance.now() + this.pauseMs;
      this.count(outcome);
      if (outcome.ok || !isRetryable(outcome.failure) || attempt >= this.endpoint.retries) return outcome;
      this.counters.retries += 1;
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, RETRY_BACKOFF)));
    }
  }

  private count(outcome: Outcome<unknown>): void {
    if (outcome.ok) this.counters.answers += 1;
    else if (outcome.failure.kind === "exception") {
      this.counters.answers += 1;
      this.counters.exceptions += 1;
    } else if (outcome.failure.kind === "timeout") this.counters.timeouts += 1;
  }
}

function isRetryable(failure: ModbusFailure): boolean {
  return failure.kind === "crc" || failure.kind === "bad-response" || failure.kind === "lost";
}
