import type { BirthBody, DataBody, DataBodyV2, DeathBody, ReplyBody, StatusBody } from "@onramp/contract";
import { type DeviceColumns, deviceColumnsOf, type SampleColumns } from "../store/sample-columns.js";
import { type DedupeResult, dedupeFrames, frameKey, gatewayKey } from "./dedupe.js";
import { logFrames, logMappingChanges } from "./frame-log.js";
import { logIdentityChanges } from "./identity-log.js";
import { hourOf, LedgerBatch } from "./ledger.js";
import { applyPresence, DEFAULT_HEARTBEAT_MS, type PresenceEvent, presenceKey } from "./presence-rules.js";
import { loadPresence, savePresence } from "./presence-store.js";
import { chunked, type SqlClient, type SqlExecutor, valuesList } from "./sql-client.js";

/** Every gateway→cloud body (cmd goes the other way and is never ingested). */
export type GatewayBody = BirthBody | DeathBody | DataBody | StatusBody | ReplyBody;

/** A verified body: a v2 data body stays as signed (its blocks), every other in its v1 form. */
export type VerifiedBody = GatewayBody | DataBodyV2;

export interface AccountedFrame {
  body: VerifiedBody;
  receivedAt: number;
  isSkewed: boolean;
  /** The exact bytes received, for the frame log (evidence bundles). */
  raw?: Uint8Array | undefined;
  /**
   * A data body's samples as columns, when the caller already has them (the pipeline makes them
   * once for the telemetry write); else made from the body when the frame is accounted.
   */
  columns?: readonly DeviceColumns[] | undefined;
}

/** A data frame's devices as columns: the ones the caller made, or made now from the body. */
export function columnsOfFrame(
  frame: AccountedFrame & { body: DataBody | DataBodyV2 },
): readonly DeviceColumns[] {
  return frame.columns ?? deviceColumnsOf(frame.body);
}

/** What a device profile promises: a report per signal at least every heartbeat. */
export interface ProfileExpectation {
  heartbeatMs: number;
  expectedSamplesPerHour: number;
}
export type ProfileCatalog = (profileRef: string) => ProfileExpectation | undefined;

export interface RejectionTally {
  ent: string;
  gw: string;
  hour: number;
  count: number;
}

interface DeviceExpectation {
  heartbeatMs: number | null;
  expected: number | null;
}

/**
 * Records a batch of verified frames in one transaction: dedupe, registry updates from births
 * and deaths, presence, and the hourly ledger. Returns the keys (`frameKey`) of the frames that
 * were new; the others were duplicates and changed nothing but the duplicate counters.
 */
export async function commitFrames(
  sql: SqlClient,
  frames: readonly AccountedFrame[],
  rejections: readonly RejectionTally[],
  catalog: ProfileCatalog,
): Promise<Set<string>> {
  return sql.transaction(async (tx) => {
    const seen = await dedupeFrames(
      tx,
      frames.map(({ body, receivedAt }) => ({
        ent: body.ent,
        gw: body.gw,
        sess: body.sess,
        seq: body.seq,
        receivedAt,
        willSeq: body.kind === "birth" ? body.willSeq : undefined,
      })),
    );
    // First copy of each new frame only: a frame twice in one batch is accounted once.
    const taken = new Set<string>();
    const fresh = frames.filter((f) => {
      const key = frameKey(f.body);
      if (!seen.fresh.has(key) || taken.has(key)) return false;
      taken.add(key);
      return true;
    });
    await logFrames(tx, frames);
    // Births first, so the devices they announce have their expectations for this batch's ledger.
    for (const frame of fresh) {
      if (frame.body.kind === "birth") await recordBirth(tx, frame.body, frame.receivedAt, catalog);
    }
    const gateways = uniqueGateways(frames, rejections);
    const devices = await loadExpectations(tx, gateways);
    const ledger = new LedgerBatch();
    // Then presence events in arrival order: data after a death brings devices back online.
    const events: PresenceEvent[] = [];
    for (const frame of fresh) {
      if (frame.body.kind === "death") await recordDeath(tx, frame.body, frame.receivedAt, events);
      else collect(frame, devices, ledger, events);
    }
    addGatewayRows(ledger, frames, seen, rejections);

    const presence = await loadPresence(tx, gateways);
    const heartbeat = (ent: string, gw: string, dev: string) =>
      devices.get(presenceKey(ent, gw, dev))?.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    const { changed, transitions } = applyPresence(presence, events, heartbeat);
    await savePresence(
      tx,
      [...changed].map((key) => presence.get(key)).filter((r) => r !== undefined),
      transitions,
    );
    await ledger.save(tx);
    return seen.fresh;
  });
}

