import { type PlannedRead, type PollGroup, planReads, readLimitsFor, type Sample } from "@onramp/profiles";
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
} from "../driver.js";
import { type CauseContext, causeOfFailure, describeException, modbusCause } from "./errors.js";
import { DeviceHealth, type HealthPolicy } from "./health.js";
import { readDeviceIdentity } from "./identity.js";
import type { LinkLease } from "./link-pool.js";
import { Poller } from "./poller.js";
import { type BlocksResult, readBlocks } from "./read-blocks.js";
import { DeviceSession, emptyCounters, FUNCTION_CODE, type ModbusCounters } from "./session.js";
import { SignalFaults } from "./signal-faults.js";
import { SplitMemory } from "./split-memory.js";
import type { ModbusEndpoint } from "./url.js";

/** One Modbus device: polls its profile's read plan on the link it shares with its bus. */
export class ModbusDriver implements Driver {
  readonly device: string;
  private readonly counts: ModbusCounters = emptyCounters();
  private readonly session: DeviceSession;
  private readonly splits = new SplitMemory();
  private readonly where: CauseContext;
  private readonly log: Logger;
  /** Reads refused with an exception that were already logged: the log says it once. */
  private readonly loggedRefusals = new Set<string>();
  private readonly faults = new SignalFaults();
  private poller: Poller | undefined;
  private unsubscribe: (() => void) | undefined;
  private isClosed = false;

  constructor(
    private readonly spec: DeviceSpec,
    endpoint: ModbusEndpoint,
    private readonly lease: LinkLease,
    private readonly policy: HealthPolicy,
    private readonly ctx: DriverContext,
  ) {
    this.device = spec.id;
    this.where = { device: spec.id, url: spec.url };
    this.log = ctx.logger.child({ device: spec.id });
    const pauseMs = spec.profile.profile.workarounds?.pauseBetweenRequestsMs ?? 0;
    this.session = new DeviceSession(lease.link, endpoint, this.counts, pauseMs);
  }

  start(sink: DriverSink): void {
    if (this.isClosed || this.poller) return;
    const health = new DeviceHealth(
      this.device,
      this.policy,
      (change) => sink.state(change),
      this.ctx.now,
      this.log,
    );
    const runCycle = (group: PollGroup) => this.runCycle(group, sink, health);
    this.unsubscribe = this.lease.link.onDown((failure) =>
      health.linkDown(
        causeOfFailure(failure, { ...this.where, request: `unit ${this.session.endpoint.unit}` }),
      ),
    );
    this.poller = new Poller(this.spec.profile.readPlan, runCycle, health, this.counts, this.log);
    health.connecting();
    this.poller.start();
  }

  async read(signalIds?: readonly string[]): Promise<DriverResult<Sample[]>> {
    if (this.isClosed)
      return { ok: false, error: modbusCause("ONRAMP_MODBUS_CLOSED", this.where, "driver closed") };
    const wanted = new Set(signalIds ?? this.spec.profile.signals.map((s) => s.id));
    const signals = [];
    for (const signal of this.spec.profile.signals) {
      if (wanted.delete(signal.id) && "modbus" in signal.source) {
        signals.push({ id: signal.id, source: signal.source.modbus });
      }
    }
    if (wanted.size > 0) {
      const what = `no Modbus signal ${[...wanted].map((id) => `"${id}"`).join(", ")} in profile ${this.spec.profile.profile.id}`;
      return { ok: false, error: modbusCause("ONRAMP_MODBUS_UNKNOWN_SIGNAL", this.where, what) };
    }
    const plan = planReads(signals, readLimitsFor(this.spec.profile.profile.workarounds));
    const result = await this.readPlanned(plan);
    if (result.failure) {
      return {
        ok: false,
        error: causeOfFailure(result.failure, { ...this.where, request: this.requestOf(result) }),
      };
    }
    return { ok: true, value: this.samplesOf(result) };
  }

