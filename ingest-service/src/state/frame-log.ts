import { createHash } from "node:crypto";
import type { BirthBody, DeviceSamples } from "@onramp/contract";
import type { FrameDeviceTimes } from "../indicators/index.js";
import { columnsOfSamples, type DeviceColumns, hasSignOfLife } from "../store/sample-columns.js";
import { type AccountedFrame, columnsOfFrame } from "./accounting.js";
import { chunked, type SqlExecutor, valuesList } from "./sql-client.js";

/**
 * Exact bytes are kept for every data frame whose seq is a multiple of this, and for every
 * other kind: about one data frame in ten, enough to sample each hour of a period in an evidence
 * bundle, at a tenth of the storage of keeping them all. Seq-based, so instances agree on it.
 */
export const RAW_DATA_FRAME_EVERY = 10;

export const digestOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64url");

/**
 * A data frame's sample times as the frame log stores them: per device, its earliest sample time
 * `t0` and each signal's times as offsets from it (`dt`), in sample order. An offset has a few
 * digits where an epoch millisecond has 13: a 2,000-sample frame's row takes 6.1 KiB instead of
 * 28.0 for one device polled 40 times, 32.5 instead of 55.3 for 40 devices polled once. The frame
 * log keeps a row for every frame of its retention period, so this is most of the state store's
 * size; at full ingest load no throughput change was measurable (two paired runs, within noise).
 */
interface StoredDeviceTimes {
  dev: string;
  t0: number;
  dt: Record<string, number[]>;
  /**
   * Set (to 1) when none of the device's samples in the frame is good with a value: the frame
   * then is no sign of life for it (INDICATORS §4, last sentence). Absent on rows written before.
   */
  nv?: 1;
}

export function encodeSampleTimes(devices: readonly DeviceSamples[]): string {
  return encodeColumnTimes(devices.map(({ dev, samples }) => ({ dev, columns: columnsOfSamples(samples) })));
}

/**
 * `encodeSampleTimes` from columns: the offsets of a column set's times are made once and shared
 * by its signals (a v2 block's ten signals read at twenty times make one offsets array, not ten
 * lists grown sample by sample). Each signal's times keep the order the v1 form lists them in.
 */
export function encodeColumnTimes(devices: readonly DeviceColumns[]): string {
  const stored = devices.map(({ dev, columns }): StoredDeviceTimes => {
    let t0 = Number.POSITIVE_INFINITY;
    let alive = false;
    for (const c of columns) {
      for (const t of c.times) if (t < t0) t0 = t;
      if (!alive && hasSignOfLife(c)) alive = true;
    }
    if (t0 === Number.POSITIVE_INFINITY) t0 = 0;
    // Times by signal: a Map, so a signal id such as `constructor` never meets a prototype. A
    // column set's offsets are shared by its signals until one needs more: then it gets its own
    // list (in `owned`), which later column sets append to.
    const times = new Map<string, number[]>();
    const owned = new Set<number[]>();
    const append = (s: string, offsets: readonly number[]) => {
      const list = times.get(s);
      if (list === undefined) {
        times.set(s, offsets as number[]);
        return;
      }
      const own = owned.has(list) ? list : [...list];
      for (const offset of offsets) own.push(offset);
      owned.add(own);
      times.set(s, own);
    };
    for (const { signals, times: at } of columns) {
      const offsets = at.map((t) => t - t0);
      // A signal twice in one column set: listed time by time, its times interleave.
      if (at.length > 1 && new Set(signals).size !== signals.length) {
        for (const offset of offsets) for (const s of signals) append(s, [offset]);
      } else {
        for (const s of signals) append(s, offsets);
      }
    }
    const dt: Record<string, number[]> = {};
    for (const [s, list] of times) dt[s] = list;
    return alive ? { dev, t0, dt } : { dev, t0, dt, nv: 1 };
  });
  return JSON.stringify(stored);
}

/** The devices of a stored data frame that sent a sign of life in it (see `nv`). */
export function devicesAliveIn(stored: unknown): string[] {
  return (stored as StoredDeviceTimes[]).filter((d) => d.nv !== 1).map((d) => d.dev);
}

