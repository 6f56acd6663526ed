import type { BirthBody } from "@onramp/contract";
import { chunked, type SqlExecutor, valuesList } from "./sql-client.js";

/**
 * Records every change of a device's identity fingerprint announced by a birth (issue 14,
 * "identity changes audited like mapping changes"), before the registry row is overwritten. The
 * previous fingerprint is the device id's latest in the enterprise, whichever gateway announced
 * it: a machine swapped under one id behind another gateway is still a swap. A birth that has not
 * read the identity yet (`identity: null`) changes nothing.
 */
export async function logIdentityChanges(tx: SqlExecutor, body: BirthBody, at: number): Promise<void> {
  const announced = body.devices.filter((d) => d.identity !== null);
  if (announced.length === 0) return;
  const ids = announced.map((d) => d.id);
  const logged = await tx.query<{ dev: string; fingerprint: string; source: string }>(
    `SELECT DISTINCT ON (dev) dev, fingerprint, source FROM identity_changes
     WHERE ent = $1 AND dev = ANY($2::text[]) ORDER BY dev, at DESC`,
    [body.ent, ids],
  );
  // Devices known from before this table existed: their registry row holds the last fingerprint.
  const registered = await tx.query<{ dev: string; fingerprint: string; source: string | null }>(
    `SELECT id AS dev, fingerprint, identity_source AS source FROM devices
     WHERE ent = $1 AND gw = $2 AND fingerprint IS NOT NULL`,
    [body.ent, body.gw],
  );
  const before = new Map<string, { fingerprint: string; source: string | null }>();
  for (const row of registered) before.set(row.dev, row);
  for (const row of logged) before.set(row.dev, row);
  const rows = announced.flatMap((d) => {
    const identity = d.identity;
    const old = before.get(d.id);
    if (identity === null || old?.fingerprint === identity.fingerprint) return [];
    return [
      [
        body.ent,
        body.gw,
        d.id,
        at,
        old?.fingerprint ?? null,
        identity.fingerprint,
        old?.source ?? null,
        identity.source,
      ],
    ];
  });
  for (const batch of chunked(rows, 500)) {
    const { sql, params } = valuesList(batch);
    await tx.query(
      `INSERT INTO identity_changes (ent, gw, dev, at, previous_fingerprint, fingerprint, previous_source, source)
       VALUES ${sql}`,
      params,
    );
  }
}

/** A device id of an enterprise with the fingerprint of its latest birth. */
export interface CurrentFingerprint {
  device: string;
  enterprise: string;
  fingerprint: string;
}

/**
 * The registrations (any enterprise) whose *current* fingerprint — the one their latest birth
 * announced, whichever gateway that was — is one of `fingerprints` (INDICATORS §5 uniqueness,
 * issue 14). A device whose machine was replaced, or an old row of a device that moved to another
 * gateway, no longer claims the fingerprint it once had.
 */
export async function currentFingerprintClaims(
  sql: SqlExecutor,
  fingerprints: readonly string[],
  limit = 10_000,
): Promise<CurrentFingerprint[]> {
  if (fingerprints.length === 0) return [];
  return sql.query<CurrentFingerprint>(
    `SELECT device, enterprise, fingerprint FROM (
       SELECT DISTINCT ON (d.ent, d.id) d.id AS device, d.ent AS enterprise, d.fingerprint
       FROM devices d
       JOIN (SELECT DISTINCT ent, id FROM devices WHERE fingerprint = ANY($1::text[])) AS hit
         ON d.ent = hit.ent AND d.id = hit.id
       WHERE d.fingerprint IS NOT NULL
       ORDER BY d.ent, d.id, d.last_birth_at DESC, d.gw
     ) AS current WHERE fingerprint = ANY($1::text[]) ORDER BY enterprise, device LIMIT $2`,
    [fingerprints, limit],
  );
}
