import { chunked, type SqlExecutor, valuesList } from "./sql-client.js";

export interface FrameRef {
  ent: string;
  gw: string;
  sess: string;
  seq: number;
  receivedAt: number;
  /** A birth's `willSeq`: reserved so a will that never fires is not counted as a gap. */
  willSeq?: number | undefined;
}

export interface DedupeResult {
  /** Keys (`frameKey`) of the frames seen for the first time: the ones to account for. */
  fresh: Set<string>;
  /** Per gateway (`ent\0gw`): change in the number of seq holes, and duplicates dropped. */
  gapDelta: Map<string, number>;
  duplicates: Map<string, number>;
}

export const frameKey = (f: { ent: string; gw: string; sess: string; seq: number }) =>
  `${f.ent}\u0000${f.gw}\u0000${f.sess}\u0000${f.seq}`;
export const gatewayKey = (ent: string, gw: string) => `${ent}\u0000${gw}`;

interface SessionAgg {
  ent: string;
  gw: string;
  sess: string;
  min: number;
  max: number;
  added: number;
  duplicates: number;
  at: number;
}

/**
 * Dedupe on (session, seq) in shared SQL state, so instances splitting one shared subscription
 * agree on what is a duplicate. Gaps per session are `max - min + 1 - distinct seqs`: exact
 * whatever the arrival order, so a late frame filling a hole lowers the count again.
 */
export async function dedupeFrames(tx: SqlExecutor, frames: readonly FrameRef[]): Promise<DedupeResult> {
  const result: DedupeResult = { fresh: new Set(), gapDelta: new Map(), duplicates: new Map() };
  const sessions = new Map<string, SessionAgg>();
  const sessionOf = (f: FrameRef) => {
    const key = `${gatewayKey(f.ent, f.gw)}\u0000${f.sess}`;
    let agg = sessions.get(key);
    if (agg === undefined) {
      agg = {
        ent: f.ent,
        gw: f.gw,
        sess: f.sess,
        min: Infinity,
        max: -Infinity,
        added: 0,
        duplicates: 0,
        at: 0,
      };
      sessions.set(key, agg);
    }
    agg.at = Math.max(agg.at, f.receivedAt);
    return agg;
  };
  const member = (agg: SessionAgg, seq: number) => {
    agg.min = Math.min(agg.min, seq);
    agg.max = Math.max(agg.max, seq);
    agg.added += 1;
  };

  // Two copies in one batch: the second is a duplicate before SQL sees it (ON CONFLICT may not
  // touch one row twice in a statement).
  const unique = new Map<string, FrameRef>();
  for (const frame of frames) {
    const key = frameKey(frame);
    if (unique.has(key)) sessionOf(frame).duplicates += 1;
    else unique.set(key, frame);
  }
  for (const batch of chunked([...unique.values()])) {
    const { sql, params } = valuesList(batch.map((f) => [f.ent, f.gw, f.sess, f.seq, false, f.receivedAt]));
    const rows = await tx.query<{ ent: string; gw: string; sess: string; seq: number; inserted: boolean }>(
      `INSERT INTO frames_seen (ent, gw, sess, seq, reserved, received_at) VALUES ${sql}
       ON CONFLICT (ent, gw, sess, seq) DO UPDATE SET reserved = false, received_at = excluded.received_at
       WHERE frames_seen.reserved
       RETURNING ent, gw, sess, seq, (xmax = 0) AS inserted`,
      params,
    );
    for (const row of rows) {
      const key = frameKey(row);
      result.fresh.add(key);
      // A will whose seq was reserved by its birth is already a member of the session's seqs.
      if (row.inserted) member(sessionOf(unique.get(key) as FrameRef), row.seq);
    }
  }
  for (const [key, frame] of unique) if (!result.fresh.has(key)) sessionOf(frame).duplicates += 1;

  const wills = [...unique.values()].filter((f) => f.willSeq !== undefined && result.fresh.has(frameKey(f)));
  for (const batch of chunked(wills)) {
    const { sql, params } = valuesList(
      batch.map((f) => [f.ent, f.gw, f.sess, f.willSeq, true, f.receivedAt]),
    );
    const rows = await tx.query<{ ent: string; gw: string; sess: string; seq: number }>(
      `INSERT INTO frames_seen (ent, gw, sess, seq, reserved, received_at) VALUES ${sql}
       ON CONFLICT (ent, gw, sess, seq) DO NOTHING RETURNING ent, gw, sess, seq`,
      params,
    );
    for (const row of rows) member(sessionOf({ ...row, receivedAt: 0 }), row.seq);
  }

  await updateSessions(tx, [...sessions.values()], result);
  return result;
}

