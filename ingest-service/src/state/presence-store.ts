import { type PresenceRow, presenceKey, type Transition } from "./presence-rules.js";
import { chunked, type SqlExecutor, valuesList } from "./sql-client.js";

const COLUMNS = `ent, gw, dev, state, state_since AS "stateSince", cause, first_seen AS "firstSeen", last_seen AS "lastSeen"`;
/** COLUMNS qualified by the alias `p`, for queries that join presence. */
const PRESENCE_COLUMNS = `p.ent, p.gw, p.dev, p.state, p.state_since AS "stateSince", p.cause, p.first_seen AS "firstSeen", p.last_seen AS "lastSeen"`;

/**
 * Locks and loads the presence rows of the given gateways, keyed by `presenceKey`: one statement
 * for the whole batch, rows locked in one stable order (ORDER BY) so committers cannot deadlock.
 */
export async function loadPresence(
  tx: SqlExecutor,
  gateways: readonly { ent: string; gw: string }[],
): Promise<Map<string, PresenceRow>> {
  const rows = new Map<string, PresenceRow>();
  for (const batch of chunked(gateways, 500)) {
    const { sql, params } = valuesList(batch.map(({ ent, gw }) => [ent, gw]));
    const found = await tx.query<PresenceRow>(
      `SELECT ${PRESENCE_COLUMNS} FROM presence p JOIN (VALUES ${sql}) AS v (ent, gw) ON p.ent = v.ent AND p.gw = v.gw
       ORDER BY p.ent, p.gw, p.dev FOR UPDATE OF p`,
      params,
    );
    for (const row of found) rows.set(presenceKey(row.ent, row.gw, row.dev), row);
  }
  return rows;
}

export async function savePresence(
  tx: SqlExecutor,
  rows: readonly PresenceRow[],
  transitions: readonly Transition[],
) {
  for (const batch of chunked(rows, 500)) {
    const { sql, params } = valuesList(
      batch.map((r) => [r.ent, r.gw, r.dev, r.state, r.stateSince, r.cause, r.firstSeen, r.lastSeen]),
    );
    await tx.query(
      `INSERT INTO presence AS p (ent, gw, dev, state, state_since, cause, first_seen, last_seen) VALUES ${sql}
       ON CONFLICT (ent, gw, dev) DO UPDATE SET state = excluded.state, state_since = excluded.state_since,
         cause = excluded.cause, last_seen = GREATEST(p.last_seen, excluded.last_seen)`,
      params,
    );
  }
  for (const batch of chunked(transitions, 500)) {
    const { sql, params } = valuesList(batch.map((t) => [t.ent, t.gw, t.dev, t.at, t.from, t.to, t.cause]));
    await tx.query(
      `INSERT INTO presence_transitions (ent, gw, dev, at, from_state, to_state, cause) VALUES ${sql}`,
      params,
    );
  }
}

export async function readPresence(sql: SqlExecutor, ent: string): Promise<PresenceRow[]> {
  return sql.query<PresenceRow>(`SELECT ${COLUMNS} FROM presence WHERE ent = $1 ORDER BY gw, dev`, [ent]);
}

export async function readTransitions(
  sql: SqlExecutor,
  q: { ent: string; gw: string; dev: string; from: number; to: number },
): Promise<Omit<Transition, "ent" | "gw" | "dev">[]> {
  return sql.query(
    `SELECT at, from_state AS "from", to_state AS "to", cause FROM presence_transitions
     WHERE ent = $1 AND gw = $2 AND dev = $3 AND at >= $4 AND at < $5 ORDER BY at LIMIT 10000`,
    [q.ent, q.gw, q.dev, q.from, q.to],
  );
}
