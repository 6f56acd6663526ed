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
} from "../driver.js";
import { DeviceHealth, type HealthPolicy } from "../modbus/health.js";
import { fingerprintOf } from "../modbus/identity.js";
import { type Fetched, fetchDocument } from "./agent-client.js";
import type { Header, Observation, ProbeDevice } from "./documents.js";
import { type MtconnectErrorCode, mtconnectCause } from "./errors.js";
import { pickDevice, resolveSignals, type SignalMap } from "./resolve-signals.js";
import type { MtconnectEndpoint } from "./url.js";

/** What the driver knows of the agent between two /sample requests. */
interface Session {
  readonly instanceId: string;
  readonly map: SignalMap;
  /** The `from` of the next /sample: the last answer's nextSequence. */
  next: number;
}

type Step = { readonly ok: true } | { readonly ok: false; readonly error: DriverCause };

/**
 * One device of an MTConnect agent: /probe to find its DataItems, /current to start, then /sample
 * from `nextSequence` every `interval` ms. An agent restart (new instanceId) and lost
 * observations (firstSequence past `from`, or OUT_OF_RANGE) are reported as a gap — the device
 * goes `disconnected` with the cause, then `connected` once re-synchronised from /current —
 * never as silence.
 */
export class MtconnectDriver implements Driver {
  readonly device: string;
  private readonly counts = {
    requests: 0,
    answers: 0,
    observations: 0,
    gaps: 0,
    restarts: 0,
    overflows: 0,
    cycles: 0,
    failedCycles: 0,
  };
  private readonly where: { device: string; url: string };
  private readonly log: Logger;
  private session: Session | undefined;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private isClosed = false;
  private isStarted = false;

  constructor(
    private readonly spec: DeviceSpec,
    private readonly endpoint: MtconnectEndpoint,
    private readonly policy: HealthPolicy,
    private readonly ctx: DriverContext,
  ) {
    this.device = spec.id;
    this.where = { device: spec.id, url: spec.url };
    this.log = ctx.logger.child({ device: spec.id });
  }

  start(sink: DriverSink): void {
    if (this.isClosed || this.isStarted) return;
    this.isStarted = true;
    const health = new DeviceHealth(this.device, this.policy, (c) => sink.state(c), this.ctx.now, this.log);
    health.connecting();
    void this.run(sink, health);
  }

