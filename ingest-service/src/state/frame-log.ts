import { createHash } from "node:crypto";
import type { BirthBody } from "@onramp/contract";
import type { AccountedFrame } from "./accounting.js";
import { chunked, type SqlExecutor, valuesList } from "./sql-client.js";

/**
 * Exact bytes are kept for every data frame whose seq is a multiple of this, and for every
 * other kind: about one data frame in ten, enough to sample each hour of a period in an evidence
 * bundle, at a tenth of the storage of keeping them all. Seq-based, so instances agree on it.
 */
export const RAW_DATA_FRAME_EVERY = 10;

export const digestOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64url");

/**
 * Logs every verified frame receipt — duplicates included, since a second copy received a day
 * later is what the replay check (INDICATORS §5) looks for — with its digest, its data samples,
 * and, for a sample of frames, the exact bytes received.
 */
export async function logFrames(tx: SqlExecutor, frames: readonly AccountedFrame[]): Promise<void> {
  for (const batch of chunked(frames, 200)) {
    const { sql, params } = valuesList(
      batch.map(({ body, receivedAt, raw }) => {
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
            ? JSON.stringify(body.devices)
            : body.kind === "status"
              ? JSON.stringify(body.events)
              : null,
          keepRaw ? Buffer.from(bytes) : null,
        ];
      }),
    );
    await tx.query(
      `INSERT INTO frame_log (ent, gw, kind, sess, seq, ts, received_at, digest, devices, raw) VALUES ${sql}`,
      params,
    );
  }
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