  readIdentity(): Promise<DriverResult<DeviceIdentity>> {
    if (this.isClosed) {
      return Promise.resolve({
        ok: false,
        error: modbusCause("ONRAMP_MODBUS_CLOSED", this.where, "driver closed"),
      });
    }
    return readDeviceIdentity(this.spec.profile, this.session, this.where, this.ctx.now);
  }

  counters(): DriverCounters {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.poller?.stop();
    this.unsubscribe?.();
    await this.lease.release();
  }

  /** One poll cycle of `group`: read, deliver samples and signal faults, update the device's health. */
  private async runCycle(group: PollGroup, sink: DriverSink, health: DeviceHealth): Promise<void> {
    this.counts.cycles += 1;
    const result = await this.readPlanned(group.reads);
    if (this.isClosed) return;
    const samples = this.samplesOf(result);
    if (samples.length > 0) sink.samples(this.device, samples);
    const faults = this.faults.update(result.blocks, (read, exception) => this.refusalCause(read, exception));
    if (faults) sink.faults?.(this.device, faults);
    if (result.failure) {
      this.counts.failedCycles += 1;
      health.failed(causeOfFailure(result.failure, { ...this.where, request: this.requestOf(result) }));
    } else {
      health.succeeded();
    }
    // A failing device waits behind healthy ones on a shared bus.
    this.session.priority = health.isFailing ? "low" : "normal";
    if (this.spec.profile.profile.workarounds?.connection === "close-after-poll")
      await this.session.closeIfIdle();
  }

  private async readPlanned(reads: readonly PlannedRead[]): Promise<BlocksResult> {
    const result = await readBlocks(reads, this.session, this.splits, this.ctx.now);
    for (const { read, exception } of result.splits) {
      this.log.info(
        { code: "ONRAMP_MODBUS_EXCEPTION", table: read.table, address: read.address, count: read.count },
        `${read.table} ${read.address}+${read.count} refused with ${describeException(exception)}: reading it in two parts from now on`,
      );
    }
    return result;
  }

  /** Decoded samples of every answered block; signals of a refused block are reported bad. */
  private samplesOf(result: BlocksResult): Sample[] {
    const samples: Sample[] = [];
    for (const block of result.blocks) {
      if ("values" in block) {
        samples.push(...this.spec.profile.decodeModbusRead(block.read, block.values, block.at));
        continue;
      }
      const at = this.ctx.now();
      // The sample carries the exception and the refused range, so that `probe` says why.
      const error = this.refusalCause(block.read, block.refused);
      for (const slot of block.read.signals)
        samples.push({ signal: slot.id, value: null, quality: "bad", sourceTs: at, error });
      this.logRefusal(block.read, block.refused);
    }
    return samples;
  }

  private refusalCause(read: PlannedRead, exception: number): DriverCause {
    const request = `FC${FUNCTION_CODE[read.table]} ${read.table} ${read.address}+${read.count}`;
    return modbusCause(
      "ONRAMP_MODBUS_EXCEPTION",
      this.where,
      `${request} refused with ${describeException(exception)}`,
    );
  }

  private logRefusal(read: PlannedRead, exception: number): void {
    const key = `${read.table}:${read.address}+${read.count}:${exception}`;
    if (this.loggedRefusals.has(key)) return;
    this.loggedRefusals.add(key);
    const cause = this.refusalCause(read, exception);
    const signals = read.signals.map((s) => s.id).join(", ");
    const fields = {
      code: cause.code,
      table: read.table,
      address: read.address,
      count: read.count,
      exception,
    };
    this.log.warn(fields, `${cause.message}: ${signals} reported bad`);
  }

  /** The request a cycle stopped at, for the cause's message: `unit 3, FC3 holding 0+10`. */
  private requestOf(result: BlocksResult): string {
    const unit = `unit ${this.session.endpoint.unit}`;
    const read = result.failedRead;
    return read
      ? `${unit}, FC${FUNCTION_CODE[read.table]} ${read.table} ${read.address}+${read.count}`
      : unit;
  }
}
