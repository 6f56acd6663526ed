import type { Profile, Signal } from "@onramp/profiles";

/** One signal's monitored item, in the units the server compares (raw, before scale/offset). */
export interface MonitoredSignal {
  readonly signal: string;
  readonly samplingIntervalMs: number;
  readonly queueSize: number;
  /** Absolute deadband on the raw value (DataChangeFilter, OPC 10000-4 §7.22.2); undefined for none. */
  readonly deadband: number | undefined;
}

export interface MonitoringPlan {
  readonly publishingIntervalMs: number;
  readonly maxSamplingIntervalMs: number;
  readonly items: readonly MonitoredSignal[];
}

/**
 * Sampling, queue and deadband per signal from the profile. The profile's `percentOfRange`
 * deadband is relative to the profile's `range` (after scaling); the OPC UA PercentDeadband is
 * relative to the server's EURange, which many variables lack (BadFilterNotAllowed) or set
 * differently. Both deadbands are therefore sent as the OPC UA Absolute deadband, converted to
 * raw units: the server then filters exactly as the profile means.
 */
export function planMonitoring(
  profile: Profile,
  signalIds: readonly string[],
  publishingIntervalMs: number | undefined,
): MonitoringPlan {
  const bySignal = new Map(profile.signals.map((s) => [s.id, s]));
  const sampling = (s: Signal) =>
    ("opcua" in s.source ? s.source.opcua.samplingIntervalMs : undefined) ??
    s.pollIntervalMs ??
    profile.defaults.pollIntervalMs;
  const signals = signalIds.flatMap((id) => {
    const s = bySignal.get(id);
    return s ? [s] : [];
  });
  const intervals = signals.map(sampling);
  const publishing =
    publishingIntervalMs ?? Math.max(50, Math.min(...intervals, profile.defaults.pollIntervalMs));
  const items = signals.map((s) => {
    const samplingIntervalMs = sampling(s);
    const explicitQueue = "opcua" in s.source ? s.source.opcua.queueSize : undefined;
    return {
      signal: s.id,
      samplingIntervalMs,
      // Enough room for every sample of one publishing interval, so none is dropped between publishes.
      queueSize:
        explicitQueue ?? Math.min(100, Math.max(1, Math.ceil(publishing / Math.max(1, samplingIntervalMs)))),
      deadband: rawDeadband(s),
    };
  });
  return { publishingIntervalMs: publishing, maxSamplingIntervalMs: Math.max(0, ...intervals), items };
}

/** The signal's deadband in raw units: engineering = raw × scale + offset, so Δraw = Δengineering / |scale|. */
export function rawDeadband(signal: Signal): number | undefined {
  const d = signal.deadband;
  if (!d || d.value === 0) return undefined;
  const engineering =
    d.kind === "absolute" ? d.value : ((signal.range?.[1] ?? 0) - (signal.range?.[0] ?? 0)) * (d.value / 100);
  const scale = Math.abs(signal.scale ?? 1);
  return scale === 0 ? undefined : engineering / scale;
}

/**
 * Items sharing monitoring parameters go into one CreateMonitoredItems call, at most `batchSize`
 * per call: node-opcua servers never answer a single call with 10,000 items (PEERS.md).
 */
export function batchesOf(items: readonly MonitoredSignal[], batchSize: number): MonitoredSignal[][] {
  const groups = new Map<string, MonitoredSignal[]>();
  for (const item of items) {
    const key = `${item.samplingIntervalMs}|${item.queueSize}|${item.deadband ?? ""}`;
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  }
  const batches: MonitoredSignal[][] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += batchSize) batches.push(group.slice(i, i + batchSize));
  }
  return batches;
}
