import type { Sample } from "@onramp/profiles";
import type { Logger } from "pino";
import type {
  DeviceIdentity,
  DeviceSpec,
  Driver,
  DriverCause,
  DriverContext,
  DriverCounters,
  DriverResult,
  DriverSink,
  SignalFault,
} from "../driver.js";
import { DeviceHealth, type HealthPolicy } from "../modbus/health.js";
import { S7Connection, type S7Failure, S7FailureError } from "./connection.js";
import { type CauseContext, causeOfS7Failure, describeItemReturn, s7Cause } from "./errors.js";
import { readSzlIdentity } from "./identity.js";
import { DEFAULT_S7_MAX_GAP, type S7Signal } from "./plan-reads.js";
import { PollLoop } from "./poll-loop.js";
import { emptyS7Counters, type PlanOutcome, readPlan, type S7Counters } from "./read-plan.js";
import type { S7Endpoint } from "./url.js";

/** One S7 CPU: its own ISO-on-TCP connection, its profile's signals read by the S7 planner. */
export class S7Driver implements Driver {
  readonly device: string;
  private readonly counts: S7Counters = emptyS7Counters();
  private readonly where: CauseContext;
  private readonly log: Logger;
  private readonly signals: readonly S7Signal[];
  private readonly byInterval = new Map<number, S7Signal[]>();
  /** Split memory: signals whose coalesced item the CPU refused, read alone from then on. */
  private readonly alone = new Set<string>();
  private readonly loggedRefusals = new Set<string>();
  private connection: S7Connection | undefined;
  private opening: Promise<S7Connection> | undefined;
  private loop: PollLoop | undefined;
  private health: DeviceHealth | undefined;
  private lastFaults = "[]";
  private isClosed = false;

  constructor(
    private readonly spec: DeviceSpec,
    private readonly endpoint: S7Endpoint,
    private readonly policy: HealthPolicy,
    private readonly ctx: DriverContext,
  ) {
    this.device = spec.id;
    this.where = { device: spec.id, url: spec.url };
    this.log = ctx.logger.child({ device: spec.id });
    const signals: S7Signal[] = [];
    for (const signal of spec.profile.signals) {
      if (!("s7" in signal.source)) continue;
      const s7Signal = { id: signal.id, source: signal.source.s7 };
      signals.push(s7Signal);
      const interval = signal.pollIntervalMs ?? spec.profile.profile.defaults.pollIntervalMs;
      this.byInterval.set(interval, [...(this.byInterval.get(interval) ?? []), s7Signal]);
    }
    this.signals = signals;
  }

  start(sink: DriverSink): void {
    if (this.isClosed || this.loop) return;
    const health = new DeviceHealth(this.device, this.policy, (c) => sink.state(c), this.ctx.now, this.log);
    this.health = health;
    const intervals = [...this.byInterval.keys()].sort((a, b) => a - b);
    this.loop = new PollLoop(
      intervals,
      (intervalMs) => this.runCycle(this.byInterval.get(intervalMs) ?? [], sink, health),
      health,
      (skipped) => {
        this.counts.overruns += skipped;
      },
      this.log,
    );
    health.connecting();
    this.loop.start();
  }

  async read(signalIds?: readonly string[]): Promise<DriverResult<Sample[]>> {
    if (this.isClosed) return { ok: false, error: s7Cause("ONRAMP_S7_CLOSED", this.where, "driver closed") };
    const wanted = new Set(signalIds ?? this.signals.map((s) => s.id));
    const signals = this.signals.filter((s) => wanted.delete(s.id));
    if (wanted.size > 0) {
      const what = `no S7 signal ${[...wanted].map((id) => `"${id}"`).join(", ")} in profile ${this.spec.profile.profile.id}`;
      return { ok: false, error: s7Cause("ONRAMP_S7_UNKNOWN_SIGNAL", this.where, what) };
    }
    const result = await this.readSignals(signals);
    if (!result.ok) return result;
    return { ok: true, value: this.samplesOf(result.value) };
  }

  async readIdentity(): Promise<DriverResult<DeviceIdentity>> {
    if (this.isClosed) return { ok: false, error: s7Cause("ONRAMP_S7_CLOSED", this.where, "driver closed") };
    if (this.spec.profile.profile.identity?.method !== "s7-szl") {
      const what = `profile ${this.spec.profile.profile.id} names no s7-szl identity`;
      return { ok: false, error: s7Cause("ONRAMP_S7_NO_IDENTITY", this.where, what) };
    }
    const connection = await this.connect();
    if (!connection.ok) return connection;
    this.counts.requests += 2;
    const identity = await readSzlIdentity(connection.value, this.endpoint.timeoutMs);
    if (identity.ok) {
      this.counts.answers += 2;
      return { ok: true, value: identity.identity };
    }
    if ("failure" in identity) return { ok: false, error: causeOfS7Failure(identity.failure, this.where) };
    return { ok: false, error: s7Cause("ONRAMP_S7_SZL", this.where, identity.refused) };
  }

  counters(): DriverCounters {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.loop?.stop();
    this.connection?.close();
    this.connection = undefined;
  }