  async read(signalIds?: readonly string[]): Promise<DriverResult<Sample[]>> {
    if (this.isClosed) return { ok: false, error: this.cause("ONRAMP_MTCONNECT_CLOSED", "driver closed") };
    const known = new Set(this.spec.profile.signals.filter((s) => "mtconnect" in s.source).map((s) => s.id));
    const wanted = new Set(signalIds ?? known);
    const unknown = [...wanted].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      const what = `no MTConnect signal ${unknown.map((id) => `"${id}"`).join(", ")} in profile ${this.spec.profile.profile.id}`;
      return { ok: false, error: this.cause("ONRAMP_MTCONNECT_UNKNOWN_SIGNAL", what) };
    }
    const probe = await this.probe();
    if (!probe.ok) return probe;
    const map = resolveSignals(probe.value, this.spec.profile.signals);
    const current = await this.streams("current");
    if (!current.ok) return current;
    if ("outOfRange" in current.value)
      return {
        ok: false,
        error: this.cause("ONRAMP_MTCONNECT_AGENT_ERROR", "/current answered OUT_OF_RANGE"),
      };
    const at = this.ctx.now();
    const samples = this.samplesOf(current.value.observations, map, at).filter((s) => wanted.has(s.signal));
    for (const id of map.missing)
      if (wanted.has(id)) samples.push({ signal: id, value: null, quality: "bad", sourceTs: at });
    return { ok: true, value: samples };
  }

  async readIdentity(): Promise<DriverResult<DeviceIdentity>> {
    if (this.isClosed) return { ok: false, error: this.cause("ONRAMP_MTCONNECT_CLOSED", "driver closed") };
    if (this.spec.profile.profile.identity?.method !== "mtconnect-device") {
      const what = `profile ${this.spec.profile.profile.id} names no mtconnect-device identity`;
      return { ok: false, error: this.cause("ONRAMP_MTCONNECT_NO_IDENTITY", what) };
    }
    const probe = await this.probe();
    if (!probe.ok) return probe;
    const fields: Record<string, string> = { ...probe.value.description };
    if (probe.value.uuid) fields.uuid = probe.value.uuid;
    delete fields.station;
    if (fields.uuid === undefined && fields.serialNumber === undefined)
      return {
        ok: false,
        error: this.cause(
          "ONRAMP_MTCONNECT_NO_IDENTITY",
          "the Device has neither a uuid nor a serial number",
        ),
      };
    const method = "mtconnect-device";
    return { ok: true, value: { method, fingerprint: fingerprintOf(method, fields), fields } };
  }

  counters(): DriverCounters {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    this.isClosed = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  private async run(sink: DriverSink, health: DeviceHealth): Promise<void> {
    while (!this.isClosed) {
      this.counts.cycles += 1;
      const step =
        this.session === undefined
          ? await this.synchronise(sink)
          : await this.sample(sink, this.session, health);
      if (this.isClosed) return;
      if (step.ok) health.succeeded();
      else {
        this.counts.failedCycles += 1;
        health.failed(step.error);
      }
      await this.sleep(health.isDegraded ? health.nextDegradedDelayMs() : this.endpoint.intervalMs);
    }
  }

  /** /probe, then /current: the DataItems of the device, then every mapped DataItem's latest value. */
  private async synchronise(sink: DriverSink): Promise<Step> {
    const probe = await this.probe();
    if (!probe.ok) return probe;
    const map = resolveSignals(probe.value, this.spec.profile.signals);
    const current = await this.streams("current");
    if (!current.ok) return current;
    if ("outOfRange" in current.value)
      return {
        ok: false,
        error: this.cause("ONRAMP_MTCONNECT_AGENT_ERROR", "/current answered OUT_OF_RANGE"),
      };
    const { header, observations } = current.value;
    this.session = { instanceId: header.instanceId, map, next: header.nextSequence ?? 0 };
    this.deliver(sink, observations, map);
    sink.faults?.(
      this.device,
      map.missing.map((signal) => ({
        signal,
        cause: this.cause(
          "ONRAMP_MTCONNECT_DATAITEM_MISSING",
          `no DataItem of device ${probe.value.name ?? "?"} matches signal ${signal}`,
        ),
      })),
    );
    for (const signal of map.missing)
      this.log.warn(
        { code: "ONRAMP_MTCONNECT_DATAITEM_MISSING", signal },
        "no DataItem matches the signal: reported bad",
      );
    if (map.missing.length > 0) {
      const at = this.ctx.now();
      sink.samples(
        this.device,
        map.missing.map((signal) => ({ signal, value: null, quality: "bad" as const, sourceTs: at })),
      );
    }
    return { ok: true };
  }

  private async sample(sink: DriverSink, session: Session, health: DeviceHealth): Promise<Step> {
    const from = session.next;
    const answer = await this.streams(`sample?from=${from}&count=${this.endpoint.count}`, true);
    if (!answer.ok) return answer;
    if ("outOfRange" in answer.value) {
      this.gap(
        health,
        "ONRAMP_MTCONNECT_BUFFER_OVERFLOW",
        `the agent no longer holds sequence ${from} (OUT_OF_RANGE)`,
      );
      return this.synchronise(sink);
    }
    const { header, observations } = answer.value;
    if (header.instanceId !== session.instanceId) {
      this.counts.restarts += 1;
      this.gap(
        health,
        "ONRAMP_MTCONNECT_AGENT_RESTARTED",
        `the agent restarted (instanceId ${session.instanceId || "(empty)"} → ${header.instanceId || "(empty)"}): observations since sequence ${from} are lost`,
      );
      return this.synchronise(sink);
    }
    if (header.firstSequence !== undefined && header.firstSequence > from) {
      const lost = header.firstSequence - from;
      this.gap(
        health,
        "ONRAMP_MTCONNECT_BUFFER_OVERFLOW",
        `${lost} observation(s) lost: asked from sequence ${from}, the agent's buffer starts at ${header.firstSequence}`,
      );
      // What the agent still holds is valid and after the gap: deliver it, and carry on from there.
    }
    this.deliver(sink, observations, session.map);
    session.next = header.nextSequence ?? session.next;
    return { ok: true };
  }

  /** A gap: counted, logged, and reported as a disconnection that the next answer ends. */
  private gap(health: DeviceHealth, code: MtconnectErrorCode, what: string): void {
    this.counts.gaps += 1;
    if (code === "ONRAMP_MTCONNECT_BUFFER_OVERFLOW") this.counts.overflows += 1;
    this.session = undefined;
    health.linkDown(this.cause(code, what));
  }

  private deliver(sink: DriverSink, observations: readonly Observation[], map: SignalMap): void {
    const samples = this.samplesOf(observations, map, this.ctx.now());
    this.counts.observations += observations.length;
    if (samples.length > 0) sink.samples(this.device, samples);
  }

  private samplesOf(observations: readonly Observation[], map: SignalMap, at: number): Sample[] {
    const samples: Sample[] = [];
    for (const o of observations) {
      for (const signal of map.byDataItem.get(o.dataItemId) ?? []) {
        const observation =
          o.timestamp === undefined ? { text: o.text } : { text: o.text, timestamp: o.timestamp };
        samples.push(this.spec.profile.decode(signal, observation, at));
      }
    }
    return samples;
  }

  private async probe(): Promise<DriverResult<ProbeDevice>> {
    const fetched = await this.fetch("probe");
    if (!fetched.ok) return fetched;
    const doc = fetched.value;
    if (doc.kind !== "devices")
      return {
        ok: false,
        error: this.cause(
          "ONRAMP_MTCONNECT_BAD_DOCUMENT",
          `/probe answered ${doc.kind}, not MTConnectDevices`,
        ),
      };
    const device = pickDevice(doc.devices, this.endpoint.device);
    if (device === undefined) {
      const names = doc.devices.map((d) => d.name ?? d.uuid).join(", ");
      return {
        ok: false,
        error: this.cause("ONRAMP_MTCONNECT_NO_DEVICE", `the agent serves ${names || "no device"}`),
      };
    }
    return { ok: true, value: device };
  }

  private async streams(
    request: string,
    allowOutOfRange = false,
  ): Promise<DriverResult<{ header: Header; observations: readonly Observation[] } | { outOfRange: true }>> {
    const fetched = await this.fetch(request);
    if (!fetched.ok) return fetched;
    const doc = fetched.value;
    if (doc.kind === "streams") return { ok: true, value: doc };
    if (doc.kind === "error" && allowOutOfRange && doc.errorCodes.includes("OUT_OF_RANGE"))
      return { ok: true, value: { outOfRange: true } };
    if (doc.kind === "error")
      return {
        ok: false,
        error: this.cause(
          "ONRAMP_MTCONNECT_AGENT_ERROR",
          `/${request} answered ${doc.errorCodes.join(", ")}`,
        ),
      };
    return {
      ok: false,
      error: this.cause("ONRAMP_MTCONNECT_BAD_DOCUMENT", `/${request} answered MTConnectDevices`),
    };
  }

  private async fetch(request: string): Promise<DriverResult<Extract<Fetched, { ok: true }>["document"]>> {
    this.counts.requests += 1;
    const fetched = await fetchDocument(this.endpoint, request);
    if (fetched.ok) {
      this.counts.answers += 1;
      return { ok: true, value: fetched.document };
    }
    const code: MtconnectErrorCode =
      fetched.kind === "unreachable"
        ? "ONRAMP_MTCONNECT_UNREACHABLE"
        : fetched.kind === "http"
          ? "ONRAMP_MTCONNECT_HTTP"
          : "ONRAMP_MTCONNECT_BAD_DOCUMENT";
    return { ok: false, error: this.cause(code, fetched.detail) };
  }

  private cause(code: MtconnectErrorCode, what: string): DriverCause {
    return mtconnectCause(code, this.where, what);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}
