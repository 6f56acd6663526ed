import type { DeviceProof } from "@onramp/contract";
import type { Sample } from "@onramp/profiles";
import type { OPCUACertificateManager } from "node-opcua";
import type { Logger } from "pino";
import type {
  DeviceIdentity,
  DeviceSpec,
  DeviceState,
  Driver,
  DriverCause,
  DriverCounters,
  DriverResult,
  DriverSink,
  SignalFault,
} from "../driver.js";
import { proveDevice } from "./device-proof.js";
import { withTimeout } from "./discovery.js";
import { cause, messageOf } from "./errors.js";
import { type Connected, type FeedRun, runFeed } from "./feed-runner.js";
import { readIdentity } from "./identity.js";
import { type LinkContext, openLink } from "./link.js";
import { badStatusCause, readValues } from "./read-values.js";
import { type ResolvedNodes, resolveNodes } from "./resolve.js";
import { SourceOrder } from "./source-order.js";
import type { ValueChange } from "./subscription-feed.js";
import { describeConnection, type OpcuaConnectionOptions } from "./url.js";

const BACKOFF_INITIAL_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** A feed that lived this long was healthy: the next failure starts the backoff afresh. */
const HEALTHY_FEED_MS = 10_000;
const CLOSED: DriverResult<never> = {
  ok: false,
  error: cause("ONRAMP_OPCUA_CLOSED", "the driver is closed"),
};

export class OpcuaDriver implements Driver {
  readonly device: string;
  readonly #spec: DeviceSpec;
  readonly #options: OpcuaConnectionOptions;
  readonly #ctx: LinkContext;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #where: string;
  readonly #counters: Record<string, number> = {};
  /** Sample times of the subscribed signals never go back (source-order.ts). */
  readonly #sourceOrder = new SourceOrder();
  #sink: DriverSink | undefined;
  #connected: Connected | undefined;
  #connecting: Promise<DriverResult<Connected>> | undefined;
  #feed: FeedRun | undefined;
  #lastReport: string | undefined;
  #lastFaults: string | undefined;
  #wake: (() => void) | undefined;
  #closing: Promise<void> | undefined;
  #hasWarnedInsecure = false;

  constructor(spec: DeviceSpec, options: OpcuaConnectionOptions, ctx: LinkContext, now: () => number) {
    this.device = spec.id;
    this.#spec = spec;
    this.#options = options;
    this.#ctx = ctx;
    this.#now = now;
    this.#log = ctx.logger.child({ device: spec.id });
    this.#where = `device "${spec.id}" at ${describeConnection(options)}`;
  }

