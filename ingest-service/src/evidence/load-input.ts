import { IngestError } from "../errors.js";
import type {
  ChallengeResult,
  DeviceRecord,
  EnterpriseInput,
  FingerprintClaim,
  HourlyLedgerRow,
  IdentityChange,
  IndicatorParams,
  MappingChange,
  NameplateConfirmation,
  Period,
  PresenceEvent,
  ReceivedFrame,
  ReplaySummary,
  SignalSeries,
} from "../indicators/index.js";
import { DeviceRelations } from "../state/device-relations.js";
import { decodeSampleTimes, devicesAliveIn } from "../state/frame-log.js";
import { currentFingerprintClaims } from "../state/identity-log.js";
import { hourOf } from "../state/ledger.js";
import { type DeclaredEquipment, type Device, Registry } from "../state/registry.js";
import type { SqlExecutor } from "../state/sql-client.js";
import type { SignalReader } from "../store/telemetry-store.js";
import { resetsFromReconnections } from "./counter-resets.js";
import { indicatorEnterprise, readEnterpriseMeta } from "./enterprise-meta.js";
import { eventsOfFrame, type FrameLogRange, type LogRow, summariseFrameLog } from "./frame-log-summary.js";
import type { ProfileSignals } from "./profile-signals.js";

/** Bounds on one report (inputs are held in memory): the API refuses larger requests. */
export const LIMITS = {
  maxPeriodMs: 31 * 86_400_000,
  /** History before the period: the state at `from` and yesterday's frames for the replay check. */
  historyMs: 86_400_000,
  /** Frames handed to the report whole; a longer frame log is summarised (frame-log-summary.ts). */
  maxFrames: 250_000,
  maxPointsPerSignal: 100_000,
} as const;

export interface LoadedInput {
  input: EnterpriseInput;
  /** The registry rows behind `input.devices` (the bundle carries them). */
  registry: Device[];
  /** The enterprise's equipment declarations behind `input.devices` (the bundle carries them). */
  declared: DeclaredEquipment[];
}

/**
 * Fills `computeEnterpriseReport`'s input for one enterprise and period from the SQL state and
 * the telemetry store. Nothing is computed here: every indicator is the pure core's.
 */
export async function loadEnterpriseInput(
  deps: {
    sql: SqlExecutor;
    store: SignalReader;
    signalsOf: ProfileSignals;
    /** Presence thresholds and replay parameters: a summarised frame log is folded with them. */
    params: IndicatorParams;
    /** Frames (with the history) handed over whole; past this the frame log is summarised. */
    framesInFull?: number;
    /** Points read per signal (default `LIMITS.maxPointsPerSignal`). */
    maxPointsPerSignal?: number;
  },
  ent: string,
  period: Period,
): Promise<LoadedInput> {
  if (period.to - period.from > LIMITS.maxPeriodMs) {
    throw new IngestError(
      "ONRAMP_PERIOD_TOO_LONG",
      `a report covers at most 31 days; asked for ${period.from}..${period.to}`,
    );
  }
  const meta = await readEnterpriseMeta(deps.sql, ent);
  if (meta === undefined) throw new IngestError("ONRAMP_NOT_FOUND", `no enterprise ${ent}`);
  // One record per device id: the same id on two gateways of one enterprise is one machine moved.
  const registryStore = new Registry(deps.sql);
  const rows = (await registryStore.listDevices(ent)).filter((d) => d.firstBirthAt < period.to);
  const registry = [...rows]
    .sort((a, b) => a.id.localeCompare(b.id) || a.gw.localeCompare(b.gw))
    .filter((d, i, all) => i === 0 || all[i - 1]?.id !== d.id);
  // Identity is the device's current one (issue 14): the fingerprint its latest birth announced,
  // whichever gateway that was, so uniqueness never judges a machine that has since been replaced.
  const current = new Map<string, Device>();
  for (const row of rows) {
    const seen = current.get(row.id);
    if (seen === undefined || row.lastBirthAt > seen.lastBirthAt) current.set(row.id, row);
  }
  // Equipment the enterprise declared counts whether or not a gateway ever announced it (issue 14).
  const declared = (await registryStore.listDeclaredEquipment(ent)).filter((e) => e.registeredAt < period.to);
  const declaredById = new Map(declared.map((e) => [e.id, e]));
  const announced = new Set(registry.map((d) => d.id));
  const devices = [
    ...registry.map((d) => deviceRecord(d, current.get(d.id) ?? d, deps.signalsOf, declaredById.get(d.id))),
    ...declared.filter((e) => !announced.has(e.id)).map(declaredOnlyRecord),
  ];
  const frameLog = await readFrameLog(
    deps,
    { ent, since: period.from - LIMITS.historyMs, period },
    registry,
    devices,
  );
  return {
    registry,
    declared,
    input: {
      enterprise: indicatorEnterprise(meta),
      period,
      devices,
      presence: frameLog.presence,
      ledger: await ledgerRows(deps.sql, ent, period),
      series: await signalSeries(
        deps.store,
        registry,
        devices,
        period,
        deps.maxPointsPerSignal ?? LIMITS.maxPointsPerSignal,
      ),
      frames: frameLog.frames,
      ...(frameLog.replay === undefined ? {} : { replay: frameLog.replay }),
      resets: resetsFromReconnections(devices, frameLog.presence),
      challenges: await challengeResults(deps.sql, ent, period),
      mappingChanges: await mappingChanges(deps.sql, ent, period),
      fingerprintPeers: await fingerprintPeers(deps.sql, devices),
      identityChanges: await identityChanges(deps.sql, ent, period),
      nameplates: await nameplates(deps.sql, ent),
      relations: (await new DeviceRelations(deps.sql).list(ent)).map(({ kind, from, to }) => ({
        kind,
        from,
        to,
      })),
    },
  };
}