/**
 * Counts a device's samples of one frame for the ledger, by hour, and returns how many counted.
 * Only good-quality samples with a value count (INDICATORS §4, last sentence): a device sending
 * only `bad` samples with `v: null` is not answering, and must be neither online nor complete.
 * `uncertain` does not count either: OPC UA's Uncertain_LastUsableValue and
 * Uncertain_SubstituteValue (OPC 10000-8 §6.3.2) are a server's held or substituted value while
 * the device itself is unreachable — not evidence that the device answered. The samples are still
 * stored and the frame still counted. Counted by time over the columns: the hour once per time,
 * not per sample, and added once per run of one hour (an add per sample was 2 % of the ingest's
 * CPU at full load); a column set with no quality map skips the quality test.
 */
export function countSamples(
  columns: readonly SampleColumns[],
  add: (hour: number, count: number) => void,
): number {
  let hour = Number.NaN;
  let count = 0;
  let total = 0;
  for (const { signals, times, values, qualities } of columns) {
    for (let k = 0; k < times.length; k++) {
      let alive = 0;
      for (let j = 0; j < signals.length; j++) {
        if ((values[j] as readonly unknown[])[k] === null) continue;
        if (qualities?.has(j * times.length + k)) continue;
        alive += 1;
      }
      if (alive === 0) continue;
      const sampleHour = hourOf(times[k] as number);
      if (sampleHour !== hour) {
        if (count > 0) add(hour, count);
        hour = sampleHour;
        count = 0;
      }
      count += alive;
      total += alive;
    }
  }
  if (count > 0) add(hour, count);
  return total;
}

function collect(
  frame: AccountedFrame,
  devices: Map<string, DeviceExpectation>,
  ledger: LedgerBatch,
  events: PresenceEvent[],
) {
  const { body, receivedAt } = frame;
  if (body.kind === "data") {
    for (const { dev, columns } of columnsOfFrame({ ...frame, body })) {
      const expected = devices.get(presenceKey(body.ent, body.gw, dev))?.expected ?? null;
      ledger.add(body.ent, body.gw, dev, hourOf(body.ts), { frames: 1 }, expected);
      const alive = countSamples(columns, (hour, count) =>
        ledger.add(body.ent, body.gw, dev, hour, { samples: count }, expected),
      );
      if (alive > 0) events.push({ kind: "seen", ent: body.ent, gw: body.gw, dev, at: receivedAt });
    }
    if (body.loss !== undefined) {
      ledger.add(body.ent, body.gw, "", hourOf(receivedAt), {
        lostFrames: body.loss.frames,
        lostSamples: body.loss.samples,
      });
    }
  }
  if (body.kind === "status") {
    for (const event of body.events) {
      if (event.state !== "disconnected") continue;
      const cause = `disconnected:${event.cause?.code ?? "unspecified"}`;
      events.push({
        kind: "device-offline",
        ent: body.ent,
        gw: body.gw,
        dev: event.dev,
        at: Math.min(event.t, receivedAt),
        cause,
      });
    }
  }
}

function addGatewayRows(
  ledger: LedgerBatch,
  frames: readonly AccountedFrame[],
  seen: DedupeResult,
  rejections: readonly RejectionTally[],
) {
  const hours = new Map<string, { ent: string; gw: string; hour: number }>();
  for (const { body, receivedAt, isSkewed } of frames) {
    const hour = hourOf(receivedAt);
    hours.set(gatewayKey(body.ent, body.gw), { ent: body.ent, gw: body.gw, hour });
    if (isSkewed && seen.fresh.has(frameKey(body)))
      ledger.add(body.ent, body.gw, "", hour, { skewedFrames: 1 });
  }
  for (const [key, { ent, gw, hour }] of hours) {
    ledger.add(ent, gw, "", hour, {
      gaps: seen.gapDelta.get(key) ?? 0,
      duplicates: seen.duplicates.get(key) ?? 0,
    });
  }
  for (const r of rejections) ledger.add(r.ent, r.gw, "", r.hour, { rejections: r.count });
}

function uniqueGateways(frames: readonly AccountedFrame[], rejections: readonly RejectionTally[]) {
  const map = new Map<string, { ent: string; gw: string }>();
  for (const { body } of frames) map.set(gatewayKey(body.ent, body.gw), { ent: body.ent, gw: body.gw });
  for (const { ent, gw } of rejections) map.set(gatewayKey(ent, gw), { ent, gw });
  return [...map.values()];
}

