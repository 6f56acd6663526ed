import { type BirthDevice, type Identity, IdentitySourceSchema, MAX_TEXT_LENGTH } from "@onramp/contract";
import type { Logger } from "pino";
import type { ResolvedDevice } from "./config/resolve-devices.js";
import type { DeviceIdentity, Driver, DriverCounters, DriverSink } from "./drivers/driver.js";
import type { DriverRegistry } from "./drivers/registry.js";
import { identityRetryDelayMs } from "./identity/identity-retry.js";
import { nameplateIdentity, withNameplate } from "./identity/nameplate.js";
import type { Pipeline } from "./pipeline/pipeline.js";

interface Running {
  readonly config: ResolvedDevice;
  readonly driver: Driver;
  identity: Identity | null;
  /** The next identity read after a failed one (identity-retry.ts), cleared when the device stops. */
  identityRetry?: NodeJS.Timeout;
}

/**
 * The running drivers, keyed by device id. Starting, stopping and reloading devices happens here,
 * one device at a time: a device whose config did not change keeps its driver and connection.
 */
export class AgentDevices {
  readonly #running = new Map<string, Running>();
  readonly #failed = new Map<string, { code: string; message: string }>();
  /** The apply in progress: applies run one after the other, so two quick SIGHUPs never start a device twice. */
  #applying: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly registry: DriverRegistry,
    private readonly pipeline: Pipeline,
    private readonly logger: Logger,
    /** The set of devices or an identity changed: a new birth is due. */
    private readonly onBirthChanged: () => void,
  ) {}

  /** Applies a device list: stops removed or changed devices, starts new or changed ones. */
  apply(
    devices: readonly ResolvedDevice[],
  ): Promise<{ started: string[]; stopped: string[]; kept: string[] }> {
    const applied = this.#applying.then(() => this.#apply(devices));
    this.#applying = applied.catch(() => undefined);
    return applied;
  }

  async #apply(
    devices: readonly ResolvedDevice[],
  ): Promise<{ started: string[]; stopped: string[]; kept: string[] }> {
    const wanted = new Map(devices.filter((d) => d.enabled).map((d) => [d.id, d]));
    const stopped: string[] = [];
    const kept: string[] = [];
    for (const [id, running] of this.#running) {
      const next = wanted.get(id);
      if (
        next !== undefined &&
        next.url === running.config.url &&
        next.mappingHash === running.config.mappingHash &&
        next.nameplateSerial === running.config.nameplateSerial
      ) {
        kept.push(id);
        continue;
      }
      await this.#stop(id);
      stopped.push(id);
    }
    const started: string[] = [];
    for (const device of wanted.values()) {
      if (this.#running.has(device.id)) continue;
      await this.#start(device);
      started.push(device.id);
    }
    if (started.length > 0 || stopped.length > 0) this.onBirthChanged();
    return { started, stopped, kept };
  }

  get(id: string): { driver: Driver; fingerprint: string | undefined } | undefined {
    const running = this.#running.get(id);
    return running && { driver: running.driver, fingerprint: running.identity?.fingerprint };
  }

  /** The device's driver counters; none for a device that is not running or whose driver keeps none. */
  counters(id: string): DriverCounters {
    return this.#running.get(id)?.driver.counters?.() ?? {};
  }

  birthDevices(): BirthDevice[] {
    return [...this.#running.values()].map(({ config, identity }) => ({
      id: config.id,
      profile: profileRef(config),
      mapping: config.mappingHash,
      class: config.profile.profile.class,
      identity,
    }));
  }

  /** Devices whose driver could not be created (bad URL, unknown scheme), with why. */
  failures(): ReadonlyMap<string, { code: string; message: string }> {
    return this.#failed;
  }

  async stopAll(): Promise<void> {
    await this.#applying; // else a device the running apply starts next would outlive the stop
    for (const id of [...this.#running.keys()]) await this.#stop(id);
  }

  identityChanged(id: string): void {
    const running = this.#running.get(id);
    if (running) void this.#readIdentity(running);
  }

  async #start(device: ResolvedDevice): Promise<void> {
    this.#failed.delete(device.id);
    const created = await this.registry.create({ id: device.id, url: device.url, profile: device.profile });
    if (!created.ok) {
      this.#failed.set(device.id, created.error);
      this.logger.error({ device: device.id, code: created.error.code }, created.error.message);
      return;
    }
    const driver =
      device.nameplateSerial === undefined
        ? created.value
        : withNameplate(created.value, nameplateIdentity(device.profile.profile, device.nameplateSerial));
    const running: Running = { config: device, driver, identity: null };
    this.#running.set(device.id, running);
    this.pipeline.addDevice(device.id, device.profile);
    const sink: DriverSink = {
      samples: (id, samples) => this.pipeline.sink.samples(id, samples),
      state: (change) => {
        this.pipeline.sink.state(change);
        if (change.state === "connected" && this.#running.get(device.id) === running)
          void this.#readIdentity(running);
      },
    };
    driver.start(sink);
  }

  async #stop(id: string): Promise<void> {
    const running = this.#running.get(id);
    this.#running.delete(id);
    this.pipeline.removeDevice(id);
    clearTimeout(running?.identityRetry);
    await running?.driver.close();
  }

  async #readIdentity(running: Running, attempt = 0): Promise<void> {
    clearTimeout(running.identityRetry);
    const result = await running.driver.readIdentity();
    if (this.#running.get(running.config.id) !== running) return; // stopped or replaced meanwhile
    if (!result.ok) {
      const retryInMs = identityRetryDelayMs(attempt);
      this.logger.warn(
        { device: running.config.id, code: result.error.code, retryInMs },
        `${result.error.message}; identity read again in ${retryInMs / 1000} s`,
      );
      running.identityRetry = setTimeout(() => void this.#readIdentity(running, attempt + 1), retryInMs);
      running.identityRetry.unref();
      return;
    }
    const identity = toIdentity(result.value);
    if (identity === null)
      this.logger.warn(
        { device: running.config.id, method: result.value.method },
        `device "${running.config.id}": identity method ${result.value.method} is not a source the birth contract knows; announced without a fingerprint`,
      );
    if (identity?.fingerprint === running.identity?.fingerprint) return;
    running.identity = identity;
    this.pipeline.setFingerprint(running.config.id, identity?.fingerprint);
    this.onBirthChanged();
  }
}

/** The contract's profile reference, `vendor/model@version`. */
export function profileRef(device: ResolvedDevice): string {
  const { id, version } = device.profile.profile;
  return `${id}@${version}`;
}

function toIdentity(identity: DeviceIdentity): Identity | null {
  const source = IdentitySourceSchema.safeParse(identity.method);
  if (!source.success) return null;
  const fields = Object.fromEntries(
    Object.entries(identity.fields)
      .filter(([k]) => k.length > 0 && k.length <= 64)
      .map(([k, v]) => [k, v.slice(0, MAX_TEXT_LENGTH)]),
  );
  return { fingerprint: identity.fingerprint.slice(0, 256), source: source.data, fields };
}