/**
 * A device on an enrolled gateway was declared networked and digital by being connected to it,
 * unless the enterprise's own equipment declaration says otherwise; key-process and CNC are the
 * enterprise's declarations (INDICATORS §1, §2.3). Declared before its first birth, it is judged
 * from the declaration: the machine existed, unconnected, since then.
 */
function deviceRecord(
  d: Device,
  current: Device,
  signalsOf: ProfileSignals,
  declared: DeclaredEquipment | undefined,
): DeviceRecord {
  return {
    id: d.id,
    enterprise: d.ent,
    class: d.class,
    keyProcess: d.keyProcess,
    declaredNetworked: declared?.declaredNetworked ?? true,
    declaredDigital: declared?.declaredDigital ?? true,
    declaredCnc: d.cnc,
    ...(current.fingerprint === null ? {} : { fingerprint: current.fingerprint }),
    ...(current.fingerprint === null || current.identitySource === null
      ? {}
      : { identitySource: current.identitySource }),
    ...(current.certificateSha256 === null ? {} : { certificateSha256: current.certificateSha256 }),
    registeredAt: Math.min(d.firstBirthAt, declared?.registeredAt ?? d.firstBirthAt),
    ...(declared?.retiredAt == null ? {} : { retiredAt: declared.retiredAt }),
    signals: signalsOf(d.profile) ?? [],
  };
}

/**
 * Declared equipment no gateway announced: it stays at evidence level `declared`, counts in the
 * declared rates as declared and in the denominators of the verified ones (issue 14), so an
 * enterprise cannot reach 100 % by leaving its unconnected machines out.
 */
function declaredOnlyRecord(e: DeclaredEquipment): DeviceRecord {
  return {
    id: e.id,
    enterprise: e.ent,
    class: e.class,
    keyProcess: e.keyProcess,
    declaredNetworked: e.declaredNetworked,
    declaredDigital: e.declaredDigital,
    declaredCnc: e.declaredCnc,
    registeredAt: e.registeredAt,
    ...(e.retiredAt === null ? {} : { retiredAt: e.retiredAt }),
    signals: [],
  };
}