  start(sink: DriverSink): void {
    if (this.#sink || this.#closing) return;
    this.#sink = sink;
    this.#report("connecting");
    this.#supervise().catch((error: unknown) => {
      // A bug, not a device failure: every expected failure is a value inside the loop.
      this.#log.error(
        { code: "ONRAMP_OPCUA_DRIVER_BUG", err: messageOf(error) },
        "the OPC UA driver stopped",
      );
    });
  }

  async readIdentity(): Promise<DriverResult<DeviceIdentity>> {
    const conn = await this.#connect();
    if (!conn.ok) return conn;
    return readIdentity(conn.value.link, conn.value.resolved, this.#spec.profile, this.#where);
  }

  /** A Read service call with maxAge 0, never an answer from the subscription's values. */
  async read(signalIds?: readonly string[]): Promise<DriverResult<Sample[]>> {
    const known = new Set(this.#spec.profile.signals.map((s) => s.id));
    const ids = signalIds ?? [...known];
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      return {
        ok: false,
        error: cause(
          "ONRAMP_OPCUA_READ_FAILED",
          `${this.#where}: the profile has no signal ${unknown.join(", ")}`,
        ),
      };
    }
    const conn = await this.#connect();
    if (!conn.ok) return conn;
    const { session } = conn.value.link;
    const nodes = conn.value.resolved.signals;
    // A signal whose browse path did not resolve has no node: its sample says why (the failed
    // path segment, from resolveNodes), not just "bad".
    const faults = new Map(conn.value.resolved.faults.map((f) => [f.signal, f.cause]));
    const rootRequired = this.#rootRequired(ids, faults);
    if (rootRequired) return { ok: false, error: rootRequired };
    try {
      const changes = await withTimeout(
        readValues(
          session,
          ids.map((signal) => ({ signal, nodeId: nodes.get(signal) })),
        ),
        this.#options.timeoutMs,
        "Read",
      );
      this.#count("reads");
      const at = this.#now();
      const bySignal = new Map(changes.map((c) => [c.signal, c]));
      return {
        ok: true,
        value: ids.map((id) => {
          const change = bySignal.get(id);
          if (!change) return badSample(id, at, faults.get(id));
          const sample = this.#spec.profile.decode(id, change.dataValue, at);
          const status = sample.error ? undefined : badStatusCause(this.#where, id, change.dataValue);
          return status ? { ...sample, error: status } : sample;
        }),
      };
    } catch (error) {
      return {
        ok: false,
        error: cause("ONRAMP_OPCUA_READ_FAILED", `${this.#where}: Read failed: ${messageOf(error)}`),
      };
    }
  }

  /**
   * A profile whose browse paths are relative to a machine object (OPC 40501's MachineToolType
   * instance) read with no root= and no profile root resolves nothing from the Objects folder: the
   * cause is the URL, not each signal, so say what to add instead of listing N unresolved paths.
   */
  #rootRequired(ids: readonly string[], faults: ReadonlyMap<string, DriverCause>): DriverCause | undefined {
    const rootPath = this.#options.root ?? this.#spec.profile.profile.root ?? "";
    const unresolved = ids.filter((id) => faults.get(id)?.code === "ONRAMP_OPCUA_NODE_UNRESOLVED");
    if (rootPath !== "" || ids.length === 0 || unresolved.length < ids.length) return undefined;
    const namespaces = this.#spec.profile.profile.namespaces ?? {};
    const listing = "machinery" in namespaces ? "machinery:Machines" : "/";
    return cause(
      "ONRAMP_OPCUA_ROOT_REQUIRED",
      `${this.#where}: none of the profile's ${ids.length} browse paths is found below Objects, and neither the URL nor the profile gives the device root: add root=<browse path of the device object> to the URL (e.g. root=machinery:Machines/<ns>:<MachineName> for an OPC 40501 machine); \`onramp-agent probe --connection <url> --profile <file> --browse ${listing}\` lists the candidates`,
    );
  }

  /**
   * The device's own signature over the challenge nonce (see device-proof.ts), from a short
   * session apart from the data link, so a proof never disturbs the subscription.
   */
  async proveIdentity(nonce: string): Promise<DriverResult<DeviceProof>> {
    if (this.#closing) return CLOSED;
    let certificateManager: OPCUACertificateManager;
    try {
      certificateManager = await this.#ctx.certificateManager();
    } catch (error) {
      return {
        ok: false,
        error: cause(
          "ONRAMP_OPCUA_DEVICE_PROOF_FAILED",
          `${this.#where}: cannot open the certificate store: ${messageOf(error)}`,
        ),
      };
    }
    const proof = await proveDevice(
      this.#options,
      this.#ctx.identity,
      certificateManager,
      nonce,
      this.#where,
    );
    this.#count(proof.ok && proof.value.kind !== "none" ? "deviceProofs" : "deviceProofsMissing");
    return proof;
  }

  counters(): DriverCounters {
    return { ...this.#counters };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#wake?.();
      this.#feed?.stop();
      await this.#connecting;
      await this.#dropConnection();
    })();
    return this.#closing;
  }

  async #supervise(): Promise<void> {
    let failures = 0;
    while (!this.#closing) {
      const conn = await this.#connect();
      if (this.#closing) return;
      if (!conn.ok) {
        this.#report("disconnected", conn.error);
        await this.#sleep(backoffMs(failures++));
        continue;
      }
      const startedAt = this.#now();
      this.#feed = runFeed({
        conn: conn.value,
        profile: this.#spec.profile,
        options: this.#options,
        where: this.#where,
        logger: this.#log,
        now: this.#now,
        report: (state, why, at) => this.#report(state, why, at),
        deliver: (changes) => this.#deliver(changes),
        faults: (faults) => this.#faults(faults),
        reresolve: () => this.#reresolve(conn.value),
        count: (name, n) => this.#count(name, n),
      });
      const outcome = await this.#feed.outcome;
      this.#feed = undefined;
      if (this.#closing) return;
      if (outcome.cause && !outcome.isReported) this.#report("disconnected", outcome.cause, outcome.at);
      if (outcome.isLinkBroken) await this.#dropConnection();
      failures = this.#now() - startedAt > HEALTHY_FEED_MS ? 0 : failures + 1;
      if (failures > 1) await this.#sleep(backoffMs(failures - 2));
    }
  }

  #connect(): Promise<DriverResult<Connected>> {
    if (this.#closing) return Promise.resolve(CLOSED);
    if (this.#connected) return Promise.resolve({ ok: true, value: this.#connected });
    this.#connecting ??= (async (): Promise<DriverResult<Connected>> => {
      try {
        const link = await openLink(this.#options, this.device, this.#where, {
          ...this.#ctx,
          logger: this.#log,
        });
        if (!link.ok) return link;
        const rootPath = this.#options.root ?? this.#spec.profile.profile.root ?? "";
        const resolved = await resolveNodes(
          link.value.session,
          link.value.namespaceArray,
          this.#spec.profile,
          rootPath,
          this.#where,
        );
        if (!resolved.ok || this.#closing) {
          await link.value.close();
          return resolved.ok ? CLOSED : resolved;
        }
        this.#connected = { link: link.value, resolved: resolved.value };
        this.#count("connects");
        this.#log.info(
          {
            code: "ONRAMP_OPCUA_CONNECTED",
            endpoint: this.#options.endpointUrl,
            security: this.#options.securityMode,
            signals: resolved.value.signals.size,
          },
          "connected",
        );
        if (this.#options.securityMode === "None" && !this.#hasWarnedInsecure) {
          this.#hasWarnedInsecure = true;
          this.#log.warn(
            { code: "ONRAMP_OPCUA_INSECURE" },
            "security=None: traffic with this device is neither signed nor encrypted",
          );
        }
        return { ok: true, value: this.#connected };
      } finally {
        this.#connecting = undefined;
      }
    })();
    return this.#connecting;
  }

  async #reresolve(conn: Connected): Promise<DriverResult<ResolvedNodes>> {
    const namespaceArray = await conn.link.session.readNamespaceArray();
    const rootPath = this.#options.root ?? this.#spec.profile.profile.root ?? "";
    return resolveNodes(conn.link.session, namespaceArray, this.#spec.profile, rootPath, this.#where);
  }

  async #dropConnection(): Promise<void> {
    const conn = this.#connected;
    this.#connected = undefined;
    await conn?.link.close();
  }

  #deliver(changes: readonly ValueChange[]): void {
    const at = this.#now();
    const decode = this.#spec.profile.decode;
    const restamped = this.#sourceOrder.restamped;
    this.#sink?.samples(
      this.device,
      changes.map((c) => {
        const sample = decode(c.signal, c.dataValue, at);
        // A heartbeat replay is vouched for at its replay time, not at the last change.
        const vouched = c.vouchedAt === undefined ? sample : { ...sample, sourceTs: c.vouchedAt };
        return this.#sourceOrder.order(vouched, at);
      }),
    );
    if (this.#sourceOrder.restamped > restamped)
      this.#count("samplesRestamped", this.#sourceOrder.restamped - restamped);
  }

  #faults(faults: readonly SignalFault[]): void {
    const key = JSON.stringify(faults);
    if (key !== this.#lastFaults) {
      for (const f of faults) this.#log.warn({ code: f.cause.code, signal: f.signal }, f.cause.message);
      this.#lastFaults = key;
    }
    this.#sink?.faults?.(this.device, faults);
    const at = this.#now();
    if (faults.length > 0)
      this.#sink?.samples(
        this.device,
        faults.map((f) => badSample(f.signal, at)),
      );
  }

  #report(state: DeviceState, why?: DriverCause, at?: number): void {
    const key = `${state}|${why?.code ?? ""}`;
    if (key === this.#lastReport) return;
    this.#lastReport = key;
    if (why) this.#log.warn({ code: why.code, state }, why.message);
    this.#sink?.state({ device: this.device, state, at: at ?? this.#now(), ...(why ? { cause: why } : {}) });
  }

  #count(name: string, n = 1): void {
    this.#counters[name] = (this.#counters[name] ?? 0) + n;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}

function backoffMs(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** Math.min(failures, 16));
}

function badSample(signal: string, at: number, error?: DriverCause): Sample {
  return { signal, value: null, quality: "bad", sourceTs: at, ...(error ? { error } : {}) };
}
