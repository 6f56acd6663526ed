import type { StatusEvent, Sample as WireSample } from "@onramp/contract";
import { type CompiledProfile, createReporter, type Reporter, type Sample } from "@onramp/profiles";
import type { Logger } from "pino";
import type { DriverSink, StateChange } from "../drivers/driver.js";
import type { Loss, Spool } from "../spool/spool.js";
import { type Batch, createBatcher, DEFAULT_MAX_BODY_BYTES } from "./batcher.js";
import { DeviceStates, type DeviceStatus } from "./device-states.js";
import type { FrameBuilder } from "./frame-builder.js";

export interface PipelineOptions {
  readonly frames: FrameBuilder;
  readonly spool: Spool;
  readonly logger: Logger;
  readonly now: () => number;
  readonly batch: { readonly maxSamples: number; readonly maxAgeMs: number };
  /** Called after frames were spooled, so the publisher can send them. */
  readonly onSpooled: () => void;
}

export interface PipelineCounters {
  samplesRead: number;
  samplesReported: number;
  /** Samples for a device that is no longer configured (arriving while a reload closes its driver). */
  samplesForUnknownDevice: number;
  dataFramesSpooled: number;
  statusFramesSpooled: number;
  /** Frames that could not be written to the spool (disk full, I/O error): reported as loss. */
  spoolWriteFailures: number;
}

/**
 * Driver sink → report-by-exception → batch → signed frame → spool. Everything here is
 * synchronous: a sample is either in a batch in memory or committed to the spool.
 */
export class Pipeline {
  readonly #options: PipelineOptions;
  readonly #reporters = new Map<string, Reporter>();
  readonly #states = new DeviceStates();
  readonly #batcher;
  #timer: NodeJS.Timeout | undefined;
  /** Frames lost before reaching the spool; merged into the next data frame's `loss`. */
  #writeLoss: Loss | undefined;
  readonly counters: PipelineCounters = {
    samplesRead: 0,
    samplesReported: 0,
    samplesForUnknownDevice: 0,
    dataFramesSpooled: 0,
    statusFramesSpooled: 0,
    spoolWriteFailures: 0,
  };