/**
 * The frame log of the range: whole, as `frames` and one presence event per frame, while it has
 * at most `framesInFull` frames (a bundle's verifier then recomputes the replay check from them);
 * past that, summarised (`summariseFrameLog`): presence as runs of frames and the replay check's
 * findings, the same report from a memory that does not grow with the frames.
 */
async function readFrameLog(
  deps: { sql: SqlExecutor; params: IndicatorParams; framesInFull?: number },
  range: FrameLogRange,
  registry: readonly Device[],
  devices: readonly DeviceRecord[],
): Promise<{ presence: PresenceEvent[]; frames: ReceivedFrame[]; replay?: ReplaySummary }> {
  const inFull = deps.framesInFull ?? LIMITS.maxFrames;
  // Counted first (the index alone answers): loading a log only to find it too long costs seconds.
  const [counted] = await deps.sql.query<{ n: number }>(
    `SELECT COUNT(*)::int AS n FROM (SELECT 1 FROM frame_log
       WHERE ent = $1 AND received_at >= $2 AND received_at < $3 LIMIT $4) AS head`,
    [range.ent, range.since, range.period.to, inFull + 1],
  );
  if (Number(counted?.n ?? 0) > inFull) {
    const summary = await summariseFrameLog(deps.sql, range, registry, devices, deps.params);
    return { presence: summary.presence, frames: [], replay: summary.replay };
  }
  const log = await deps.sql.query<LogRow>(
    `SELECT gw, kind, sess, seq, ts, received_at AS "receivedAt", digest, devices FROM frame_log
     WHERE ent = $1 AND received_at >= $2 AND received_at < $3 ORDER BY received_at, gw, sess, seq LIMIT $4`,
    [range.ent, range.since, range.period.to, inFull + 1],
  );
  if (log.length > inFull) {
    // Frames arrived between the count and the read.
    const summary = await summariseFrameLog(deps.sql, range, registry, devices, deps.params);
    return { presence: summary.presence, frames: [], replay: summary.replay };
  }
  return { presence: presenceEvents(log, registry), frames: receivedFrames(log) };
}

/**
 * Only the first copy of a frame is a sign of life: a replayed copy must not keep a device online.
 * And only for the devices with a good sample with a value in it (INDICATORS §4).
 */