/**
 * One locking read and one upsert for every session of the batch, whatever their number (a batch
 * of 16 gateways' frames took 32 statements; on PGlite each costs a round through the wasm
 * engine). Rows are locked in one stable order — the SELECT's ORDER BY, the VALUES order of the
 * upsert — so instances committing overlapping batches cannot deadlock.
 */
async function updateSessions(tx: SqlExecutor, aggs: SessionAgg[], result: DedupeResult) {
  aggs.sort((a, b) => a.ent.localeCompare(b.ent) || a.gw.localeCompare(b.gw) || a.sess.localeCompare(b.sess));
  for (const agg of aggs) {
    const gw = gatewayKey(agg.ent, agg.gw);
    result.duplicates.set(gw, (result.duplicates.get(gw) ?? 0) + agg.duplicates);
  }
  const touched = aggs.filter((agg) => agg.added > 0 || agg.duplicates > 0);
  const rows: unknown[][] = [];
  for (const batch of chunked(touched, 500)) {
    const { sql, params } = valuesList(batch.map((agg) => [agg.ent, agg.gw, agg.sess]));
    const found = await tx.query<{
      ent: string;
      gw: string;
      sess: string;
      min: number;
      max: number;
      seqs: number;
    }>(
      `SELECT s.ent, s.gw, s.sess, s.min_seq AS min, s.max_seq AS max, s.seqs FROM sessions s
       JOIN (VALUES ${sql}) AS v (ent, gw, sess) ON s.ent = v.ent AND s.gw = v.gw AND s.sess = v.sess
       ORDER BY s.ent, s.gw, s.sess FOR UPDATE OF s`,
      params,
    );
    const previous = new Map(found.map((row) => [`${gatewayKey(row.ent, row.gw)}\u0000${row.sess}`, row]));
    for (const agg of batch) {
      const gw = gatewayKey(agg.ent, agg.gw);
      const old = previous.get(`${gw}\u0000${agg.sess}`);
      if (old === undefined && agg.added === 0) continue;
      const oldGaps = old === undefined ? 0 : old.max - old.min + 1 - old.seqs;
      const min = Math.min(old?.min ?? Infinity, agg.min);
      const max = Math.max(old?.max ?? -Infinity, agg.max);
      const seqs = (old?.seqs ?? 0) + agg.added;
      result.gapDelta.set(gw, (result.gapDelta.get(gw) ?? 0) + (max - min + 1 - seqs - oldGaps));
      rows.push([agg.ent, agg.gw, agg.sess, min, max, seqs, agg.duplicates, agg.at, agg.at]);
    }
  }
  for (const batch of chunked(rows, 500)) {
    const { sql, params } = valuesList(batch);
    await tx.query(
      `INSERT INTO sessions (ent, gw, sess, min_seq, max_seq, seqs, duplicates, first_seen, last_seen)
       VALUES ${sql}
       ON CONFLICT (ent, gw, sess) DO UPDATE SET min_seq = excluded.min_seq, max_seq = excluded.max_seq,
         seqs = excluded.seqs, duplicates = sessions.duplicates + excluded.duplicates,
         last_seen = GREATEST(sessions.last_seen, excluded.last_seen)`,
      params,
    );
  }
}

/**
 * Read-only pre-check: frames already recorded. Their points need not be written again (a replay
 * flood must not reach InfluxDB); the commit still decides atomically, this only saves work.
 */
export async function findSeen(
  sql: SqlExecutor,
  frames: readonly { ent: string; gw: string; sess: string; seq: number }[],
): Promise<Set<string>> {
  const seen = new Set<string>();
  for (const batch of chunked([...frames])) {
    const { sql: values, params } = valuesList(batch.map((f) => [f.ent, f.gw, f.sess, f.seq]));
    const rows = await sql.query<{ ent: string; gw: string; sess: string; seq: number }>(
      `SELECT s.ent, s.gw, s.sess, s.seq FROM frames_seen s
       JOIN (VALUES ${values}) AS v (ent, gw, sess, seq)
         ON s.ent = v.ent AND s.gw = v.gw AND s.sess = v.sess AND s.seq = v.seq::bigint
       WHERE NOT s.reserved`,
      params,
    );
    for (const row of rows) seen.add(frameKey(row));
  }
  return seen;
}