  private async runCycle(
    signals: readonly S7Signal[],
    sink: DriverSink,
    health: DeviceHealth,
  ): Promise<void> {
    this.counts.cycles += 1;
    const result = await this.readSignals(signals);
    if (this.isClosed) return;
    if (!result.ok) {
      this.counts.failedCycles += 1;
      health.failed(result.error);
      return;
    }
    const samples = this.samplesOf(result.value);
    if (samples.length > 0) sink.samples(this.device, samples);
    this.reportFaults(result.value, sink);
    if (result.value.failure) {
      this.counts.failedCycles += 1;
      health.failed(causeOfS7Failure(result.value.failure, { ...this.where, request: "read var" }));
    } else {
      health.succeeded();
    }
  }

  /** Connects if needed, then reads; a failure to connect is the whole read's failure. */
  private async readSignals(signals: readonly S7Signal[]): Promise<DriverResult<PlanOutcome>> {
    const connection = await this.connect();
    if (!connection.ok) return connection;
    const outcome = await readPlan(connection.value, signals, {
      maxGap: DEFAULT_S7_MAX_GAP,
      alone: this.alone,
      timeoutMs: this.endpoint.timeoutMs,
      counters: this.counts,
      now: this.ctx.now,
    });
    for (const item of outcome.splits) {
      this.log.info(
        {
          code: "ONRAMP_S7_ITEM_ERROR",
          area: item.area,
          db: item.db,
          start: item.start,
          length: item.length,
        },
        `${item.area}${item.db ? item.db : ""} ${item.start}+${item.length} refused: reading its values one by one from now on`,
      );
    }
    if (outcome.failure && !this.isClosed) {
      this.connection?.close();
      this.connection = undefined;
    }
    if (outcome.failure && outcome.values.length === 0 && outcome.refused.length === 0) {
      return { ok: false, error: causeOfS7Failure(outcome.failure, { ...this.where, request: "read var" }) };
    }
    return { ok: true, value: outcome };
  }

  private async connect(): Promise<DriverResult<S7Connection>> {
    if (this.isClosed) return { ok: false, error: s7Cause("ONRAMP_S7_CLOSED", this.where, "driver closed") };
    if (this.connection?.isOpen) return { ok: true, value: this.connection };
    this.opening ??= S7Connection.open(this.endpoint).finally(() => {
      this.opening = undefined;
    });
    try {
      const connection = await this.opening;
      if (this.isClosed) {
        connection.close();
        return { ok: false, error: s7Cause("ONRAMP_S7_CLOSED", this.where, "driver closed") };
      }
      if (this.connection !== connection) {
        this.connection = connection;
        this.counts.connects += 1;
        this.counts.pduSize = connection.pduSize;
        this.log.info(
          { pduSize: connection.pduSize, requested: this.endpoint.pduSize },
          `connected; the CPU agreed to a PDU of ${connection.pduSize} bytes`,
        );
        connection.onDown((failure) => this.linkDown(failure));
      }
      return { ok: true, value: connection };
    } catch (error) {
      if (!(error instanceof S7FailureError)) throw error;
      if (error.failure.kind === "timeout") this.counts.timeouts += 1;
      return { ok: false, error: causeOfS7Failure(error.failure, this.where) };
    }
  }

  private linkDown(failure: S7Failure): void {
    if (failure.kind === "closed" || this.isClosed) return;
    this.health?.linkDown(causeOfS7Failure(failure, this.where));
  }

  /** Decoded samples of every value read; refused and too-large signals are reported bad. */
  private samplesOf(outcome: PlanOutcome): Sample[] {
    const samples: Sample[] = [];
    for (const { slot, bytes } of outcome.values)
      samples.push(this.spec.profile.decode(slot.id, bytes, outcome.at));
    for (const { slot } of outcome.refused)
      samples.push({ signal: slot.id, value: null, quality: "bad", sourceTs: outcome.at });
    for (const signal of outcome.tooLarge)
      samples.push({ signal: signal.id, value: null, quality: "bad", sourceTs: outcome.at });
    return samples;
  }

  private reportFaults(outcome: PlanOutcome, sink: DriverSink): void {
    const faults: SignalFault[] = [];
    for (const { slot, item, returnCode } of outcome.refused) {
      const where = `${item.area === "db" ? `DB${item.db}` : item.area.toUpperCase()} ${item.start}+${item.length}`;
      const cause: DriverCause = s7Cause(
        "ONRAMP_S7_ITEM_ERROR",
        this.where,
        `${where} refused with ${describeItemReturn(returnCode)}`,
      );
      faults.push({ signal: slot.id, cause });
      const key = `${slot.id}:${returnCode}`;
      if (!this.loggedRefusals.has(key)) {
        this.loggedRefusals.add(key);
        this.log.warn(
          { code: cause.code, signal: slot.id, returnCode },
          `${cause.message}: ${slot.id} reported bad`,
        );
      }
    }
    for (const signal of outcome.tooLarge) {
      const what = `${signal.id} needs more bytes than one item of a ${this.counts.pduSize}-byte PDU carries`;
      const cause = s7Cause("ONRAMP_S7_VALUE_TOO_LARGE", this.where, what);
      faults.push({ signal: signal.id, cause });
      if (!this.loggedRefusals.has(`${signal.id}:large`)) {
        this.loggedRefusals.add(`${signal.id}:large`);
        this.log.warn({ code: cause.code, signal: signal.id }, `${cause.message}: reported bad`);
      }
    }
    // Only complete cycles tell the whole list; a cycle cut short by a lost connection does not.
    if (outcome.failure) return;
    const key = JSON.stringify(faults.map((f) => [f.signal, f.cause.code, f.cause.message]));
    if (key === this.lastFaults) return;
    this.lastFaults = key;
    sink.faults?.(this.device, faults);
  }
}