  constructor(options: PipelineOptions) {
    this.#options = options;
    this.#batcher = createBatcher({
      maxSamples: options.batch.maxSamples,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    });
  }

  readonly sink: DriverSink = {
    samples: (device, samples) => this.#onSamples(device, samples),
    state: (change) => this.#onState(change),
  };

  addDevice(id: string, profile: CompiledProfile): void {
    this.#reporters.set(id, createReporter(profile));
    const shortestPoll = Math.min(
      profile.profile.defaults.pollIntervalMs,
      ...profile.signals.map((s) => s.pollIntervalMs ?? Number.POSITIVE_INFINITY),
    );
    this.#states.add(id, Math.max(3 * shortestPoll, 5000), this.#options.now());
  }

  /** Forgets a device; its samples already batched are still sent. */
  removeDevice(id: string): void {
    this.#reporters.delete(id);
    this.#states.delete(id);
  }

  setFingerprint(id: string, fingerprint: string | undefined): void {
    this.#states.setFingerprint(id, fingerprint);
  }

  devices(): DeviceStatus[] {
    return this.#states.list(this.#options.now());
  }

  /** Writes the batch being filled to the spool now (age timer, shutdown, before a status event). */
  flush(): void {
    this.#clearTimer();
    const batch = this.#batcher.take();
    if (batch) this.#spoolData(batch);
  }

  close(): void {
    this.#clearTimer();
  }

  /**
   * After an unclean end of the previous run: one status frame saying every device was
   * disconnected from `from` (its last spooled frame) with a stable cause, so the cloud records
   * an outage for the window whose samples may be missing rather than silence. Each device's
   * own `connected` event follows when it connects.
   */
  reportUnvouched(devices: readonly string[], from: number): void {
    if (devices.length === 0) return;
    const now = this.#options.now();
    const cause = {
      code: "ONRAMP_AGENT_UNCLEAN_RESTART",
      message: `the agent ended without a clean stop; samples read after ${new Date(from).toISOString()} and before this restart may be missing`,
    };
    const events: StatusEvent[] = devices.map((dev) => ({
      dev,
      state: "disconnected",
      t: Math.round(from),
      cause,
    }));
    this.#write(this.#options.frames.status(events, now), 0, undefined, now);
    this.counters.statusFramesSpooled += 1;
    this.#options.onSpooled();
  }

  #onSamples(device: string, samples: readonly Sample[]): void {
    const reporter = this.#reporters.get(device);
    if (reporter === undefined) {
      this.counters.samplesForUnknownDevice += samples.length;
      return;
    }
    const now = this.#options.now();
    const reported: WireSample[] = [];
    for (const sample of samples) if (reporter.offer(sample, now)) reported.push(toWire(sample));
    this.counters.samplesRead += samples.length;
    this.counters.samplesReported += reported.length;
    this.#states.sampled(device, samples.length, reported.length, now);
    if (reported.length === 0) return;
    for (const full of this.#batcher.add(device, reported, now)) this.#spoolData(full);
    if (this.#batcher.pendingSamples > 0 && this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.flush();
      }, this.#options.batch.maxAgeMs);
      this.#timer.unref();
    }
  }

  #onState(change: StateChange): void {
    if (!this.#states.change(change)) return;
    if (change.state === "connecting") return;
    const event: StatusEvent = { dev: change.device, state: change.state, t: Math.round(change.at) };
    const withCause: StatusEvent =
      change.cause === undefined
        ? event
        : { ...event, cause: { code: change.cause.code, message: change.cause.message.slice(0, 1024) } };
    this.#options.logger.info(
      { device: change.device, state: change.state, code: change.cause?.code },
      change.cause?.message ?? `device ${change.state}`,
    );
    // Data read before the change goes out first: a disconnect never appears before the values preceding it.
    this.flush();
    const now = this.#options.now();
    this.#write(this.#options.frames.status([withCause], now), 0, undefined, now);
    this.counters.statusFramesSpooled += 1;
    this.#options.onSpooled();
  }

  #spoolData(batch: Batch): void {
    const now = this.#options.now();
    const spooled = this.#options.spool.pendingLoss();
    const unspooled = this.#writeLoss;
    this.#writeLoss = undefined;
    const frame = this.#options.frames.data(batch.devices, mergeLoss(spooled, unspooled), now);
    if (this.#write(frame, batch.samples, spooled, now)) this.counters.dataFramesSpooled += 1;
    // The spool's own pending loss stays in the spool when the write fails; only ours comes back.
    else this.#writeLoss = mergeLoss(this.#writeLoss, unspooled);
    this.#options.onSpooled();
  }

  #write(
    frame: { topic: string; bytes: Buffer },
    samples: number,
    reportsLoss: Loss | undefined,
    now: number,
  ): boolean {
    try {
      this.#options.spool.append({ topic: frame.topic, bytes: frame.bytes, samples, reportsLoss }, now);
      return true;
    } catch (e) {
      this.counters.spoolWriteFailures += 1;
      this.#writeLoss = mergeLoss(this.#writeLoss, { frames: 1, samples, since: now });
      this.#options.logger.error(
        { code: "ONRAMP_SPOOL_WRITE_FAILED", err: e instanceof Error ? e.message : String(e) },
        "a frame could not be written to the spool; it is counted as lost",
      );
      return false;
    }
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function toWire(sample: Sample): WireSample {
  // JSON has no NaN/Infinity: such a reading is not a value.
  const isValue = typeof sample.value !== "number" || Number.isFinite(sample.value);
  return {
    s: sample.signal,
    v: isValue ? sample.value : null,
    q: isValue ? sample.quality : "bad",
    t: Math.round(sample.sourceTs),
  };
}

function mergeLoss(a: Loss | undefined, b: Loss | undefined): Loss | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return { frames: a.frames + b.frames, samples: a.samples + b.samples, since: Math.min(a.since, b.since) };
}