function presenceEvents(log: readonly LogRow[], registry: readonly Device[]): PresenceEvent[] {
  const events: PresenceEvent[] = [];
  const seen = new Set<string>();
  const known = new Set(registry.map((d) => d.id));
  for (const row of log) {
    const key = `${row.gw}\u0000${row.sess}\u0000${row.seq}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (row.kind === "data") {
      // Only a frame with a good sample with a value is a sign of life (INDICATORS §4).
      for (const dev of devicesAliveIn(row.devices))
        if (known.has(dev)) events.push({ device: dev, at: row.receivedAt, kind: "frame", gateway: row.gw });
    } else {
      events.push(...eventsOfFrame(row, registry, known));
    }
  }
  return events;
}

function receivedFrames(log: readonly LogRow[]): ReceivedFrame[] {
  return log
    .filter((r) => r.kind === "data")
    .map((r) => ({
      receivedAt: r.receivedAt,
      digest: r.digest,
      gw: r.gw,
      sess: r.sess,
      seq: r.seq,
      ts: r.ts,
      devices: decodeSampleTimes(r.devices),
    }));
}

async function ledgerRows(sql: SqlExecutor, ent: string, period: Period): Promise<HourlyLedgerRow[]> {
  const rows = await sql.query<Omit<HourlyLedgerRow, "samplesBySignal">>(
    `SELECT dev AS device, hour AS "hourStart", SUM(frames)::bigint AS frames, SUM(samples)::bigint AS samples,
       SUM(gaps)::bigint AS gaps, SUM(duplicates)::bigint AS duplicates, SUM(rejections)::bigint AS rejections
     FROM ledger WHERE ent = $1 AND dev <> '' AND hour >= $2 AND hour < $3
     GROUP BY dev, hour ORDER BY dev, hour`,
    [ent, hourOf(period.from - LIMITS.historyMs), period.to],
  );
  // bigint sums come back as text from some drivers; the schema wants integers.
  return rows.map((r) => ({
    device: r.device,
    hourStart: Number(r.hourStart),
    frames: Number(r.frames),
    samples: Number(r.samples),
    gaps: Math.max(0, Number(r.gaps)),
    duplicates: Number(r.duplicates),
    rejections: Number(r.rejections),
  }));
}

/** Every signal of the device's profile, from an hour before the period (the state at its start). */
async function signalSeries(
  store: SignalReader,
  registry: readonly Device[],
  devices: readonly DeviceRecord[],
  period: Period,
  maxPoints: number,
): Promise<SignalSeries[]> {
  const series: SignalSeries[] = [];
  const gatewayOf = new Map(registry.map((d) => [d.id, d.gw]));
  for (const device of devices) {
    // Declared-only equipment has no gateway and no signals: nothing to read.
    const gw = gatewayOf.get(device.id);
    if (gw === undefined) continue;
    for (const signal of device.signals) {
      const points = await store.readSignal({
        ent: device.enterprise,
        gw,
        dev: device.id,
        signal: signal.id,
        from: period.from - 3_600_000,
        to: period.to,
        // One more than kept: whether the signal has points past the bound.
        limit: maxPoints + 1,
      });
      if (points.length === 0) continue;
      series.push({
        device: device.id,
        signal: signal.id,
        role: signal.role,
        points: points.slice(0, maxPoints).map((p) => ({ t: p.t, v: p.value, q: p.quality })),
        ...(points.length > maxPoints ? { truncated: true as const } : {}),
      });
    }
  }
  return series;
}

async function challengeResults(sql: SqlExecutor, ent: string, period: Period): Promise<ChallengeResult[]> {
  const rows = await sql.query<Omit<ChallengeResult, "signals"> & { signals: string[] | null }>(
    `SELECT dev AS device, id, issued_at AS "issuedAt", nonce, deadline_ms AS "deadlineMs", signals, reply
     FROM challenges WHERE ent = $1 AND issued_at >= $2 AND issued_at < $3 ORDER BY issued_at, id LIMIT 10000`,
    [ent, period.from, period.to],
  );
  return rows.map(({ signals, ...rest }) => (signals === null ? rest : { ...rest, signals }));
}

async function mappingChanges(sql: SqlExecutor, ent: string, period: Period): Promise<MappingChange[]> {
  return sql.query<MappingChange>(
    `SELECT dev AS device, at, gw AS gateway, previous_hash AS "previousHash", hash,
       previous_class AS "previousClass", class, previous_profile AS "previousProfile", profile
     FROM mapping_changes WHERE ent = $1 AND at >= $2 AND at < $3 ORDER BY at, dev LIMIT 10000`,
    [ent, period.from, period.to],
  );
}

async function identityChanges(sql: SqlExecutor, ent: string, period: Period): Promise<IdentityChange[]> {
  return sql.query<IdentityChange>(
    `SELECT dev AS device, at, gw AS gateway, previous_fingerprint AS "previousFingerprint", fingerprint,
       previous_source AS "previousSource", source
     FROM identity_changes WHERE ent = $1 AND at >= $2 AND at < $3 ORDER BY at, dev LIMIT 10000`,
    [ent, period.from, period.to],
  );
}

async function nameplates(sql: SqlExecutor, ent: string): Promise<NameplateConfirmation[]> {
  return sql.query<NameplateConfirmation>(
    `SELECT dev AS device, gw AS gateway, serial, fingerprint, confirmed_at AS "confirmedAt"
     FROM nameplate_confirmations WHERE ent = $1 ORDER BY dev, gw LIMIT 10000`,
    [ent],
  );
}

async function fingerprintPeers(
  sql: SqlExecutor,
  devices: readonly DeviceRecord[],
): Promise<FingerprintClaim[]> {
  const prints = [...new Set(devices.flatMap((d) => (d.fingerprint === undefined ? [] : [d.fingerprint])))];
  return currentFingerprintClaims(sql, prints);
}