/** The times `encodeSampleTimes` stored, as the replay checks read them (`FrameDeviceTimes`). */
export function decodeSampleTimes(stored: unknown): FrameDeviceTimes[] {
  return (stored as StoredDeviceTimes[]).map(({ dev, t0, dt }) => ({
    dev,
    times: Object.fromEntries(Object.entries(dt).map(([s, offsets]) => [s, offsets.map((d) => t0 + d)])),
  }));
}

/**
 * Logs every verified frame receipt — duplicates included, since a second copy received a day
 * later is what the replay check (INDICATORS §5) looks for — with its digest, the sample times of
 * a data frame or the events of a status frame, and, for a sample of frames, the exact bytes.
 *
 * A data frame's values are not stored again: they live in the telemetry store, and the replay
 * check reads only device, signal and time. Measured on PGlite per 500-sample frame row, full
 * samples cost 1,662 µs as jsonb and 800 µs as json; times grouped by signal as json 148 µs
 * (7.7 KB instead of 29 KB), stored as offsets (`encodeSampleTimes`) fewer bytes still. The column
 * is `json` (migration 004): input is only validated, not converted.
 *
 * The exact bytes go in as base64 text decoded by the server: PGlite hex-encodes a bytea
 * parameter, 4.7 ms per 39 KB row against 1.3 ms for base64 text and `decode(…, 'base64')`.
 */
export async function logFrames(tx: SqlExecutor, frames: readonly AccountedFrame[]): Promise<void> {
  for (const batch of chunked(frames, 200)) {
    const params: unknown[] = [];
    const tuples = batch.map((frame) => {
      const slots = frameLogRow(frame).map((value) => `$${params.push(value)}`);
      // The last column is `raw`, sent as base64 text.
      slots.push(`decode(${slots.pop()}, 'base64')`);
      return `(${slots.join(",")})`;
    });
    await tx.query(
      `INSERT INTO frame_log (ent, gw, kind, sess, seq, ts, received_at, digest, devices, raw) VALUES ${tuples.join(",")}`,
      params,
    );
  }
}

function frameLogRow(frame: AccountedFrame): unknown[] {
  const { body, receivedAt, raw } = frame;
  const bytes = raw ?? Buffer.from(JSON.stringify(body));
  const keepRaw = raw !== undefined && (body.kind !== "data" || body.seq % RAW_DATA_FRAME_EVERY === 0);
  return [
    body.ent,
    body.gw,
    body.kind,
    body.sess,
    body.seq,
    body.ts,
    receivedAt,
    digestOf(bytes),
    body.kind === "data"
      ? encodeColumnTimes(columnsOfFrame({ ...frame, body }))
      : body.kind === "status"
        ? JSON.stringify(body.events)
        : null,
    keepRaw ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64") : null,
  ];
}

/**
 * Records every change of a device's effective-mapping digest announced by a birth, before the
 * registry row is overwritten (INDICATORS §5 "mapping changes"): a remapping that turns a meter
 * into a "CNC" stays visible with its time and gateway.
 */
export async function logMappingChanges(tx: SqlExecutor, body: BirthBody, at: number): Promise<void> {
  const rows = await tx.query<{ id: string; mapping: string | null; class: string; profile: string }>(
    `SELECT id, mapping, class, profile FROM devices WHERE ent = $1 AND gw = $2`,
    [body.ent, body.gw],
  );
  const before = new Map(rows.map((r) => [r.id, r]));
  const changes = body.devices
    .filter((d) => before.get(d.id)?.mapping !== d.mapping || !before.has(d.id))
    .map((d) => {
      const old = before.get(d.id);
      return [
        body.ent,
        body.gw,
        d.id,
        at,
        old?.mapping ?? null,
        d.mapping,
        old?.class ?? null,
        d.class,
        old?.profile ?? null,
        d.profile,
      ];
    });
  for (const batch of chunked(changes, 500)) {
    const { sql, params } = valuesList(batch);
    await tx.query(
      `INSERT INTO mapping_changes (ent, gw, dev, at, previous_hash, hash, previous_class, class,
         previous_profile, profile) VALUES ${sql}`,
      params,
    );
  }
}