/** The registry's expectations for every device of the batch's gateways, in one statement. */
async function loadExpectations(tx: SqlExecutor, gateways: readonly { ent: string; gw: string }[]) {
  const devices = new Map<string, DeviceExpectation>();
  for (const batch of chunked(gateways, 500)) {
    const { sql, params } = valuesList(batch.map(({ ent, gw }) => [ent, gw]));
    const rows = await tx.query<{
      ent: string;
      gw: string;
      id: string;
      heartbeatMs: number | null;
      expected: number | null;
    }>(
      `SELECT d.ent, d.gw, d.id, d.heartbeat_ms AS "heartbeatMs", d.expected_samples_per_hour AS expected
       FROM devices d JOIN (VALUES ${sql}) AS v (ent, gw) ON d.ent = v.ent AND d.gw = v.gw`,
      params,
    );
    for (const row of rows)
      devices.set(presenceKey(row.ent, row.gw, row.id), {
        heartbeatMs: row.heartbeatMs,
        expected: row.expected,
      });
  }
  return devices;
}

async function recordBirth(tx: SqlExecutor, body: BirthBody, at: number, catalog: ProfileCatalog) {
  await logMappingChanges(tx, body, at);
  await logIdentityChanges(tx, body, at);
  await tx.query(
    `UPDATE gateways SET status = 'online', last_session = $3, last_birth_at = $4, agent_version = $5
     WHERE ent = $1 AND id = $2`,
    [body.ent, body.gw, body.sess, at, `${body.agent.name}/${body.agent.version}`],
  );
  for (const batch of chunked(body.devices, 500)) {
    const { sql, params } = valuesList(
      batch.map((d) => {
        const expectation = catalog(d.profile);
        return [
          body.ent,
          body.gw,
          d.id,
          d.profile,
          d.class,
          d.mapping,
          d.identity?.fingerprint ?? null,
          d.identity?.source ?? null,
          certificateThumbprintOf(d.identity?.fields.certificate_sha256),
          expectation?.heartbeatMs ?? null,
          expectation?.expectedSamplesPerHour ?? null,
          at,
          at,
        ];
      }),
    );
    await tx.query(
      `INSERT INTO devices AS d (ent, gw, id, profile, class, mapping, fingerprint, identity_source, certificate_sha256, heartbeat_ms,
         expected_samples_per_hour, first_birth_at, last_birth_at) VALUES ${sql}
       ON CONFLICT (ent, gw, id) DO UPDATE SET profile = excluded.profile, class = excluded.class, mapping = excluded.mapping,
         fingerprint = COALESCE(excluded.fingerprint, d.fingerprint),
         identity_source = COALESCE(excluded.identity_source, d.identity_source),
         certificate_sha256 = COALESCE(excluded.certificate_sha256, d.certificate_sha256),
         heartbeat_ms = excluded.heartbeat_ms, expected_samples_per_hour = excluded.expected_samples_per_hour,
         last_birth_at = GREATEST(d.last_birth_at, excluded.last_birth_at)`,
      params,
    );
  }
  // A birth for equipment the enterprise declared beforehand attaches to that declaration: the
  // announced device takes its key-process and CNC flags (issue 14). Births are rare: one statement.
  await tx.query(
    `UPDATE devices AS d SET key_process = e.key_process, cnc = e.declared_cnc, declared_by = e.declared_by,
       declared_at = e.declared_at
     FROM declared_equipment AS e
     WHERE d.ent = $1 AND d.gw = $2 AND d.declared_at IS NULL AND e.ent = d.ent AND e.id = d.id`,
    [body.ent, body.gw],
  );
}

/** The announced server-certificate thumbprint, kept only when it is one (64 hex digits). */
function certificateThumbprintOf(field: string | undefined): string | null {
  return field !== undefined && /^[0-9a-f]{64}$/i.test(field) ? field.toLowerCase() : null;
}

/**
 * A death counts only for the session it belongs to (contract README, "retained birth and
 * death"): a late or retained death of an earlier session must not take a re-born gateway offline.
 */
async function recordDeath(tx: SqlExecutor, body: DeathBody, at: number, events: PresenceEvent[]) {
  const rows = await tx.query(
    `UPDATE gateways SET status = 'offline' WHERE ent = $1 AND id = $2 AND last_session = $3 RETURNING id`,
    [body.ent, body.gw, body.sess],
  );
  if (rows.length > 0)
    events.push({
      kind: "gateway-offline",
      ent: body.ent,
      gw: body.gw,
      at,
      cause: `gateway-death:${body.reason}`,
    });
}
