import type { DeviceRelationKind } from "../indicators/inputs.js";
import type { SqlExecutor } from "./sql-client.js";

/** A relation between two devices of one enterprise, as the registry stores it (issue 14). */
export interface StoredRelation {
  ent: string;
  kind: DeviceRelationKind;
  from: string;
  to: string;
  declaredBy: string;
  declaredAt: number;
}

const COLUMNS = `ent, kind, from_dev AS "from", to_dev AS "to", declared_by AS "declaredBy",
  declared_at AS "declaredAt"`;

/** Bigint columns come back as text from some drivers. */
function normalise(row: StoredRelation): StoredRelation {
  return { ...row, declaredAt: Number(row.declaredAt) };
}

/** The declared relations between devices (migration 005). Scope checks are the API's job. */
export class DeviceRelations {
  constructor(private readonly sql: SqlExecutor) {}

  async list(ent: string): Promise<StoredRelation[]> {
    const rows = await this.sql.query<StoredRelation>(
      `SELECT ${COLUMNS} FROM device_relations WHERE ent = $1 ORDER BY kind, from_dev, to_dev`,
      [ent],
    );
    return rows.map(normalise);
  }

  /** Declares a relation; undefined when it was already declared (the first declaration stays). */
  async declare(
    relation: { ent: string; kind: DeviceRelationKind; from: string; to: string },
    declaredBy: string,
    now = Date.now(),
  ): Promise<StoredRelation | undefined> {
    const rows = await this.sql.query<StoredRelation>(
      `INSERT INTO device_relations (ent, kind, from_dev, to_dev, declared_by, declared_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (ent, kind, from_dev, to_dev) DO NOTHING
       RETURNING ${COLUMNS}`,
      [relation.ent, relation.kind, relation.from, relation.to, declaredBy, now],
    );
    return rows[0] === undefined ? undefined : normalise(rows[0]);
  }

  /** Withdraws a relation; false when there was none. */
  async remove(relation: {
    ent: string;
    kind: DeviceRelationKind;
    from: string;
    to: string;
  }): Promise<boolean> {
    const rows = await this.sql.query<{ kind: string }>(
      `DELETE FROM device_relations WHERE ent = $1 AND kind = $2 AND from_dev = $3 AND to_dev = $4 RETURNING kind`,
      [relation.ent, relation.kind, relation.from, relation.to],
    );
    return rows.length > 0;
  }
}
